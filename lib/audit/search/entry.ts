import "server-only";
// One audit entry in full, and the history of the record it is about, both within the
// viewer's reach (searchWhere's scope): an entry outside it is not found, and a history
// leaves out entries the viewer may not read.
import { recordDataAccess, type DataAccessReader } from "@/lib/audit/write/data-access";
import { CONTENT_HASH_SQL } from "@/lib/audit/integrity/canonical";
import type { RequestContext } from "@/lib/service-context";
import { isUuid } from "@/lib/uuid";
import type { AccessMethod } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditCategory, AuditEventType, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import { rebuildHistory, type HistoryStep } from "./history";
import { valuesFor } from "./masking";
import { entryHead } from "./query";
import { auditScopeWhere } from "./where";
import { effectiveRetentionSql } from "@/lib/audit/write/retention-policy";

/** A record touched more often than this shows its newest entries, and says so. */
export const MAX_HISTORY = 500;

export type AuditEntryDetail = {
  id: string;
  at: Date;
  eventType: AuditEventType;
  category: AuditCategory;
  action: string;
  description: string;
  module: string;
  actor: { id: string | null; name: string; email: string; role: string; department: string; currentName: string | null };
  sessionRef: string;
  request: { ip: string | null; userAgent: string; method: string; path: string; responseStatus: number | null };
  entity: { type: string; id: string; name: string };
  subject: { id: string; name: string } | null;
  oldValues: unknown;
  newValues: unknown;
  changedFields: unknown;
  risk: RiskLevel;
  sensitive: boolean;
  /** Values masked for this viewer on read (masking.ts), beyond what the writer masked. */
  masked: boolean;
  compliance: boolean;
  status: AuditOutcome;
  errorMessage: string;
  errorCode: string;
  additionalData: unknown;
  tags: unknown;
  retentionMonths: number;
  /** How long it is kept now: the longer of retentionMonths and its category's policy. */
  keptMonths: number;
  chain: { id: number; position: bigint; contentMatches: boolean };
};

export type HistoryEntry = {
  id: string;
  at: Date;
  eventType: AuditEventType;
  action: string;
  description: string;
  actorName: string;
  status: AuditOutcome;
  oldValues: unknown;
  newValues: unknown;
  changedFields: unknown;
  masked: boolean;
};

export type EntityHistory = { steps: Array<HistoryStep<HistoryEntry>>; truncated: boolean };

type HistoryRow = Pick<RawEntry, "id" | "event_timestamp" | "event_type" | "action_type" | "action_description" | "user_name" | "status" | "old_values" | "new_values" | "changed_fields" | "is_sensitive">;

type RawEntry = {
  id: string; event_timestamp: Date; event_type: AuditEventType; event_category: AuditCategory; action_type: string;
  action_description: string; module_name: string; user_id: string | null; user_name: string; user_email: string; user_role: string;
  user_department: string; actor_now: string | null; session_id: string; ip_address: string | null; user_agent: string;
  request_method: string; request_path: string; response_status: number | null; object_type: string; object_id: string;
  object_name: string; subject_user_id: string | null; subject_name: string | null; old_values: unknown; new_values: unknown;
  changed_fields: unknown; risk_level: RiskLevel; is_sensitive: boolean; is_compliance_related: boolean; status: AuditOutcome;
  error_message: string; error_code: string; additional_data: unknown; tags: unknown; retention_months: number; kept_months: number;
  chain_id: number; chain_seq: bigint; content_matches: boolean;
};

type EntryOptions = {
  viewer: DataAccessReader;
  request: RequestContext;
  id: string;
  /** How it was opened: the page ("ui", the default) or the JSON API ("api"). */
  accessMethod?: AccessMethod;
};

/**
 * The entry with every stored field, whether its content hash still matches the row
 * (recomputed by PostgreSQL), and the record's history; null when it does not exist or
 * is outside the viewer's reach. Opening an entry is logged.
 */
