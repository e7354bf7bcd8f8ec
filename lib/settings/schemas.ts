import { z } from "zod";

// The alert thresholds admins tune (issue 11). One schema for the form, the action and
// the scans' reader; each field names its stored setting key, its default and its bounds.
export const ALERT_SETTING_FIELDS = {
  missingCheckoutBufferHours: { key: "alerts.missing_checkout_buffer_hours", label: "Check-out buffer (hours)", default: 12, min: 1, max: 72, help: "An attendance session still open this long after check-in raises a missing check-out." },
  idleAfterCheckinHours: { key: "alerts.idle_after_checkin_hours", label: "Idle after check-in (hours)", default: 3, min: 1, max: 12, help: "Checked in, with no timer or task activity for this long." },
  approvalDelayHours: { key: "alerts.approval_delay_hours", label: "Approval delay (hours)", default: 72, min: 1, max: 720, help: "A leave or project request pending this long goes to its approver." },
  workloadOverloadPercent: { key: "alerts.workload_overload_percent", label: "Capacity threshold (%)", default: 100, min: 50, max: 300, help: "Open task estimates above this share of weekly capacity raise an overload." },
  escalationIntervalHours: { key: "alerts.escalation_interval_hours", label: "Escalation interval (hours)", default: 24, min: 1, max: 168, help: "An open alert whose condition persists rises one severity level per interval." },
  // How alert emails are grouped (issue 24).
  digestWindowMinutes: { key: "alerts.digest_window_minutes", label: "Digest grouping window (minutes)", default: 5, min: 0, max: 240, help: "Alerts sent as a digest wait this long after they are raised, so one email carries a whole scan round." },
  repeatIntervalHours: { key: "alerts.repeat_interval_hours", label: "Reminder after (hours)", default: 24, min: 1, max: 720, help: "An alert still open this long after its email is reminded once, in the next digest." },
  dailySummaryHour: { key: "alerts.daily_summary_hour", label: "Daily summary hour (PKT, 0–23)", default: 9, min: 0, max: 23, help: "When daily summaries go out, for people who have not chosen their own hour." },
} as const;

export type AlertSettingName = keyof typeof ALERT_SETTING_FIELDS;
export type AlertSettings = Record<AlertSettingName, number>;

const field = (name: AlertSettingName) => {
  const f = ALERT_SETTING_FIELDS[name];
  return z.coerce
    .number({ error: `${f.label} must be a number.` })
    .int(`${f.label} must be a whole number.`)
    .min(f.min, `${f.label} must be at least ${f.min}.`)
    .max(f.max, `${f.label} must be at most ${f.max}.`);
};

export const alertSettingsSchema = z.object({
  missingCheckoutBufferHours: field("missingCheckoutBufferHours"),
  idleAfterCheckinHours: field("idleAfterCheckinHours"),
  approvalDelayHours: field("approvalDelayHours"),
  workloadOverloadPercent: field("workloadOverloadPercent"),
  escalationIntervalHours: field("escalationIntervalHours"),
  digestWindowMinutes: field("digestWindowMinutes"),
  repeatIntervalHours: field("repeatIntervalHours"),
  dailySummaryHour: field("dailySummaryHour"),
});

export const ALERT_SETTING_DEFAULTS: AlertSettings = Object.fromEntries(
  Object.entries(ALERT_SETTING_FIELDS).map(([name, f]) => [name, f.default]),
) as AlertSettings;

/** Stored values (key → JSON) to settings: a missing or invalid value falls back to its default. */
export function settingsFromRows(rows: Array<{ key: string; value: unknown }>): AlertSettings {
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out = { ...ALERT_SETTING_DEFAULTS };
  for (const name of Object.keys(ALERT_SETTING_FIELDS) as AlertSettingName[]) {
    const parsed = field(name).safeParse(byKey.get(ALERT_SETTING_FIELDS[name].key));
    if (parsed.success) out[name] = parsed.data;
  }
  // The first seed stored the approval delay in days.
  if (!byKey.has(ALERT_SETTING_FIELDS.approvalDelayHours.key)) {
    const days = z.coerce.number().int().min(1).max(30).safeParse(byKey.get("alerts.approval_delay_days"));
    if (days.success) out.approvalDelayHours = days.data * 24;
  }
  return out;
}
