import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { contentHash, stripNul, toPlainJson, type HashedAuditFields } from "./canonical";
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

// Columns written from the prepared row; the chain columns come from audit_append_chain().
const COLUMNS: Array<[column: string, cast: string, value: (r: PreparedRow & { id: string }) => unknown]> = [
  ["id", "uuid", (r) => r.id],
  ["event_type", '"AuditEventType"', (r) => r.eventType],
  ["event_category", '"AuditCategory"', (r) => r.eventCategory],
  ["action_type", "text", (r) => r.actionType],
  ["action_description", "text", (r) => r.actionDescription],
  ["module_name", "text", (r) => r.moduleName],
  ["user_id", "uuid", (r) => r.userId],
  ["user_name", "text", (r) => r.userName],
  ["user_email", "text", (r) => r.userEmail],
  ["user_role", "text", (r) => r.userRole],
  ["user_department", "text", (r) => r.userDepartment],
  ["session_id", "text", (r) => r.sessionId],
  ["ip_address", "text", (r) => r.ipAddress],
  ["user_agent", "text", (r) => r.userAgent],
  ["object_type", "text", (r) => r.objectType],
  ["object_id", "text", (r) => r.objectId],
  ["object_name", "text", (r) => r.objectName],
  ["subject_user_id", "uuid", (r) => r.subjectUserId],
  ["old_values", "jsonb", (r) => JSON.stringify(r.oldValues)],
  ["new_values", "jsonb", (r) => JSON.stringify(r.newValues)],
  ["changed_fields", "jsonb", (r) => JSON.stringify(r.changedFields)],
  ["request_method", "text", (r) => r.requestMethod],
  ["request_path", "text", (r) => r.requestPath],
  ["response_status", "int", (r) => r.responseStatus],
  ["risk_level", '"RiskLevel"', (r) => r.riskLevel],
  ["is_sensitive", "boolean", (r) => r.isSensitive],
  ["is_compliance_related", "boolean", (r) => r.isComplianceRelated],
  ["status", '"AuditOutcome"', (r) => r.status],
  ["error_message", "text", (r) => r.errorMessage],
  ["error_code", "text", (r) => r.errorCode],
  ["additional_data", "jsonb", (r) => JSON.stringify(r.additionalData)],
  ["tags", "jsonb", (r) => JSON.stringify(r.tags)],
  ["retention_months", "int", (r) => r.retentionMonths],
];

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
  const rows = inputs.map((input) => ({ ...prepareAuditRow(input), id: uuidv7(now) }));
  const chainId = randomInt(AUDIT_CHAIN_COUNT);
  const params: unknown[] = [chainId, rows.map((r) => contentHash(r))];
  const tuples = rows.map((row, i) => {
    const cells = COLUMNS.map(([, cast, value]) => {
      params.push(value(row));
      return `$${params.length}::${cast}`;
    });
    return `(${i + 1}, ${cells.join(", ")})`;
  });
  const names = COLUMNS.map(([column]) => column);
  const written = await tx.$queryRawUnsafe<Array<{ id: string; event_timestamp: Date; chain_seq: bigint }>>(
    `WITH chain AS (SELECT * FROM audit_append_chain($1::smallint, $2::bytea[])),
          v (n, ${names.join(", ")}) AS (VALUES ${tuples.join(", ")})
     INSERT INTO audit_logs (${names.join(", ")}, event_timestamp, chain_id, chain_seq, content_hash, entry_hash)
     SELECT ${names.map((c) => `v.${c}`).join(", ")}, chain.ts, $1::smallint, chain.seq, ($2::bytea[])[v.n], chain.hash
       FROM v JOIN chain ON chain.n = v.n
     RETURNING id::text, event_timestamp, chain_seq`,
    ...params,
  );
  if (written.length !== rows.length) throw new Error(`Audit append wrote ${written.length} of ${rows.length} entries`);
  return written.map((w) => ({ id: w.id, eventTimestamp: new Date(w.event_timestamp), chainId, chainSeq: BigInt(w.chain_seq) }));
}
