// Retention per category (issue 21; spec 001 §13.2: 12 to 120 months), set by admins
// and kept in `settings` under audit.retention_months.<category>. The writer stamps a
// new entry with its category's policy (its retention_months, hashed with it) unless the
// entry names its own; archiving keeps an entry for the longer of what it was stamped
// with and its category's policy now (lib/audit/integrity/partitions.ts), so a policy
// can lengthen what is kept but never cut short what an entry was written with.
import { AUDIT_CATEGORIES } from "./schemas";

export type AuditCategoryName = (typeof AUDIT_CATEGORIES)[number];

export const RETENTION_KEY_PREFIX = "audit.retention_months.";
export const DEFAULT_RETENTION_MONTHS = 84;
export const MIN_RETENTION_MONTHS = 12;
export const MAX_RETENTION_MONTHS = 120;
const FRESH_MS = 60_000;

let cache: { at: number; months: Map<string, number> } | null = null;

/** The stored policy of each category (those never set are absent). */
export async function readRetentionPolicies(): Promise<Map<AuditCategoryName, number>> {
  // Imported here, so the writer's pure functions load without a database (unit tests).
  const { pool } = await import("@/lib/db");
  const { rows } = await pool.query<{ key: string; months: number | null }>(
    "SELECT key, CASE WHEN jsonb_typeof(value) = 'number' THEN (value #>> '{}')::int END AS months FROM settings WHERE key LIKE $1",
    [`${RETENTION_KEY_PREFIX}%`],
  );
  const months = new Map<AuditCategoryName, number>();
  for (const r of rows) {
    const category = r.key.slice(RETENTION_KEY_PREFIX.length) as AuditCategoryName;
    if (AUDIT_CATEGORIES.includes(category) && r.months !== null && r.months >= MIN_RETENTION_MONTHS && r.months <= MAX_RETENTION_MONTHS) months.set(category, r.months);
  }
  return months;
}

/** Loads the policies for retentionMonthsFor (at most once a minute per process). */
export async function loadRetentionPolicies(): Promise<void> {
  if (cache && Date.now() - cache.at < FRESH_MS) return;
  cache = { at: Date.now(), months: await readRetentionPolicies() };
}

/** After a change: the next write reads the policies again. */
export function forgetRetentionPolicies(): void {
  cache = null;
}

/** The months a new entry of this category is kept (its policy, or the default). */
export function retentionMonthsFor(category: string): number {
  return cache?.months.get(category) ?? DEFAULT_RETENTION_MONTHS;
}

/** SQL for the months an entry `alias` is kept now: the longer of its own and its category's policy. */
export function effectiveRetentionSql(alias: string): string {
  return `greatest(${alias}.retention_months, coalesce((SELECT (s.value #>> '{}')::int FROM settings s WHERE s.key = '${RETENTION_KEY_PREFIX}' || ${alias}.event_category::text AND jsonb_typeof(s.value) = 'number'), 0))`;
}