export async function getAuditEntry({ viewer, request, id, accessMethod = "ui" }: EntryOptions): Promise<{ entry: AuditEntryDetail; history: EntityHistory } | null> {
  if (!isUuid(id)) return null;
  const rows = await db.$queryRaw<RawEntry[]>`
    SELECT a.id::text AS id, a.event_timestamp, a.event_type, a.event_category, a.action_type, a.action_description, a.module_name,
           a.user_id::text AS user_id, a.user_name, a.user_email, a.user_role, a.user_department, actor.name AS actor_now,
           a.session_id, a.ip_address, a.user_agent, a.request_method, a.request_path, a.response_status,
           a.object_type, a.object_id, a.object_name, a.subject_user_id::text AS subject_user_id, subject.name AS subject_name,
           a.old_values, a.new_values, a.changed_fields, a.risk_level, a.is_sensitive, a.is_compliance_related, a.status,
           a.error_message, a.error_code, a.additional_data, a.tags, a.retention_months, ${Prisma.raw(effectiveRetentionSql("a"))} AS kept_months,
           a.chain_id, a.chain_seq, a.content_matches
    FROM (
      SELECT *, content_hash = ${Prisma.raw(CONTENT_HASH_SQL)} AS content_matches
      FROM audit_logs WHERE id = ${id.toLowerCase()}::uuid AND ${auditScopeWhere(viewer)}
    ) a
    LEFT JOIN users actor ON actor.id = a.user_id
    LEFT JOIN users subject ON subject.id = a.subject_user_id`;
  const r = rows[0];
  if (!r) return null;
  const entry = valuesFor(viewer, r.is_sensitive, toDetail(r));
  const history = r.object_id ? await entityHistory(viewer, r.object_type, r.object_id) : { steps: rebuildHistory([toHistory(viewer, r)]), truncated: false };
  await recordDataAccess({
    actor: viewer,
    request,
    accessType: "view",
    accessMethod,
    dataCategory: "system_data",
    dataType: "audit_log_entry",
    recordCount: 1 + history.steps.length,
    dataFields: ["old_values", "new_values", "additional_data"],
    sensitivity: entry.sensitive ? "restricted" : "confidential",
    purpose: "Audit entry and record history",
    searchCriteria: { entry: entry.id, entity: entry.entity.type },
    auditLogId: entry.id,
  });
  return { entry, history };
}

/** Every entry about one record the viewer may read, oldest first, with the state after each. */
export async function entityHistory(viewer: DataAccessReader, objectType: string, objectId: string): Promise<EntityHistory> {
  const raw = await db.$queryRaw<HistoryRow[]>`
    SELECT * FROM (
      SELECT id::text AS id, event_timestamp, event_type, action_type, action_description, user_name, status,
             old_values, new_values, changed_fields, is_sensitive, chain_id, chain_seq
      FROM audit_logs
      WHERE object_type = ${objectType} AND object_id = ${objectId} AND ${auditScopeWhere(viewer)}
      ORDER BY event_timestamp DESC, chain_id DESC, chain_seq DESC
      LIMIT ${MAX_HISTORY + 1}
    ) h ORDER BY event_timestamp ASC, chain_id ASC, chain_seq ASC`;
  const truncated = raw.length > MAX_HISTORY;
  const rows = truncated ? raw.slice(1) : raw;
  // Each step masked on its own: one sensitive entry does not hide the rest of the record.
  return { steps: rebuildHistory(rows.map((r) => toHistory(viewer, r))), truncated };
}

function toHistory(viewer: DataAccessReader, r: HistoryRow): HistoryEntry {
  return valuesFor(viewer, r.is_sensitive, {
    id: r.id,
    at: r.event_timestamp,
    eventType: r.event_type,
    action: r.action_type,
    description: r.action_description,
    actorName: r.user_name,
    status: r.status,
    oldValues: r.old_values,
    newValues: r.new_values,
    changedFields: r.changed_fields,
  });
}

function toDetail(r: RawEntry): Omit<AuditEntryDetail, "masked"> {
  return {
    ...entryHead(r),
    actor: { id: r.user_id, name: r.user_name, email: r.user_email, role: r.user_role, department: r.user_department, currentName: r.actor_now },
    // session_id holds the session reference the writer stored (sessionRef), never the raw id.
    sessionRef: r.session_id,
    request: { ip: r.ip_address, userAgent: r.user_agent, method: r.request_method, path: r.request_path, responseStatus: r.response_status },
    oldValues: r.old_values,
    newValues: r.new_values,
    changedFields: r.changed_fields,
    risk: r.risk_level,
    sensitive: r.is_sensitive,
    compliance: r.is_compliance_related,
    status: r.status,
    errorMessage: r.error_message,
    errorCode: r.error_code,
    additionalData: r.additional_data,
    tags: r.tags,
    retentionMonths: r.retention_months,
    keptMonths: r.kept_months,
    chain: { id: r.chain_id, position: r.chain_seq, contentMatches: r.content_matches },
  };
}
