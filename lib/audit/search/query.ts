import "server-only";
// The audit list: one keyset page of the viewer's search (where.ts), through the
// free-text planner when the search has words (free-text.ts), with actor and subject
// names resolved for that page only. The page, the API and the export share it.
import { CUSTOM_PLAN, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditCategory, AuditEventType, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import type { Viewer } from "@/lib/access/scope";
import { defineCursor, keyPart, parseInOrder, type SortOrder } from "@/lib/pagination/cursor";
import { keysetPage, keysetSql } from "@/lib/pagination/keyset";
import { freeTextRows, INDEX_FIRST_ROWS, TEXT_PROBE_ROWS } from "./free-text";
import type { SearchQuery } from "./parse";
import { maskedSql, searchWhere } from "./where";

export const MAX_AUDIT_PAGE = 200;

/** The search's cursor: the last row's (event_timestamp, id) and the order it was read in. */
export const auditCursor = defineCursor("audit", { at: keyPart.time, id: keyPart.id, order: keyPart.order });

export type AuditListOptions = {
  viewer: Viewer;
  ast: SearchQuery;
  /** From a previous page's nextCursor; it carries its order. */
  cursor?: string | null;
  /** Rows per page, 1–200 (default 50). */
  limit?: number;
  /** Newest first (default) or oldest first. */
  order?: SortOrder;
  /** How many newest candidates a free-text search looks through before the index (tests lower it; 0 goes to the index at once). */
  textProbeRows?: number;
  /** Free text expected to match at most this many entries goes to the index first (tests: -1 always probes first). */
  indexFirstRows?: number;
};

export type AuditListRow = {
  id: string;
  at: Date;
  eventType: AuditEventType;
  category: AuditCategory;
  action: string;
  description: string;
  module: string;
  actor: { id: string | null; name: string; email: string; role: string };
  entity: { type: string; id: string; name: string };
  subject: { id: string; name: string } | null;
  risk: RiskLevel;
  status: AuditOutcome;
  ip: string | null;
  sensitive: boolean;
  /** This viewer reads the entry's values masked (masking.ts). */
  masked: boolean;
};

export type AuditListPage = { rows: AuditListRow[]; nextCursor: string | null };

/** An audit_logs row with its actor's and subject's names, as the list reads it. */
export type RawRow = {
  id: string;
  event_timestamp: Date;
  event_type: AuditEventType;
  event_category: AuditCategory;
  action_type: string;
  action_description: string;
  module_name: string;
  user_id: string | null;
  actor_name: string;
  user_email: string;
  user_role: string;
  object_type: string;
  object_id: string;
  object_name: string;
  subject_user_id: string | null;
  subject_name: string | null;
  risk_level: RiskLevel;
  status: AuditOutcome;
  ip_address: string | null;
  is_sensitive: boolean;
  masked: boolean;
};

/**
 * One page of the viewer's search results, keyset-paginated on (event_timestamp, id):
 * no OFFSET and no count, so page 1,000 costs what page 1 costs.
 */
export async function listAuditEntries({ viewer, ast, cursor, limit = 50, order, textProbeRows = TEXT_PROBE_ROWS, indexFirstRows = INDEX_FIRST_ROWS }: AuditListOptions): Promise<AuditListPage> {
  const after = parseInOrder(auditCursor, cursor, order);
  const dir: SortOrder = after?.order ?? order ?? "desc";
  const take = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 50), 1), MAX_AUDIT_PAGE);

  const position = after ? keysetSql(dir, ["event_timestamp", "id"], [Prisma.sql`${after.at}::timestamptz`, Prisma.sql`${after.id}::uuid`]) : Prisma.sql`TRUE`;
  const orderBy = dir === "desc" ? Prisma.sql`event_timestamp DESC, id DESC` : Prisma.sql`event_timestamp ASC, id ASC`;
  const page = (from: Prisma.Sql) => pageWithLabels(viewer, from, dir, planMarkFor(ast));

  const text = ast.terms.filter((t) => t.key === "text" && !t.negated);
  if (text.length > 0) {
    return pageResult(await freeTextRows({ viewer, ast, text, position, orderBy, dir, take, textProbeRows, indexFirstRows }, page), take, dir);
  }
  return pageResult(await page(Prisma.sql`SELECT * FROM audit_logs WHERE ${searchWhere(ast, viewer)} AND ${position} ORDER BY ${orderBy} LIMIT ${take + 1}`), take, dir);
}

