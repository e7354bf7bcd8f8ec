import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { contentFraming, HASHED_COLUMNS, jsonbText, stripNul, toPlainJson, type HashedColumn } from "../integrity/canonical";
import { diffSnapshots, isComplianceAction, maskDetails, riskLevelFor } from "./rules";
import { auditEntryInputSchema, MAX_ENTRY_BYTES, type AuditEntryInput } from "./schemas";
import { sessionRef } from "./session-ref";
import { uuidv7 } from "@/lib/uuidv7";
import { loadRetentionPolicies, retentionMonthsFor } from "./retention-policy";

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

/**
 * Validates, diffs, masks and flattens one entry into its stored columns. (The 10 MB
 * ceiling is checked on the record text, in auditRecordText().)
 */
export function prepareAuditRow(input: AuditEntryInput): PreparedRow {
  const parsed = auditEntryInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AuditValidationError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const e = parsed.data;
  const before = (toPlainJson(e.before ?? null) as Record<string, unknown> | null) ?? null;
  const after = (toPlainJson(e.after ?? null) as Record<string, unknown> | null) ?? null;
  const sensitive = e.sensitiveFields ?? [];
  const diff = diffSnapshots(before, after, sensitive);
  const details = maskDetails(toPlainJson(e.additionalData ?? {}), sensitive);
  const hadSensitive = diff.hadSensitive || details.hadSensitive;
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
    // The session id is a bearer secret; entries keep a hash that still links them to it.
    sessionId: sessionRef(e.context?.sessionId),
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
    // Fields an entry marks sensitive are masked but do not raise the risk of the action;
    // only the standing sensitive fields (pay, identity numbers, health) do.
    riskLevel: e.riskLevel ?? riskLevelFor(e.actionType, sensitive.length > 0 ? diffSnapshots(before, after).hadSensitive : diff.hadSensitive),
    isSensitive: e.isSensitive ?? (hadSensitive || sensitive.length > 0),
    isComplianceRelated: e.isComplianceRelated ?? isComplianceAction(e.actionType),
    status: e.status ?? "success",
    errorMessage: s(e.errorMessage),
    errorCode: s(e.errorCode),
    additionalData: details.value,
    tags: e.tags ?? [],
    retentionMonths: e.retentionMonths ?? retentionMonthsFor(e.category),
  };
  return row;
}

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

/**
 * One entry per row that a mutation CTE of the same statement returned (statement.ts):
 * `entry` is validated and prepared like any entry, then the `columns` given here, SQL
 * expressions over the CTE's row, replace its values. The id comes from uuidv7().
 */
export type AuditRowsInput = { rowsOf: string; entry: AuditEntryInput; columns: Partial<Record<Exclude<HashedColumn, "id">, Prisma.Sql>> };

export type AuditAppendItem = AuditEntryInput | AuditRowsInput;

const isRows = (item: AuditAppendItem): item is AuditRowsInput => "rowsOf" in item;

/**
 * An entry as the `audit_content` record text its content hash covers: validated,
 * diffed and masked, then checked against the 10 MB ceiling.
 */
export function auditRecordText(entry: AuditEntryInput, id: string): string {
  const record = contentFraming(columnTexts({ ...prepareAuditRow(entry), id }));
  if (record.length > MAX_ENTRY_BYTES / 3) {
    const size = Buffer.byteLength(record);
    if (size > MAX_ENTRY_BYTES) throw new AuditValidationError(`Audit entry is ${size} bytes; the limit is ${MAX_ENTRY_BYTES} bytes (10 MB)`);
  }
  return record;
}

/** Entries validated, diffed and masked, ready to append to one chain. */
export type AuditAppendPlan = { fixedCount: number; call: Prisma.Sql };

