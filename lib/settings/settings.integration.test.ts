import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { getAlertSettings } from "./queries";
import { ALERT_SETTING_DEFAULTS } from "./schemas";
import { updateAlertSettings } from "./service";

describe("updateAlertSettings", () => {
  it("saves changed thresholds with one audit entry of old and new values; unchanged saves record nothing", async () => {
    const admin = await createUser({ role: "admin", name: "Sara Settings" });
    const values = { ...ALERT_SETTING_DEFAULTS, idleAfterCheckinHours: 4, escalationIntervalHours: 48 };
    expect(await updateAlertSettings({ ...admin.ctx, values })).toEqual({ changed: ["idleAfterCheckinHours", "escalationIntervalHours"] });
    expect(await getAlertSettings()).toMatchObject({ idleAfterCheckinHours: 4, escalationIntervalHours: 48 });
    const entries = await db.auditLog.findMany({ where: { actionType: "settings.alert_thresholds_changed", userId: admin.user.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.oldValues).toEqual({ idleAfterCheckinHours: ALERT_SETTING_DEFAULTS.idleAfterCheckinHours, escalationIntervalHours: ALERT_SETTING_DEFAULTS.escalationIntervalHours });
    expect(entries[0]!.newValues).toEqual({ idleAfterCheckinHours: 4, escalationIntervalHours: 48 });
    expect(await updateAlertSettings({ ...admin.ctx, values })).toEqual({ changed: [] });
    expect(await db.auditLog.count({ where: { actionType: "settings.alert_thresholds_changed", userId: admin.user.id } })).toBe(1);
  });

  it("refuses non-admins and out-of-range values, changing nothing", async () => {
    const hr = await createUser({ role: "hr_operations" });
    await expect(updateAlertSettings({ ...hr.ctx, values: { ...ALERT_SETTING_DEFAULTS, idleAfterCheckinHours: 5 } })).rejects.toMatchObject({ code: "forbidden" });
    const admin = await createUser({ role: "admin" });
    await expect(updateAlertSettings({ ...admin.ctx, values: { ...ALERT_SETTING_DEFAULTS, workloadOverloadPercent: 10 } })).rejects.toThrow("Capacity threshold (%) must be at least 50.");
    expect((await getAlertSettings()).idleAfterCheckinHours).not.toBe(5);
  });
});
