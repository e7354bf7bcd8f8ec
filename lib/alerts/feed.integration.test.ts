// The feed and its two actions: recipient only, everyone else refused, 404 and audited.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { listMyAlerts } from "./queries";
import { runScan } from "./run";
import { alertFeedQuerySchema } from "./schemas";
import { dismissAlert, resolveAlert } from "./service";

const HOUR = 3_600_000;

async function withAlert() {
  const manager = await createUser({ role: "manager", name: "Rehan Recipient" });
  const member = await createUser({ managerId: manager.user.id, name: "Tara Team" });
  await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(Date.now() - 13 * HOUR) } });
  const { raised } = await runScan("missing_checkout");
  const alert = raised.find((r) => r.recipientUserId === manager.user.id)!;
  return { manager, member, alertId: alert.id };
}

describe("resolve and dismiss", () => {
  it("a non-recipient's resolve is refused as not found, changes nothing and is audited as access_denied", async () => {
    const { member, alertId } = await withAlert();
    const stranger = await createUser({ role: "admin", name: "Ayla Admin" });
    for (const [who, act] of [[stranger, resolveAlert], [member, dismissAlert]] as const) {
      await expect(act({ ...who.ctx, alertId, note: "not mine" })).rejects.toMatchObject({ code: "not_found", message: "That alert was not found." });
      const denied = await db.auditLog.findFirst({ where: { userId: who.user.id, eventType: "access_denied" }, orderBy: { eventTimestamp: "desc" } });
      // In words, no id, and nothing that tells the person whether it exists or whom it is
      // about; recorded against the alert itself, so its history shows the attempt.
      expect(denied?.errorMessage).toMatch(/^Tried to (resolve|dismiss) an alert that is not theirs, or does not exist$/);
      expect(denied).toMatchObject({ objectType: "alert", objectId: alertId });
    }
    const alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert).toMatchObject({ status: "OPEN", resolvedAt: null, resolvedById: null });
  });

  it("the recipient resolves with a note: RESOLVED, resolved_at, audited old/new; it leaves the open list", async () => {
    const { manager, alertId } = await withAlert();
    const open = await listMyAlerts(manager.user, alertFeedQuerySchema.parse({}));
    expect(open.alerts.map((a) => a.id)).toContain(alertId);
    expect(open.counts.high).toBe(1);
    await resolveAlert({ ...manager.ctx, alertId, note: "Checked out by phone" });
    const alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert).toMatchObject({ status: "RESOLVED", resolvedById: manager.user.id, resolutionNote: "Checked out by phone" });
    expect(alert.resolvedAt).not.toBeNull();
    const entry = await db.auditLog.findFirstOrThrow({ where: { objectId: alertId, actionType: "alert.resolved" } });
    expect(entry.oldValues).toMatchObject({ status: "OPEN" });
    expect(entry.newValues).toMatchObject({ status: "RESOLVED", resolutionNote: "Checked out by phone" });
    expect((await listMyAlerts(manager.user, alertFeedQuerySchema.parse({}))).alerts.map((a) => a.id)).not.toContain(alertId);
    expect((await listMyAlerts(manager.user, alertFeedQuerySchema.parse({ status: "RESOLVED" }))).alerts.map((a) => a.id)).toContain(alertId);
    // Twice: a clear conflict, nothing recorded.
    await expect(resolveAlert({ ...manager.ctx, alertId })).rejects.toMatchObject({ code: "conflict" });
  });

  it("the feed lists only the viewer's own alerts, newest first, filtered by type and severity", async () => {
    const { manager } = await withAlert();
    const other = await withAlert();
    const mine = await listMyAlerts(manager.user, alertFeedQuerySchema.parse({ status: "all" }));
    expect(mine.alerts.every((a) => a.subjectLabel === "Tara Team")).toBe(true);
    expect(mine.alerts.map((a) => a.id)).not.toContain(other.alertId);
    expect((await listMyAlerts(manager.user, alertFeedQuerySchema.parse({ type: "overdue_task" }))).alerts).toHaveLength(0);
    expect((await listMyAlerts(manager.user, alertFeedQuerySchema.parse({ severity: "critical" }))).alerts).toHaveLength(0);
  });
});
