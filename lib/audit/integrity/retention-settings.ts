// The retention policies as admins read and set them on the settings page: one number
// of months (12–120) per audit category, saved with one audit entry that holds the old
// and new value of each policy that changed.
import { z } from "zod";
import { can } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { codeLabel, fieldLabel } from "../search/labels";
import { actorFromUser } from "../write/actor";
import {
  DEFAULT_RETENTION_MONTHS, forgetRetentionPolicies, MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS, readRetentionPolicies, RETENTION_KEY_PREFIX,
  type AuditCategoryName,
} from "../write/retention-policy";
import { AUDIT_CATEGORIES } from "../write/schemas";
import { auditedTransaction, NothingRecordedError } from "../write/transaction";

export const categoryLabel = (c: string) => codeLabel(c) ?? fieldLabel(c);

const months = (category: string) =>
  z.coerce
    .number({ error: `${categoryLabel(category)}: give a number of months.` })
    .int(`${categoryLabel(category)}: give whole months.`)
    .min(MIN_RETENTION_MONTHS, `${categoryLabel(category)}: keep entries at least ${MIN_RETENTION_MONTHS} months.`)
    .max(MAX_RETENTION_MONTHS, `${categoryLabel(category)}: keep entries at most ${MAX_RETENTION_MONTHS} months.`);

export const retentionPoliciesSchema = z.object(Object.fromEntries(AUDIT_CATEGORIES.map((c) => [c, months(c)])) as Record<AuditCategoryName, ReturnType<typeof months>>).strict();

export type RetentionPolicy = { category: AuditCategoryName; label: string; months: number; isDefault: boolean };

/** Every category's policy, in the order of the categories. */
export async function getRetentionPolicies(): Promise<RetentionPolicy[]> {
  const set = await readRetentionPolicies();
  return AUDIT_CATEGORIES.map((category) => ({
    category, label: categoryLabel(category), months: set.get(category) ?? DEFAULT_RETENTION_MONTHS, isDefault: !set.has(category),
  }));
}

/** Saves the policies (admins only); returns the categories whose policy changed. */
export async function updateRetentionPolicies({ actor, request, values }: ServiceContext & { values: unknown }): Promise<{ changed: AuditCategoryName[] }> {
  if (!can(actor.role, "settings:manage")) throw new ServiceError("Only administrators can change retention policies.", "forbidden");
  const parsed = retentionPoliciesSchema.safeParse(values);
  if (!parsed.success) throw new ServiceError(parsed.error.issues[0]?.message ?? "Check the values and try again.");
  const next = parsed.data as Record<AuditCategoryName, number>;
  const keys = AUDIT_CATEGORIES.map((c) => `${RETENTION_KEY_PREFIX}${c}`);
  const stored = await readRetentionPolicies();
  let changed = AUDIT_CATEGORIES.filter((c) => next[c] !== (stored.get(c) ?? DEFAULT_RETENTION_MONTHS));
  if (changed.length === 0) return { changed };
  await auditedTransaction(async (tx, audit) => {
    // Locked, so two admins saving at once each see the other's value as "old".
    await tx.$queryRaw`SELECT key FROM settings WHERE key = ANY(${keys}) FOR UPDATE`;
    const rows = await tx.setting.findMany({ where: { key: { in: keys } } });
    const current = new Map(rows.map((r) => [r.key.slice(RETENTION_KEY_PREFIX.length), typeof r.value === "number" ? r.value : DEFAULT_RETENTION_MONTHS]));
    changed = AUDIT_CATEGORIES.filter((c) => next[c] !== (current.get(c) ?? DEFAULT_RETENTION_MONTHS));
    if (changed.length === 0) return;
    const before: Record<string, number> = {};
    const after: Record<string, number> = {};
    for (const c of changed) {
      before[c] = current.get(c) ?? DEFAULT_RETENTION_MONTHS;
      after[c] = next[c];
      const key = `${RETENTION_KEY_PREFIX}${c}`;
      await tx.setting.upsert({ where: { key }, create: { key, value: next[c], updatedById: actor.id }, update: { value: next[c], updatedById: actor.id } });
    }
    audit.record({
      eventType: "update",
      category: "compliance",
      actionType: "settings.audit_retention_changed",
      description: `${actor.name} changed audit retention: ${changed.map((c) => `${categoryLabel(c)} ${before[c]} → ${after[c]} months`).join("; ")}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "settings", id: "audit_retention", name: "Audit retention policies" },
      before,
      after,
      riskLevel: changed.some((c) => next[c] < (current.get(c) ?? DEFAULT_RETENTION_MONTHS)) ? "high" : "medium",
      isComplianceRelated: true,
      retentionMonths: MAX_RETENTION_MONTHS,
    });
  }).catch((error) => {
    // Another admin saved these same values a moment before: nothing left to change.
    if (error instanceof NothingRecordedError) changed = [];
    else throw error;
  });
  forgetRetentionPolicies();
  return { changed };
}
