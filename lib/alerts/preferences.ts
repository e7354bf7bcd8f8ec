// How each person hears of their alerts (issue 24): their choice per severity over the
// administrators' defaults over the built-in ones. alert_email_mode() in SQL resolves
// the same three layers for the raising statement and the digest builder.
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import {
  ALERT_EMAIL_MODE_LABELS, alertEmailDefaultsSchema, alertEmailPreferencesSchema, emailModeSettingKey, SEVERITIES,
  type AlertEmailMode, type AlertEmailPreferencesInput, type AlertSeverity,
} from "./contract";
import { getAlertEmailDefaults, getMyAlertEmailPreferences } from "./queries";
import { SEVERITY_LABELS } from "./labels";

const describeMode = (mode: AlertEmailMode | null) => (mode ? ALERT_EMAIL_MODE_LABELS[mode].toLowerCase() : "the default");

/** A person sets how they hear of their own alerts. Audited with the old and new choices; unchanged, nothing is written. */
export async function updateMyAlertEmailPreferences({ actor, request, values }: ServiceContext & { values: unknown }) {
  const parsed = alertEmailPreferencesSchema.safeParse(values);
  if (!parsed.success) throw new ServiceError(parsed.error.issues[0]?.message ?? "Check the choices and try again.");
  const next = parsed.data;
  const { choices: before } = await getMyAlertEmailPreferences(actor);
  const changed = (Object.keys(next) as Array<keyof AlertEmailPreferencesInput>).filter((k) => next[k] !== before[k]);
  if (changed.length === 0) return { changed };
  await auditedTransaction(async (tx, audit) => {
    await tx.alertEmailPreference.upsert({ where: { userId: actor.id }, create: { userId: actor.id, ...next }, update: next });
    const words = changed.map((k) => (k === "dailyHour" ? `daily summary at ${next.dailyHour === null ? "the default hour" : `${String(next.dailyHour).padStart(2, "0")}:00 PKT`}` : `${SEVERITY_LABELS[k as AlertSeverity].toLowerCase()} alerts ${describeMode(next[k as AlertSeverity])}`));
    audit.record({
      eventType: "update",
      category: "alerts",
      actionType: "alert_email_preferences.changed",
      description: `${actor.name} chose how alert emails reach them: ${words.join("; ")}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "user", id: actor.id, name: `Alert emails of ${actor.name}` },
      subjectUserId: actor.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
  });
  return { changed };
}

/** Administrators set the defaults for everyone who has not chosen. Audited; unchanged, nothing is written. */
export async function updateAlertEmailDefaults({ actor, request, values }: ServiceContext & { values: unknown }) {
  if (!can(actor.role, "settings:manage")) throw new ServiceError("Only administrators can change the alert email defaults.", "forbidden");
  const parsed = alertEmailDefaultsSchema.safeParse(values);
  if (!parsed.success) throw new ServiceError(parsed.error.issues[0]?.message ?? "Check the choices and try again.");
  const next = parsed.data;
  const before = await getAlertEmailDefaults();
  const changed = SEVERITIES.filter((s) => next[s] !== before[s]);
  if (changed.length === 0) return { changed };
  await auditedTransaction(async (tx, audit) => {
    for (const s of changed) {
      const key = emailModeSettingKey(s);
      await tx.setting.upsert({ where: { key }, create: { key, value: next[s], updatedById: actor.id }, update: { value: next[s], updatedById: actor.id } });
    }
    audit.record({
      eventType: "update",
      category: "alerts",
      actionType: "settings.alert_email_defaults_changed",
      description: `${actor.name} changed how alert emails reach people by default: ${changed.map((s) => `${SEVERITY_LABELS[s].toLowerCase()} ${describeMode(before[s])} → ${describeMode(next[s])}`).join("; ")}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "settings", id: "alert-emails", name: "Alert email defaults" },
      before: Object.fromEntries(changed.map((s) => [s, before[s]])),
      after: Object.fromEntries(changed.map((s) => [s, next[s]])),
      riskLevel: "medium",
    });
  });
  return { changed };
}
