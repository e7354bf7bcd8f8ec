import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { chainHash, contentHash, stripNul, toPlainJson, type HashedAuditFields } from "./canonical";
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

type PreparedRow = Omit<HashedAuditFields, "id" | "eventTimestamp">;

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

const COLUMNS = [
  "id", "event_timestamp", "event_type", "event_category", "action_type", "action_description",
  "module_name", "user_id", "user_name", "user_email", "user_role", "user_department", "session_id",
  "ip_address", "user_agent", "object_type", "object_id", "object_name", "subject_user_id",
  "old_values", "new_values", "changed_fields", "request_method", "request_path", "response_status",
  "risk_level", "is_sensitive", "is_compliance_related", "status", "error_message", "error_code",
  "additional_data", "tags", "retention_months", "chain_id", "chain_seq", "content_hash", "entry_hash",
] as const;

const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = {
  id: "uuid",
  event_timestamp: "timestamptz",
  event_type: '"AuditEventType"',
  event_category: '"AuditCategory"',
  user_id: "uuid",
  subject_user_id: "uuid",
  old_values: "jsonb",
  new_values: "jsonb",
  changed_fields: "jsonb",
  additional_data: "jsonb",
  tags: "jsonb",
  risk_level: '"RiskLevel"',
  status: '"AuditOutcome"',
  response_status: "int",
  retention_months: "int",
  chain_id: "smallint",
  chain_seq: "bigint",
  content_hash: "bytea",
  entry_hash: "bytea",
};

export type WrittenAuditEntry = { id: string; eventTimestamp: Date; chainId: number; chainSeq: bigint };

/**
 * Appends entries inside the caller's transaction, so they commit or roll back with
 * the change they describe. All entries of one call go to one chain, contiguously.
 * The chain head stays locked until the transaction ends, which is why services
 * append their audit rows last.
 */
export async function appendAuditEntries(tx: Tx, inputs: AuditEntryInput[]): Promise<WrittenAuditEntry[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map(prepareAuditRow);
  const chainId = randomInt(AUDIT_CHAIN_COUNT);
  const [head] = await tx.$queryRawUnsafe<Array<{ last_seq: bigint; last_hash: Uint8Array; now: Date }>>(
    `SELECT last_seq, last_hash, date_trunc('milliseconds', clock_timestamp()) AS now
       FROM audit_chain_heads WHERE chain_id = $1 FOR UPDATE`,
    chainId,
  );
  if (!head) throw new Error(`Audit chain ${chainId} is missing its head row`);
  const eventTimestamp = new Date(head.now);
  let previous: Buffer = Buffer.from(head.last_hash);
  let seq = BigInt(head.last_seq);
  const params: unknown[] = [];
  const tuples: string[] = [];
  const written: WrittenAuditEntry[] = [];
  for (const row of rows) {
    seq += 1n;
    const id = uuidv7(eventTimestamp.getTime());
    const content = contentHash({ id, eventTimestamp, ...row });
    const entry = chainHash(previous, content);
    previous = entry;
    const values: Record<(typeof COLUMNS)[number], unknown> = {
      id,
      event_timestamp: eventTimestamp.toISOString(),
      event_type: row.eventType,
      event_category: row.eventCategory,
      action_type: row.actionType,
      action_description: row.actionDescription,
      module_name: row.moduleName,
      user_id: row.userId,
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
      subject_user_id: row.subjectUserId,
      old_values: JSON.stringify(row.oldValues),
      new_values: JSON.stringify(row.newValues),
      changed_fields: JSON.stringify(row.changedFields),
      request_method: row.requestMethod,
      request_path: row.requestPath,
      response_status: row.responseStatus,
      risk_level: row.riskLevel,
      is_sensitive: row.isSensitive,
      is_compliance_related: row.isComplianceRelated,
      status: row.status,
      error_message: row.errorMessage,
      error_code: row.errorCode,
      additional_data: JSON.stringify(row.additionalData),
      tags: JSON.stringify(row.tags),
      retention_months: row.retentionMonths,
      chain_id: chainId,
      chain_seq: seq.toString(),
      content_hash: content,
      entry_hash: entry,
    };
    const placeholders = COLUMNS.map((c) => {
      params.push(values[c]);
      const cast = CASTS[c];
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    });
    tuples.push(`(${placeholders.join(",")})`);
    written.push({ id, eventTimestamp, chainId, chainSeq: seq });
  }
  params.push(chainId, seq.toString(), previous);
  const n = params.length;
  await tx.$executeRawUnsafe(
    `WITH inserted AS (INSERT INTO audit_logs (${COLUMNS.join(",")}) VALUES ${tuples.join(",")} RETURNING 1)
     UPDATE audit_chain_heads SET last_seq = $${n - 1}::bigint, last_hash = $${n}::bytea
      WHERE chain_id = $${n - 2}::smallint AND (SELECT count(*) FROM inserted) = ${rows.length}`,
    ...params,
  );
  return written;
}
