import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ALERT_SETTING_DEFAULTS } from "@/lib/settings/schemas";
import { createUser } from "@/test/factories";
import { runScan } from "./run";

const HOUR = 3_600_000;
// A fixed instant: nothing here depends on today's date. 10:00 PKT on a Wednesday.
const NOW = new Date("2026-03-11T05:00:00.000Z");
const settings = { ...ALERT_SETTING_DEFAULTS };

async function team() {
  const director = await createUser({ role: "manager", name: "Dana Director" });
  const manager = await createUser({ role: "manager", name: "Mona Manager", managerId: director.user.id });
  const member = await createUser({ role: "employee", name: "Eli Employee", managerId: manager.user.id });
  return { director, manager, member };
}

describe("missing_checkout scan", () => {
  it("raises exactly at the buffer, not a minute before, to the manager, with labels and outbox rows", async () => {
    const { manager, member } = await team();
    const other = await createUser({ role: "employee", name: "Ola Other", managerId: manager.user.id });
    const atThreshold = await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() - 12 * HOUR) } });
    await db.attendanceSession.create({ data: { userId: other.user.id, checkInAt: new Date(NOW.getTime() - 12 * HOUR + 60_000) } });

    const result = await runScan("missing_checkout", { now: NOW, settings });
    const mine = result.raised.filter((r) => r.recipientUserId === manager.user.id);
    expect(mine.map((r) => r.subjectLabel)).toEqual(["Eli Employee"]);
    const alert = await db.alert.findFirstOrThrow({ where: { entityId: atThreshold.id } });
    expect(alert).toMatchObject({ type: "missing_checkout", severity: "high", status: "OPEN", recipientUserId: manager.user.id, subjectLabel: "Eli Employee", entityType: "attendance_session" });
    expect(alert.entityLabel).toBe("Attendance from 10 Mar 2026, 22:00 PKT");
    const outbox = await db.outboxMessage.findMany({ where: { payload: { path: ["alertId"], equals: alert.id } } });
    expect(outbox.map((o) => o.channel)).toEqual(["email"]);
    const push = await db.outboxMessage.findMany({ where: { channel: "realtime", payload: { path: ["data", "alertId"], equals: alert.id } } });
    expect(push).toHaveLength(1);
    expect(push[0]!.payload).toMatchObject({ channel: `private-user-${manager.user.id}`, event: "alert_created" });
  });

  it("is not re-raised after the recipient resolves it while the same session stays open; a new session is a new occurrence", async () => {
    const { manager, member } = await team();
    const s = await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() - 13 * HOUR) } });
    await runScan("missing_checkout", { now: NOW, settings });
    await db.alert.updateMany({ where: { entityId: s.id }, data: { status: "RESOLVED", resolvedAt: NOW } });
    const again = await runScan("missing_checkout", { now: new Date(NOW.getTime() + HOUR), settings });
    expect(again.raised.filter((r) => r.recipientUserId === manager.user.id)).toHaveLength(0);

    await db.attendanceSession.update({ where: { id: s.id }, data: { checkOutAt: new Date(NOW.getTime() + HOUR) } });
    const next = await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() + 2 * HOUR) } });
    const later = await runScan("missing_checkout", { now: new Date(NOW.getTime() + 15 * HOUR), settings });
    expect(later.raised.filter((r) => r.recipientUserId === manager.user.id).map((r) => r.dedupeKey)).toEqual([`missing_checkout:${next.id}`]);
  });
});

describe("escalation", () => {
  it("rises one level per interval while the condition persists, and at high reaches the manager's manager", async () => {
    const { director, manager, member } = await team();
    const task = await db.task.create({ data: { title: "File the audit binder", assigneeId: member.user.id, dueDate: new Date(NOW.getTime() - HOUR), status: "TODO" } });
    await runScan("overdue_task", { now: NOW, settings });
    const key = { entityId: task.id, recipientUserId: manager.user.id };
    expect((await db.alert.findFirstOrThrow({ where: key })).severity).toBe("medium");

    // One minute short of the interval: nothing changes.
    const early = await runScan("overdue_task", { now: new Date(NOW.getTime() + 24 * HOUR - 60_000), settings });
    expect(early.escalated).toBe(0);
    // At the interval: medium → high, and the director gets a copy at high.
    const due = await runScan("overdue_task", { now: new Date(NOW.getTime() + 24 * HOUR), settings });
    expect(due.escalated).toBe(1);
    expect((await db.alert.findFirstOrThrow({ where: key })).severity).toBe("high");
    const copy = await db.alert.findFirstOrThrow({ where: { entityId: task.id, recipientUserId: director.user.id } });
    expect(copy).toMatchObject({ severity: "high", status: "OPEN", subjectLabel: "Eli Employee" });
    // Run again at once: no second step, no second copy.
    const repeat = await runScan("overdue_task", { now: new Date(NOW.getTime() + 24 * HOUR + 60_000), settings });
    expect(repeat.escalated).toBe(0);
    expect(await db.alert.count({ where: { entityId: task.id } })).toBe(2);
    // Completed: the condition cleared, so it escalates no further.
    await db.task.update({ where: { id: task.id }, data: { status: "COMPLETED", completedAt: NOW } });
    const cleared = await runScan("overdue_task", { now: new Date(NOW.getTime() + 72 * HOUR), settings });
    expect(cleared.escalated).toBe(0);
    expect((await db.alert.findFirstOrThrow({ where: key })).severity).toBe("high");
  });
});
