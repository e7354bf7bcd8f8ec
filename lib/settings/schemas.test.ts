import { describe, expect, it } from "vitest";
import { ALERT_SETTING_DEFAULTS, alertSettingsSchema, settingsFromRows } from "./schemas";

describe("alert settings", () => {
  it("accepts whole numbers within bounds and names the field in each refusal", () => {
    expect(alertSettingsSchema.parse({ ...ALERT_SETTING_DEFAULTS, escalationIntervalHours: "36" }).escalationIntervalHours).toBe(36);
    const zero = alertSettingsSchema.safeParse({ ...ALERT_SETTING_DEFAULTS, escalationIntervalHours: 0 });
    expect(zero.success ? "" : zero.error.issues[0]!.message).toBe("Escalation interval (hours) must be at least 1.");
    const frac = alertSettingsSchema.safeParse({ ...ALERT_SETTING_DEFAULTS, missingCheckoutBufferHours: 2.5 });
    expect(frac.success ? "" : frac.error.issues[0]!.message).toBe("Check-out buffer (hours) must be a whole number.");
    expect(alertSettingsSchema.safeParse({ ...ALERT_SETTING_DEFAULTS, workloadOverloadPercent: 301 }).success).toBe(false);
  });
  it("reads stored values, falls back to defaults for missing or invalid ones, and converts the seed's days", () => {
    expect(settingsFromRows([])).toEqual(ALERT_SETTING_DEFAULTS);
    const s = settingsFromRows([
      { key: "alerts.idle_after_checkin_hours", value: 4 },
      { key: "alerts.workload_overload_percent", value: "nonsense" },
      { key: "alerts.approval_delay_days", value: 5 },
    ]);
    expect(s).toMatchObject({ idleAfterCheckinHours: 4, workloadOverloadPercent: 100, approvalDelayHours: 120 });
  });
});