/**
 * Prepares entries and returns the call that appends them, `audit_append(chain,
 * entries, unchanged)`: it locks one chain head, computes each entry's content hash
 * from its record text (the same text the verifier recomputes from the stored row),
 * chains the hashes, inserts the rows and moves the head; it returns how many.
 * Each entry goes to the database as one `audit_content` record text
 * (contentFraming()); a row-derived entry is that record with the row's values merged
 * in by jsonb_populate_record(). `unchanged` (statement.ts) is an SQL text expression
 * naming a mutation that changed no row, or NULL; when set, the call fails instead.
 */
export function planAuditAppend(items: AuditAppendItem[], unchanged?: Prisma.Sql): AuditAppendPlan {
  const now = Date.now();
  const arrays: Prisma.Sql[] = [];
  let fixed: string[] = [];
  const flush = () => {
    if (fixed.length > 0) arrays.push(Prisma.sql`${fixed}::audit_content[]`);
    fixed = [];
  };
  for (const item of items) {
    const record = auditRecordText(isRows(item) ? item.entry : item, uuidv7(now));
    if (!isRows(item)) {
      fixed.push(record); // consecutive fixed entries travel as one array parameter
      continue;
    }
    flush();
    const overrides = Object.entries(item.columns).map(([column, expr]) => Prisma.sql`${Prisma.raw(`'${column}'`)}, ${expr}`);
    const merged = Prisma.sql`jsonb_populate_record(${record}::audit_content, jsonb_build_object('id', uuidv7(), ${Prisma.join(overrides, ", ")}))`;
    arrays.push(Prisma.sql`ARRAY(SELECT ${merged} FROM ${Prisma.raw(plainName(item.rowsOf))})`);
  }
  flush();
  const chainId = randomInt(AUDIT_CHAIN_COUNT);
  const call = Prisma.sql`audit_append(${chainId}::smallint, ${Prisma.join(arrays, " || ")}, ${unchanged ?? Prisma.sql`NULL`})`;
  return { fixedCount: items.filter((i) => !isRows(i)).length, call };
}

/** `name` when it is a plain lower-case SQL name (a CTE of a statement), else an error. */
export function plainName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL name: ${name}`);
  return name;
}

/** Checks the count audit_append() returned: at least every fixed entry. */
export function checkAppended(plan: AuditAppendPlan, appended: number): number {
  if (!(appended >= plan.fixedCount)) throw new Error(`Audit append wrote ${appended} of ${plan.fixedCount} entries`);
  return appended;
}

/**
 * Appends entries inside the caller's transaction, so they commit or roll back with
 * the change they describe, in one statement. The chain head stays locked until the
 * transaction ends, which is why services append their audit rows last.
 */
export async function appendAuditEntries(tx: Tx, inputs: AuditEntryInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  await loadRetentionPolicies();
  const plan = planAuditAppend(inputs);
  const [row] = await tx.$queryRaw<Array<{ appended: number }>>(Prisma.sql`SELECT ${plan.call} AS appended`);
  const appended = checkAppended(plan, Number(row?.appended));
  // Each session's count of changes moves with the entries that record them, in the
  // same transaction (spec 001 AuditSession.data_modification_count).
  for (const [sessionId, n] of modificationsBySession(inputs)) {
    await tx.$executeRaw`UPDATE audit_sessions SET data_modification_count = data_modification_count + ${n}::int WHERE session_id = ${sessionId}`;
  }
  return appended;
}

const MODIFYING_EVENTS: ReadonlySet<string> = new Set(["create", "update", "delete", "import", "approve", "reject", "submit", "cancel"]);

/** Whether an entry records a change made (a session's data_modification_count counts these). */
export function isModification(e: Pick<AuditEntryInput, "eventType" | "status">): boolean {
  return MODIFYING_EVENTS.has(e.eventType) && (e.status ?? "success") === "success";
}

/** The changes a batch of entries records, per session. */
export function modificationsBySession(inputs: AuditEntryInput[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of inputs) {
    const sessionId = e.context?.sessionId;
    if (!sessionId || !isModification(e)) continue;
    counts.set(sessionId, (counts.get(sessionId) ?? 0) + 1);
  }
  return counts;
}
