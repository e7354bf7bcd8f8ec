import "server-only";
// A parsed search (parse.ts) as a WHERE condition over audit_logs, always within the
// viewer's reach, and the viewer's masking flag. Every value is a bind parameter; only
// fixed SQL is written here.
import { SENSITIVE_FIELD_PATTERN } from "@/lib/audit/write/rules";
import { can } from "@/lib/access/permissions";
import { REACH, reachLevel, type Viewer } from "@/lib/access/scope";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditCategory, AuditEventType, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import { startOfPktDay } from "@/lib/time";
import { pktWorkingHoursSql } from "@/lib/time-sql";
import { isUuid } from "@/lib/uuid";
import { VIEW_SENSITIVE } from "./masking";
import { addDays, riskLevels, type SearchQuery, type SearchTerm } from "./parse";
import { escapeLike, textTermSql } from "./words";

const or = (parts: Prisma.Sql[]) => (parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " OR ")})`);

/**
 * Whose entries the viewer may read, over audit_logs columns. Team is the viewer's
 * direct reports (lib/access/scope.ts teamMemberWhere: users.manager_id = viewer), as
 * actor or as the person the entry is about; a team reach includes the viewer's own
 * entries when their role also holds the own permission, as peopleInReach does.
 */
export function auditScopeWhere(viewer: Viewer): Prisma.Sql {
  const level = reachLevel(viewer, REACH.audit);
  const own = Prisma.sql`(user_id = ${viewer.id}::uuid OR subject_user_id = ${viewer.id}::uuid)`;
  switch (level) {
    case "all":
      return Prisma.sql`TRUE`;
    case "own":
      return own;
    case "team": {
      // An initplan array, so each side can use its (user, time) index.
      const team = Prisma.sql`ARRAY(SELECT u.id FROM users u WHERE u.manager_id = ${viewer.id}::uuid)`;
      const members = Prisma.sql`(user_id = ANY(${team}) OR subject_user_id = ANY(${team}))`;
      return can(viewer.role, REACH.audit.own) ? Prisma.sql`(${own} OR ${members})` : members;
    }
    default:
      return Prisma.sql`FALSE`;
  }
}

function enumIn(column: string, type: string, values: Array<AuditCategory | AuditEventType | AuditOutcome | RiskLevel>): Prisma.Sql {
  // Column and type names are fixed strings from this file, never input.
  return Prisma.sql`${Prisma.raw(column)} = ANY(CAST(${values} AS ${Prisma.raw(`"${type}"[]`)}))`;
}

function termSql(term: SearchTerm): Prisma.Sql {
  switch (term.key) {
    case "action":
      return or(term.values.map((a) => (a.prefix ? Prisma.sql`action_type LIKE ${`${escapeLike(a.value)}%`} ESCAPE '\\'` : Prisma.sql`action_type = ${a.value}`)));
    case "actor":
      // An id, an email (has @) or a whole name, matched as recorded at the time (the
      // snapshot), ignoring case; a renamed person is still found by their old name.
      return or(
        term.values.map((v) => {
          if (isUuid(v)) return Prisma.sql`user_id = ${v.toLowerCase()}::uuid`;
          if (v.includes("@")) return Prisma.sql`lower(user_email) = lower(${v})`;
          return Prisma.sql`lower(user_name) = lower(${v})`;
        }),
      );
    case "entity":
      return Prisma.sql`object_type = ANY(${term.values})`;
    case "entity_id":
      return Prisma.sql`object_id = ANY(${term.values})`;
    case "category":
      return enumIn("event_category", "AuditCategory", term.values);
    case "type":
      return enumIn("event_type", "AuditEventType", term.values);
    case "status":
      return enumIn("status", "AuditOutcome", term.values);
    case "risk":
      return enumIn("risk_level", "RiskLevel", riskLevels(term.risk));
    case "ip":
      // ip_address is free text (whatever the request carried); a value that is not an
      // address matches no block instead of failing the cast. NULL falls to ELSE.
      return or(term.values.map((v) => Prisma.sql`(CASE WHEN pg_input_is_valid(ip_address, 'inet') THEN ip_address::inet <<= ${v}::inet ELSE false END)`));
    case "created": {
      const parts: Prisma.Sql[] = [];
      if (term.range.from) parts.push(Prisma.sql`event_timestamp >= ${startOfPktDay(term.range.from)}`);
      const end = term.range.to ? endOfPktDay(term.range.to) : null;
      if (end) parts.push(Prisma.sql`event_timestamp < ${end}`);
      return parts.length ? Prisma.sql`(${Prisma.join(parts, " AND ")})` : Prisma.sql`TRUE`;
    }
    case "hours": {
      // Both values together match every entry; event_timestamp is never NULL.
      const working = pktWorkingHoursSql(Prisma.raw("event_timestamp"));
      if (term.values.length === 2) return Prisma.sql`TRUE`;
      return term.values[0] === "working" ? working : Prisma.sql`NOT ${working}`;
    }
    case "text":
      return textTermSql(term.value);
  }
}

/**
 * The instant the PKT day after `day` starts: where a range ending with `day` stops.
 * Null after the calendar's last day (9999-12-31), which has no day after it and no
 * entry beyond it, so such an end bounds nothing.
 */
export function endOfPktDay(day: string): Date | null {
  const end = startOfPktDay(addDays(day, 1));
  return Number.isNaN(end.getTime()) ? null : end;
}

/**
 * A search as a WHERE condition over audit_logs columns (unqualified: use it where
 * audit_logs is the only table in scope), ANDed with the viewer's reach.
 */
export function searchWhere(ast: SearchQuery, viewer: Viewer): Prisma.Sql {
  const parts = [auditScopeWhere(viewer)];
  for (const term of ast.terms) {
    const sql = termSql(term);
    // NOT over a condition that can be NULL would drop the row; every term above is
    // NULL-safe (nullable columns are compared through CASE or = on a NULL-free side).
    parts.push(term.negated ? Prisma.sql`NOT coalesce(${sql}, false)` : sql);
  }
  return Prisma.join(parts, " AND ");
}

/**
 * masking.ts's mustMask in SQL, over the paged row `a`: whether this viewer reads the
 * entry's values masked. Rows carry no values, only this flag, so the list, the API and
 * the export say which entries will open masked. Constant for a viewer who may see
 * sensitive values, so their reads (the auditor's export) pay nothing for it.
 */
export function maskedSql(viewer: Viewer): Prisma.Sql {
  if (can(viewer.role, VIEW_SENSITIVE)) return Prisma.sql`false`;
  const keys = (column: string) =>
    Prisma.sql`EXISTS (SELECT 1 FROM jsonb_object_keys(CASE WHEN jsonb_typeof(${Prisma.raw(column)}) = 'object' THEN ${Prisma.raw(column)} ELSE '{}'::jsonb END) k WHERE k ~* ${SENSITIVE_FIELD_PATTERN})`;
  return Prisma.sql`(a.is_sensitive OR ${keys("a.old_values")} OR ${keys("a.new_values")} OR ${keys("a.additional_data")})`;
}
