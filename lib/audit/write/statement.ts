import { pool, statementName } from "@/lib/db";
import { ServiceError, sqlStateOf } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkAppended, plainName, planAuditAppend, type AuditAppendItem } from "./writer";

/**
 * One data-modifying CTE of an audited statement, named `name` (a plain SQL name) and
 * ending in RETURNING. Its changed rows must be described by the statement's entries:
 * either by entries with `rowsOf: name` (one per returned row), or, when it changes
 * exactly one known row, by fixed entries together with `requireRow`, the message
 * shown when it changed none (the whole statement then fails and nothing is written).
 */
export type AuditedMutation = { name: string; sql: Prisma.Sql; requireRow?: string };

/**
 * Runs mutations and their audit entries as ONE statement: a single round trip and an
 * implicit transaction, so they commit or fail together exactly as in
 * auditedTransaction(), at a fraction of its cost (no BEGIN/COMMIT round trips, no read
 * before the write, and straight through the pg pool under Prisma). Entries that depend
 * on the changed rows are derived from them inside the statement (AuditRowsInput), so
 * they cannot disagree with what changed. Suits frequent, simple writes (check-in/out);
 * anything that needs reads and rules between statements uses auditedTransaction().
 */
export async function auditedStatement(mutations: AuditedMutation[], entries: AuditAppendItem[]): Promise<number> {
  if (entries.length === 0) throw new Error("Refusing to run a mutation that records no audit entry");
  if (mutations.length === 0) throw new Error("An audited statement needs a mutation");
  for (const m of mutations) {
    if (plainName(m.name).startsWith("audit_")) throw new Error(`Bad mutation name: ${m.name}`);
    const described = m.requireRow !== undefined || entries.some((e) => "rowsOf" in e && e.rowsOf === m.name);
    if (!described) throw new Error(`Mutation ${m.name} has no audit entries for the rows it changes`);
  }
  // The call's arguments read every mutation's rows, so the chain head is locked only
  // after all the mutations ran (and waited for any row locks they needed).
  const required = mutations.filter((m) => m.requireRow !== undefined);
  const unchanged = required.length
    ? Prisma.sql`CASE ${Prisma.join(required.map((m) => Prisma.sql`WHEN (SELECT count(*) FROM ${Prisma.raw(m.name)}) = 0 THEN ${m.name}`), " ")} END`
    : undefined;
  const plan = planAuditAppend(entries, unchanged);
  const steps = mutations.map((m) => Prisma.sql`${Prisma.raw(m.name)} AS (${m.sql})`);
  const statement = Prisma.sql`WITH ${Prisma.join(steps, ", ")} SELECT ${plan.call} AS appended`;
  const text = statement.text;
  try {
    const { rows } = await pool.query<{ appended: number }>({ name: statementName({ sql: text }) || undefined, text, values: statement.values });
    return checkAppended(plan, Number(rows[0]?.appended));
  } catch (error) {
    if (sqlStateOf(error) === "P0002") {
      const detail = (error as { detail?: string }).detail;
      const failed = mutations.find((m) => m.name === detail);
      if (failed?.requireRow) throw new ServiceError(failed.requireRow, "conflict");
    }
    throw error;
  }
}
