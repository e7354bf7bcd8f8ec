import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { ALERT_SETTING_FIELDS, alertSettingsSchema, settingsFromRows, type AlertSettingName, type AlertSettings } from "./schemas";

type UpdateAlertSettingsOptions = ServiceContext & { values: unknown };

/**
 * Saves the alert thresholds (admins only). One audit entry with the old and new value
 * of each threshold that changed; saving unchanged values records and changes nothing.
 */
export async function updateAlertSettings({ actor, request, values }: UpdateAlertSettingsOptions): Promise<{ changed: AlertSettingName[] }> {
  if (!can(actor.role, "settings:manage")) throw new ServiceError("Only administrators can change alert settings.", "forbidden");
  const parsed = alertSettingsSchema.safeParse(values);
  if (!parsed.success) throw new ServiceError(parsed.error.issues[0]?.message ?? "Check the values and try again.");
  const next = parsed.data;
  const keys = Object.values(ALERT_SETTING_FIELDS).map((f) => f.key);
  // A transaction that records nothing is refused; nothing to change is answered before.
  const current = settingsFromRows(await db.setting.findMany({ where: { key: { in: [...keys, "alerts.approval_delay_days"] } } }));
  const changed = (Object.keys(next) as AlertSettingName[]).filter((name) => next[name] !== current[name]);
  if (changed.length === 0) return { changed };
  await auditedTransaction(async (tx, audit) => {
    // Lock the rows so two admins saving at once each see the other's value as "old".
    await tx.$queryRaw`SELECT key FROM settings WHERE key = ANY(${keys}) FOR UPDATE`;
    const before: Partial<AlertSettings> = {};
    const after: Partial<AlertSettings> = {};
    const locked = settingsFromRows(await tx.setting.findMany({ where: { key: { in: [...keys, "alerts.approval_delay_days"] } } }));
    for (const name of changed) {
      const key = ALERT_SETTING_FIELDS[name].key;
      before[name] = locked[name];
      after[name] = next[name];
      await tx.setting.upsert({ where: { key }, create: { key, value: next[name], updatedById: actor.id }, update: { value: next[name], updatedById: actor.id } });
    }
    audit.record({
      eventType: "update",
      category: "alerts",
      actionType: "settings.alert_thresholds_changed",
      description: `${actor.name} changed alert thresholds: ${changed.map((n) => `${ALERT_SETTING_FIELDS[n].label} ${before[n]} → ${after[n]}`).join("; ")}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "settings", id: "alerts", name: "Alert thresholds" },
      before,
      after,
      riskLevel: "medium",
    });
  });
  return { changed };
}
