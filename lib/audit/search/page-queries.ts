import "server-only";
// The audit search page's one read: URL params in, one page of the viewer's results
// out, with Newer/Older cursor links both ways and one data-access row per view.
import { recordDataAccess, type DataAccessReader } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";
import type { SortOrder } from "@/lib/pagination/cursor";
import { INVALID_CURSOR_NOTICE } from "@/lib/pagination/list-page";
import { parseQuery, type SearchError } from "./parse";
import { auditCursor, listAuditEntries, type AuditListRow } from "./query";
import { firstParam as first } from "@/lib/search-params";

export const AUDIT_PAGE_SIZE = 50;

export type AuditSearchParams = { q?: string; order?: string; cursor?: string };

export type AuditSearchView = {
  q: string;
  order: SortOrder;
  rows: AuditListRow[];
  /** Cursors for the page before and after this one in the view's order (null: none). */
  newer: string | null;
  older: string | null;
  /** The search did not parse: shown inline, nothing was read. */
  error: SearchError | null;
  /** The URL's cursor was not one of this list's (edited, cut short, too old): the first page is shown. */
  notice: string | null;
};


/** Reads `q`, `order` and `cursor` as the page's URL carries them. */
export function readSearchParams(raw: Record<string, string | string[] | undefined>): AuditSearchParams {
  return { q: first(raw.q), order: first(raw.order), cursor: first(raw.cursor) };
}

type Options = { viewer: DataAccessReader; request: RequestContext; params: AuditSearchParams; limit?: number };

/**
 * A cursor in the view's order pages forward (older when newest first); one in the
 * other order pages back, read the other way and shown reversed. listAuditEntries
 * only pages forward from a cursor, so both directions are the same keyset read.
 */
export async function searchAuditPage({ viewer, request, params, limit = AUDIT_PAGE_SIZE }: Options): Promise<AuditSearchView> {
  const q = (params.q ?? "").trim();
  const order: SortOrder = params.order === "asc" ? "asc" : "desc";
  const other: SortOrder = order === "desc" ? "asc" : "desc";
  const empty = { q, order, rows: [], newer: null, older: null, error: null, notice: null };
  const parsed = parseQuery(q);
  if (!parsed.ok) return { ...empty, error: parsed.error };

  // A link that is not a cursor of this list shows the first page and says so.
  const decoded = params.cursor ? auditCursor.decode(params.cursor) : null;
  const cursor = decoded?.ok ? decoded.key : null;
  const notice = decoded && !decoded.ok ? INVALID_CURSOR_NOTICE : null;
  const backwards = cursor !== null && cursor.order !== order;
  const page = await listAuditEntries({ viewer, ast: parsed.ast, cursor: cursor ? params.cursor : null, limit, order: cursor?.order ?? order });
  const rows = backwards ? [...page.rows].reverse() : page.rows;
  const more = page.nextCursor;
  const head = rows[0];
  const tail = rows.at(-1);
  const toward = (row: AuditListRow | undefined, o: SortOrder) => (row ? auditCursor.encode({ at: row.at, id: row.id, order: o }) : null);
  // Forward: more ahead if the read found more; behind us if we came by a cursor.
  // Backward: more behind if the read found more; ahead of us, always (we came from there).
  const ahead = backwards ? toward(tail, order) : more;
  const behind = backwards ? (more ? toward(head, other) : null) : cursor ? toward(head, other) : null;

  await recordDataAccess({
    actor: viewer,
    request,
    accessType: "view",
    dataCategory: "system_data",
    dataType: "audit_log_search",
    recordCount: rows.length,
    sensitivity: "confidential",
    purpose: "Audit log search",
    searchCriteria: { q: parsed.ok ? q : "", order, page: cursor ? (backwards ? "back" : "forward") : "first" },
  });

  // In newest-first order "ahead" is older; oldest-first flips the words.
  return order === "desc"
    ? { q, order, rows, newer: behind, older: ahead, error: null, notice }
    : { q, order, rows, newer: ahead, older: behind, error: null, notice };
}
