import { pool, statementName } from "@/lib/db";
import { ServiceError, sqlStateOf } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkAppended, plainName, planAuditAppend, type AuditAppendItem } from "./writer";
import { loadRetentionPolicies } from "./retention-policy";

/**
 * One step of an audited statement's WITH chain, named `name` (a plain SQL name). A
 * step that changes rows (a data-modifying CTE ending in RETURNING) has them on record
 * in one of three ways:
 * - entries with `rowsOf: name`, one per returned row;
 * - `requireRow`, when it changes exactly one known row that fixed entries describe:
 *   the message shown when it changed none (the whole statement then fails and
 *   nothing is written);
 * - `summarizedBy`, the step that accounts for its rows (their count, their ids) and
 *   whose rows entries with `rowsOf` describe: a scan's one summary entry, written only
 *   when the summary has a row, i.e. when something changed.
 * A step with `read: true` changes nothing: a SELECT (MATERIALIZED on request).
 */
export type AuditedStep =
  | { name: string; sql: Prisma.Sql; requireRow?: string; summarizedBy?: never; read?: never }
  | { name: string; sql: Prisma.Sql; summarizedBy: string; requireRow?: never; read?: never }
  | { name: string; sql: Prisma.Sql; read: true; materialized?: boolean; requireRow?: never; summarizedBy?: never };

export type AuditedStatementOptions<Row> = {
  /** What the statement returns beside the entry count: `columns` over `from` (one row). */
  select?: { columns: Prisma.Sql; from: Prisma.Sql };
  /**
   * How many entries the result row says the statement wrote (a summary entry: one when
   * anything changed, else none). Checked after the statement, which has committed by
   * then: a mismatch is a bug in the statement, reported rather than undone.
   */
  expectEntries?: (row: Row) => number;
};

/** `appended`, the entries written; `row`, the `select` columns (empty without one). */
export type AuditedStatementResult<Row> = { appended: number; row: Row };

const MATERIALIZED = Prisma.raw("MATERIALIZED ");

/**
 * Runs mutations and their audit entries as ONE statement: a single round trip and an
 * implicit transaction, so they commit or fail together exactly as in
 * auditedTransaction(), at a fraction of its cost (no BEGIN/COMMIT round trips, no read
 * before the write, and straight through the pg pool under Prisma, as a named prepared
 * statement). Entries that depend on the changed rows are derived from them inside the
 * statement (AuditRowsInput), so they cannot disagree with what changed; entries over a
 * step that may be empty (a scan that found nothing new) write nothing then. Suits
 * frequent, simple writes (check-in/out, the alert scans); anything that needs reads and
 * rules between statements uses auditedTransaction().
 */
export async function auditedStatement<Row extends object = Record<string, never>>(
  steps: AuditedStep[],
  entries: AuditAppendItem[],
  { select, expectEntries }: AuditedStatementOptions<Row> = {},
): Promise<AuditedStatementResult<Row>> {
  if (entries.length === 0) throw new Error("Refusing to run a mutation that records no audit entry");
  checkSteps(steps, entries);
  // The call's arguments read every mutation's rows, so the chain head is locked only
  // after all the mutations ran (and waited for any row locks they needed).
  const required = steps.filter((s) => s.requireRow !== undefined);
  const unchanged = required.length
    ? Prisma.sql`CASE ${Prisma.join(required.map((s) => Prisma.sql`WHEN (SELECT count(*) FROM ${Prisma.raw(s.name)}) = 0 THEN ${s.name}`), " ")} END`
    : undefined;
  await loadRetentionPolicies();
  const plan = planAuditAppend(entries, unchanged);
  const chain = steps.map((s) => Prisma.sql`${Prisma.raw(s.name)} AS ${s.read && s.materialized ? MATERIALIZED : Prisma.empty}(${s.sql})`);
  const result = select ? Prisma.sql`, ${select.columns} FROM ${select.from}` : Prisma.empty;
  const statement = Prisma.sql`WITH ${Prisma.join(chain, ", ")} SELECT ${plan.call} AS appended${result}`;
  const text = statement.text;
  try {
    const { rows } = await pool.query<Row & { appended: number }>({ name: statementName({ sql: text }) || undefined, text, values: statement.values });
    const { appended, ...row } = rows[0]!;
    checkAppended(plan, Number(appended));
    const expected = expectEntries?.(row as unknown as Row);
    if (expected !== undefined && Number(appended) !== expected) throw new Error(`Audited statement wrote ${appended} of ${expected} entries`);
    return { appended: Number(appended), row: row as unknown as Row };
  } catch (error) {
    if (sqlStateOf(error) === "P0002") {
      const detail = (error as { detail?: string }).detail;
      const failed = steps.find((s) => s.name === detail);
      if (failed?.requireRow) throw new ServiceError(failed.requireRow, "conflict");
    }
    throw error;
  }
}

/** Refuses, before touching the database, a statement some of whose changes no entry records. */
function checkSteps(steps: AuditedStep[], entries: AuditAppendItem[]): void {
  const names = new Set<string>();
  for (const s of steps) {
    if (plainName(s.name).startsWith("audit_") || names.has(s.name)) throw new Error(`Bad step name: ${s.name}`);
    names.add(s.name);
  }
  const described = new Set(entries.flatMap((e) => ("rowsOf" in e ? [e.rowsOf] : [])));
  for (const name of described) if (!names.has(name)) throw new Error(`Entries describe the rows of ${name}, which is no step of the statement`);
  if (steps.every((s) => s.read)) throw new Error("An audited statement needs a mutation");
  for (const s of steps) {
    if (s.read) {
      // A data-modifying WITH is allowed only at the top level, so a SELECT, VALUES or WITH body changes nothing.
      if (!/^\s*\(?\s*(SELECT|VALUES|WITH)\b/i.test(s.sql.text)) throw new Error(`Step ${s.name} is marked read but is not a query`);
    } else if (s.summarizedBy !== undefined) {
      if (!described.has(s.summarizedBy)) throw new Error(`Step ${s.name} is summarized by ${s.summarizedBy}, which no entry describes`);
    } else if (s.requireRow === undefined && !described.has(s.name)) {
      throw new Error(`Mutation ${s.name} has no audit entries for the rows it changes`);
    }
  }
}