function pageResult(raw: RawRow[], take: number, dir: SortOrder): AuditListPage {
  const page = keysetPage(raw, take, (last) => auditCursor.encode({ at: last.event_timestamp, id: last.id, order: dir }));
  return { rows: page.rows.map(toRow), nextCursor: page.next };
}

/**
 * CUSTOM_PLAN (lib/db.ts) for a search whose best plan depends on its values: an
 * action prefix's index range, how many entries a word matches. Other searches
 * (equalities, ranges) keep their cached plans and skip planning 24 partitions anew.
 */
export function planMarkFor(ast: SearchQuery): Prisma.Sql {
  const dependsOnValues = ast.terms.some((t) => t.key === "text" || (t.key === "action" && t.values.some((v) => v.prefix)));
  return dependsOnValues ? CUSTOM_PLAN : Prisma.empty;
}

/** The rows of `from` (a page of audit_logs rows, in order), with actor and subject names resolved. */
async function pageWithLabels(viewer: Viewer, from: Prisma.Sql, dir: SortOrder, mark: Prisma.Sql): Promise<RawRow[]> {
  // Page first, then resolve labels for that page only.
  return db.$queryRaw<RawRow[]>`${mark}
    SELECT a.id::text AS id, a.event_timestamp, a.event_type, a.event_category, a.action_type, a.action_description, a.module_name,
           a.user_id::text AS user_id, coalesce(nullif(a.user_name, ''), actor.name, '') AS actor_name, a.user_email, a.user_role,
           a.object_type, a.object_id, a.object_name, a.subject_user_id::text AS subject_user_id, subject.name AS subject_name,
           a.risk_level, a.status, a.ip_address, a.is_sensitive, ${maskedSql(viewer)} AS masked
    FROM (${from}) a
    LEFT JOIN users actor ON actor.id = a.user_id
    LEFT JOIN users subject ON subject.id = a.subject_user_id
    ORDER BY ${dir === "desc" ? Prisma.sql`a.event_timestamp DESC, a.id DESC` : Prisma.sql`a.event_timestamp ASC, a.id ASC`}`;
}

type HeadColumns = Pick<RawRow, "id" | "event_timestamp" | "event_type" | "event_category" | "action_type" | "action_description" | "module_name" | "object_type" | "object_id" | "object_name" | "subject_user_id" | "subject_name">;

/** What every view of an entry (the list's row, the entry page) says first, from audit_logs' columns. */
export function entryHead(r: HeadColumns) {
  return {
    id: r.id,
    at: r.event_timestamp,
    eventType: r.event_type,
    category: r.event_category,
    action: r.action_type,
    description: r.action_description,
    module: r.module_name,
    entity: { type: r.object_type, id: r.object_id, name: r.object_name },
    // The subject's account may be gone; the entry still names whom it was about.
    subject: r.subject_user_id ? { id: r.subject_user_id, name: r.subject_name ?? "a former user" } : null,
  };
}

/** A labelled row as the list, the API and the live tail send it. */
export function toRow(r: RawRow): AuditListRow {
  return {
    ...entryHead(r),
    actor: { id: r.user_id, name: r.actor_name, email: r.user_email, role: r.user_role },
    risk: r.risk_level,
    status: r.status,
    ip: r.ip_address,
    sensitive: r.is_sensitive,
    masked: r.masked,
  };
}
