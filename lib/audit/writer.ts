import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { contentHashOfTexts, HASHED_COLUMNS, jsonbText, stripNul, toPlainJson, type HashedColumn } from "./canonical";
import { diffSnapshots, isComplianceAction, riskLevelFor } from "./rules";
import { auditEntryInputSchema, MAX_ENTRY_BYTES, type AuditEntryInput } from "./schemas";
import { uuidv7 } from "./uuid";

/** Independent hash chains; a writer locks only the head of the one it appends to. */
export const AUDIT_CHAIN_COUNT = 16;

export class AuditValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditValidationError";
  }
}

/** An entry's stored values, before the database adds its id, time and chain position. */
export type PreparedRow = {
  eventType: string;
  eventCategory: string;
  actionType: string;
  actionDescription: string;
  moduleName: string;
  userId: string | null;
  userName: string;
  userEmail: string;
  userRole: string;
  userDepartment: string;
  sessionId: string;
  ipAddress: string | null;
  userAgent: string;
  objectType: string;
  objectId: string;
  objectName: string;
  subjectUserId: string | null;
  oldValues: unknown;
  newValues: unknown;
  changedFields: unknown;
  requestMethod: string;
  requestPath: string;
  responseStatus: number | null;
  riskLevel: string;
  isSensitive: boolean;
  isComplianceRelated: boolean;
  status: string;
  errorMessage: string;
  errorCode: string;
  additionalData: unknown;
  tags: unknown;
  retentionMonths: number;
};

const MODULE_BY_CATEGORY: Record<string, string> = {
  user_management: "people",
  time_attendance: "attendance",
  governance: "approvals",
  security: "auth",
  announcements: "announcements",
  alerts: "alerts",
  compliance: "audit",
  call_recordings: "call_recordings",
};

/** Validates, diffs, masks and flattens one entry into its stored columns. */
export function prepareAuditRow(input: AuditEntryInput): PreparedRow {
  const parsed = auditEntryInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AuditValidationError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const e = parsed.data;
  const before = (toPlainJson(e.before ?? null) as Record<string, unknown> | null) ?? null;
  const after = (toPlainJson(e.after ?? null) as Record<string, unknown> | null) ?? null;
  const diff = diffSnapshots(before, after);
  const s = (v: string | null | undefined) => stripNul(v ?? "");
  const row: PreparedRow = {
    eventType: e.eventType,
    eventCategory: e.category,
    actionType: e.actionType,
    actionDescription: s(e.description),
    moduleName: e.module ?? MODULE_BY_CATEGORY[e.category] ?? e.category,
    userId: e.actor.id,
    userName: s(e.actor.name),
    userEmail: s(e.actor.email),
    userRole: s(e.actor.role),
    userDepartment: s(e.actor.department),
    sessionId: s(e.context?.sessionId),
    ipAddress: e.context?.ip ? stripNul(e.context.ip) : null,
    userAgent: s(e.context?.userAgent),
    objectType: e.object.type,
    objectId: s(e.object.id),
    objectName: s(e.object.name),
    subjectUserId: e.subjectUserId ?? null,
    oldValues: diff.oldValues,
    newValues: diff.newValues,
    changedFields: diff.changedFields,
    requestMethod: s(e.context?.method),
    requestPath: s(e.context?.path),
    responseStatus: e.responseStatus ?? null,
    riskLevel: e.riskLevel ?? riskLevelFor(e.actionType, diff.hadSensitive),
    isSensitive: e.isSensitive ?? diff.hadSensitive,
    isComplianceRelated: e.isComplianceRelated ?? isComplianceAction(e.actionType),
    status: e.status ?? "success",
    errorMessage: s(e.errorMessage),
    errorCode: s(e.errorCode),
    additionalData: toPlainJson(e.additionalData ?? {}),
    tags: e.tags ?? [],
    retentionMonths: e.retentionMonths ?? 84,
  };
  const size = Buffer.byteLength(JSON.stringify(row));
  if (size > MAX_ENTRY_BYTES) {
    throw new AuditValidationError(`Audit entry is ${size} bytes; the limit is ${MAX_ENTRY_BYTES} bytes (10 MB)`);
  }
  return row;
}

