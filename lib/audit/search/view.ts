import "server-only";
// Viewing audit search results (page, API): one scoped read through listAuditEntries
// and one data-access row saying what was searched and how many rows came back.
import { recordDataAccess } from "@/lib/audit/write/data-access";
import type { AccessMethod } from "@/lib/generated/prisma/enums";
import type { ServiceContext } from "@/lib/service-context";
import { SearchQueryError } from "./errors";
import { formatQuery, parseQuery, type SearchQuery, type SearchTerm } from "./parse";
import { listAuditEntries, type AuditListRow } from "./query";
import type { AuditListQuery } from "./schemas";

/** The parsed search, or a SearchQueryError (400 invalid_query) that points at the bad term. */
export function parseSearchOrThrow(q: string): SearchQuery {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new SearchQueryError(parsed.error);
  return parsed.ast;
}

/**
 * The spec's list filters as terms of the search language, ANDed onto `q`'s, so the
 * list, the search and the export run one query path.
 */
export function withListFilters(ast: SearchQuery, f: Pick<AuditListQuery, "event_type" | "user_id" | "date_from" | "date_to">): SearchQuery {
  const terms: SearchTerm[] = [...ast.terms];
  if (f.event_type) terms.push({ key: "type", negated: false, values: [f.event_type] });
  if (f.user_id) terms.push({ key: "actor", negated: false, values: [f.user_id.toLowerCase()] });
  if (f.date_from || f.date_to) terms.push({ key: "created", negated: false, range: { from: f.date_from ?? null, to: f.date_to ?? null } });
  return { terms };
}

/** An entry as the API sends it: labels beside ids, time as an ISO instant. */
export function auditRowJson(r: AuditListRow) {
  return { ...r, at: r.at.toISOString() };
}

type ViewOptions = ServiceContext & {
  ast: SearchQuery;
  cursor?: string | null;
  limit: number;
  order: "newest" | "oldest";
  accessMethod?: AccessMethod;
  /** What the viewer asked for, as recorded in the data-access row. */
  criteria?: Record<string, unknown>;
};

export async function viewAuditEntries({ actor, request, ast, cursor, limit, order, accessMethod = "api", criteria }: ViewOptions) {
  const page = await listAuditEntries({ viewer: actor, ast, cursor, limit, order: order === "oldest" ? "asc" : "desc" });
  await recordDataAccess({
    actor, request, accessType: "view", accessMethod, dataCategory: "system_data", dataType: "audit_log",
    recordCount: page.rows.length, sensitivity: "restricted", purpose: "Audit log search",
    searchCriteria: { q: formatQuery(ast), order, limit, ...(cursor ? { cursor } : {}), ...criteria },
  });
  return { data: page.rows.map(auditRowJson), nextCursor: page.nextCursor };
}