const CASTS: Record<HashedColumn, string> = {
  id: "uuid", event_type: '"AuditEventType"', event_category: '"AuditCategory"', action_type: "text",
  action_description: "text", module_name: "text", user_id: "uuid", user_name: "text", user_email: "text",
  user_role: "text", user_department: "text", session_id: "text", ip_address: "text", user_agent: "text",
  object_type: "text", object_id: "text", object_name: "text", subject_user_id: "uuid", old_values: "jsonb",
  new_values: "jsonb", changed_fields: "jsonb", request_method: "text", request_path: "text",
  response_status: "int", risk_level: '"RiskLevel"', is_sensitive: "boolean", is_compliance_related: "boolean",
  status: '"AuditOutcome"', error_message: "text", error_code: "text", additional_data: "jsonb", tags: "jsonb",
  retention_months: "int",
};

/** Each hashed column as the exact text its type's output function prints once it is stored. */
export function columnTexts(row: PreparedRow & { id: string }): Array<string | null> {
  const byColumn: Record<HashedColumn, string | null> = {
    id: row.id.toLowerCase(),
    event_type: row.eventType,
    event_category: row.eventCategory,
    action_type: row.actionType,
    action_description: row.actionDescription,
    module_name: row.moduleName,
    user_id: row.userId?.toLowerCase() ?? null,
    user_name: row.userName,
    user_email: row.userEmail,
    user_role: row.userRole,
    user_department: row.userDepartment,
    session_id: row.sessionId,
    ip_address: row.ipAddress,
    user_agent: row.userAgent,
    object_type: row.objectType,
    object_id: row.objectId,
    object_name: row.objectName,
    subject_user_id: row.subjectUserId?.toLowerCase() ?? null,
    old_values: jsonbText(row.oldValues),
    new_values: jsonbText(row.newValues),
    changed_fields: jsonbText(row.changedFields),
    request_method: row.requestMethod,
    request_path: row.requestPath,
    response_status: row.responseStatus === null ? null : String(row.responseStatus),
    risk_level: row.riskLevel,
    is_sensitive: row.isSensitive ? "t" : "f",
    is_compliance_related: row.isComplianceRelated ? "t" : "f",
    status: row.status,
    error_message: row.errorMessage,
    error_code: row.errorCode,
    additional_data: jsonbText(row.additionalData),
    tags: jsonbText(row.tags),
    retention_months: String(row.retentionMonths),
  };
  return HASHED_COLUMNS.map((c) => byColumn[c]);
}

export type WrittenAuditEntry = { id: string; eventTimestamp: Date; chainId: number; chainSeq: bigint };

/**
 * Appends entries inside the caller's transaction, so they commit or roll back with
 * the change they describe: one statement, in which audit_append_chain() locks one
 * chain head, stamps the time and chains the hashes. The head stays locked until the
 * transaction ends, which is why services append their audit rows last.
 */
export async function appendAuditEntries(tx: Tx, inputs: AuditEntryInput[]): Promise<WrittenAuditEntry[]> {
  if (inputs.length === 0) return [];
  const now = Date.now();
  const texts = inputs.map((input) => columnTexts({ ...prepareAuditRow(input), id: uuidv7(now) }));
  const chainId = randomInt(AUDIT_CHAIN_COUNT);
  const params: unknown[] = [chainId, texts.map(contentHashOfTexts)];
  const tuples = texts.map((row, i) => {
    const cells = row.map((text, c) => {
      params.push(text);
      return `$${params.length}::${CASTS[HASHED_COLUMNS[c]!]}`;
    });
    return `(${i + 1}, ${cells.join(", ")})`;
  });
  const names = HASHED_COLUMNS.join(", ");
  const written = await tx.$queryRawUnsafe<Array<{ id: string; event_timestamp: Date; chain_seq: bigint }>>(
    `WITH chain AS (SELECT * FROM audit_append_chain($1::smallint, $2::bytea[])),
          v (n, ${names}) AS (VALUES ${tuples.join(", ")})
     INSERT INTO audit_logs (${names}, event_timestamp, chain_id, chain_seq, content_hash, entry_hash)
     SELECT ${HASHED_COLUMNS.map((c) => `v.${c}`).join(", ")}, chain.ts, $1::smallint, chain.seq, ($2::bytea[])[v.n], chain.hash
       FROM v JOIN chain ON chain.n = v.n
     RETURNING id::text, event_timestamp, chain_seq`,
    ...params,
  );
  if (written.length !== texts.length) throw new Error(`Audit append wrote ${written.length} of ${texts.length} entries`);
  return written.map((w) => ({ id: w.id, eventTimestamp: new Date(w.event_timestamp), chainId, chainSeq: BigInt(w.chain_seq) }));
}
