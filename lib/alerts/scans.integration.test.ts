import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { db, pool } from "@/lib/db";
import { ALERT_SETTING_DEFAULTS } from "@/lib/settings/schemas";
import { formatDateTime } from "@/lib/time";
import { createUser } from "@/test/factories";
import { realtimeMessageSchema } from "@/lib/realtime/message";
import { ALERT_CREATED, alertEmailPayloadSchema, alertRealtimeDataSchema, SCAN_TYPES } from "./contract";
import { formatWaiting } from "./labels";
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
    await db.alertEmailPreference.create({ data: { userId: manager.user.id, high: "immediate" } }); // its own email at once (the default is a digest)
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
    expect(outbox.map((o) => [o.channel, o.topic])).toEqual([["email", ALERT_CREATED]]);
    expect(alertEmailPayloadSchema.parse(outbox[0]!.payload)).toEqual({
      version: 1, alertId: alert.id, to: manager.user.email, recipientName: "Mona Manager", type: "missing_checkout", severity: "high",
      subjectLabel: "Eli Employee", entityLabel: alert.entityLabel, message: alert.message, createdAt: NOW,
    });
    const push = await db.outboxMessage.findMany({ where: { channel: "realtime", payload: { path: ["data", "alertId"], equals: alert.id } } });
    expect(push.map((p) => p.topic)).toEqual([ALERT_CREATED]);
    const message = realtimeMessageSchema.parse(push[0]!.payload);
    expect(message).toMatchObject({ channel: `private-user-${manager.user.id}`, event: "alert_created" });
    expect(alertRealtimeDataSchema.parse(message.data)).toEqual({ version: 1, alertId: alert.id, type: "missing_checkout", severity: "high", subjectLabel: "Eli Employee", createdAt: NOW });
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

describe("labels", () => {
  it("every scan writes the labels, message, details and key the TypeScript formatters give", async () => {
    await createUser({ role: "admin", name: "Ada Admin" });
    const { manager } = await team();
    const person = (name: string, weeklyCapacityHours?: number) => createUser({ role: "employee", name, managerId: manager.user.id, weeklyCapacityHours });
    const [late, overdue, idle, waiting, busy] = await Promise.all([person("Lena Late"), person("Omar O'Neil"), person("Ida Idle"), person("Wes Waiting"), person("Bea Busy", 1)]);
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    const iso = (d: Date) => d.toISOString();

    const lateIn = at(-13 * HOUR - 17 * 60_000);
    const session = await db.attendanceSession.create({ data: { userId: late.user.id, checkInAt: lateIn } });
    const due = at(-26 * HOUR);
    const task = await db.task.create({ data: { title: 'File the "Q1" binder — urgent', assigneeId: overdue.user.id, dueDate: due, status: "IN_PROGRESS" } });
    const idleIn = at(-5 * HOUR);
    const idleSession = await db.attendanceSession.create({ data: { userId: idle.user.id, checkInAt: idleIn } });
    const lastActivity = at(-4 * HOUR - 1234);
    await db.timeLog.create({ data: { userId: idle.user.id, startedAt: at(-5 * HOUR + 60_000), endedAt: lastActivity } });
    const submitted = at(-100 * HOUR);
    const leave = await db.leaveRequest.create({
      data: { requesterId: waiting.user.id, type: "annual", startDate: new Date("2026-03-20"), endDate: new Date("2026-03-21"), reason: "Trip", status: "pending", createdAt: submitted },
    });
    const project = await db.projectRequest.create({ data: { requesterId: waiting.user.id, title: "New CRM", description: "x", status: "pending", createdAt: submitted } });
    await db.task.create({ data: { title: "Older", assigneeId: busy.user.id, dueDate: at(48 * HOUR), estimateMinutes: 45, createdAt: at(-2 * HOUR) } });
    const newest = await db.task.create({ data: { title: "Newer", assigneeId: busy.user.id, dueDate: at(48 * HOUR), estimateMinutes: 50, createdAt: at(-HOUR) } });

    for (const type of SCAN_TYPES) await runScan(type, { now: NOW, settings });
    const alerts = await db.alert.findMany({ where: { recipientUserId: manager.user.id }, orderBy: { dedupeKey: "asc" } });
    const pick = ({ type, entityLabel, message, dedupeKey, details, subjectLabel }: (typeof alerts)[number]) => ({ type, subjectLabel, entityLabel, message, dedupeKey, details });
    expect(alerts.map(pick)).toEqual(
      [
        {
          type: "missing_checkout", subjectLabel: "Lena Late", dedupeKey: `missing_checkout:${session.id}`,
          entityLabel: `Attendance from ${formatDateTime(lateIn)}`,
          message: `Lena Late checked in at ${formatDateTime(lateIn)} and has not checked out (${formatWaiting(NOW.getTime() - lateIn.getTime())} open, buffer 12 h).`,
          details: { checkInAt: iso(lateIn), bufferHours: 12 },
        },
        {
          type: "overdue_task", subjectLabel: "Omar O'Neil", dedupeKey: `overdue_task:${task.id}:${iso(due)}`, entityLabel: task.title,
          message: `"${task.title}" assigned to Omar O'Neil was due ${formatDateTime(due)} and is not completed.`,
          details: { dueDate: iso(due), status: "IN_PROGRESS" },
        },
        {
          type: "idle_after_checkin", subjectLabel: "Ida Idle", dedupeKey: `idle_after_checkin:${idleSession.id}:${iso(lastActivity)}`,
          entityLabel: `Attendance from ${formatDateTime(idleIn)}`,
          message: `Ida Idle checked in at ${formatDateTime(idleIn)}; no timer or task activity since ${formatDateTime(lastActivity)} (${formatWaiting(NOW.getTime() - lastActivity.getTime())}).`,
          details: { checkInAt: iso(idleIn), lastActivityAt: iso(lastActivity), idleHours: 3 },
        },
        {
          type: "approval_delay", subjectLabel: "Wes Waiting", dedupeKey: `approval_delay:leave:${leave.id}`,
          entityLabel: "Annual leave 20 Mar 2026 to 21 Mar 2026 (Wes Waiting)",
          message: `A leave request from Wes Waiting submitted ${formatDateTime(submitted)} has waited ${formatWaiting(100 * HOUR)} for a decision.`,
          details: { kind: "leave", submittedAt: iso(submitted), delayHours: 72 },
        },
        {
          type: "approval_delay", subjectLabel: "Wes Waiting", dedupeKey: `approval_delay:project:${project.id}`, entityLabel: "Project: New CRM",
          message: `A project request from Wes Waiting submitted ${formatDateTime(submitted)} has waited ${formatWaiting(100 * HOUR)} for a decision.`,
          details: { kind: "project", submittedAt: iso(submitted), delayHours: 72 },
        },
        {
          // 95 minutes against 1 h: Math.round(95 / 6) / 10 = 1.6 h, Math.round(158.33) = 158 %.
          type: "workload_overload", subjectLabel: "Bea Busy", dedupeKey: `workload_overload:${busy.user.id}:${newest.id}`, entityLabel: "Workload of Bea Busy",
          message: "Bea Busy has 2 open tasks estimated at 1.6 h against 1 h weekly capacity (158%, threshold 100%).",
          details: { openEstimateMinutes: 95, openTasks: 2, capacityHours: 1, percent: 158, thresholdPercent: 100 },
        },
      ].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : 1)),
    );
  });
});

describe("one statement per scan", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds, raises, writes the outbox and audits in one round trip on one connection", async () => {
    const { member } = await team();
    await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() - 13 * HOUR) } });
    const query = vi.spyOn(pool, "query");
    const connect = vi.spyOn(pool, "connect");
    const result = await runScan("missing_checkout", { now: NOW, settings });
    expect(result.raised).toHaveLength(1);
    expect(query).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledTimes(1); // the one pool.query's checkout: no interactive transaction
    const rerun = await runScan("missing_checkout", { now: NOW, settings });
    expect(rerun.raised).toHaveLength(0);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it("writes no alert, outbox row or audit entry, and no error, when it finds nothing", async () => {
    const [alerts, outbox, audits] = await Promise.all([db.alert.count(), db.outboxMessage.count(), db.auditLog.count()]);
    const result = await runScan("workload_overload", { now: NOW, settings: { ...settings, workloadOverloadPercent: 1_000_000 } });
    expect(result).toEqual({ type: "workload_overload", found: 0, raised: [], escalated: 0 });
    expect([await db.alert.count(), await db.outboxMessage.count(), await db.auditLog.count()]).toEqual([alerts, outbox, audits]);
  });

  it("records one audit entry with the statement's own counts, and the chain verifies", async () => {
    const { manager, member } = await team();
    const s = await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() - 13 * HOUR) } });
    const before = await db.auditLog.count({ where: { actionType: "alerts.scan_raised" } });
    const result = await runScan("missing_checkout", { now: NOW, settings });
    const entries = await db.auditLog.findMany({ where: { actionType: "alerts.scan_raised" }, orderBy: { eventTimestamp: "desc" } });
    expect(entries).toHaveLength(before + 1);
    const alert = await db.alert.findFirstOrThrow({ where: { entityId: s.id, recipientUserId: manager.user.id } });
    expect(entries[0]).toMatchObject({
      actionDescription: `The missing check-out scan raised ${result.raised.length} alert${result.raised.length === 1 ? "" : "s"} and escalated 0`,
      objectType: "alert_scan", objectId: "missing_checkout", userName: "System: alert scans",
      newValues: { raised: result.raised.length, escalated: 0, found: result.found },
      changedFields: ["escalated", "found", "raised"],
    });
    expect((entries[0]!.additionalData as { alertIds: string[] }).alertIds).toContain(alert.id);
    expect((entries[0]!.additionalData as { at: string }).at).toBe(NOW.toISOString());
    // Nothing changed: no entry, and no error.
    expect(await runScan("missing_checkout", { now: NOW, settings })).toMatchObject({ raised: [], escalated: 0 });
    expect(await db.auditLog.count({ where: { actionType: "alerts.scan_raised" } })).toBe(before + 1);
    expect((await verifyAuditLog()).problems).toEqual([]);
  });

  it("commits alerts, outbox rows and the audit entry together or not at all", async () => {
    const { member } = await team();
    const s = await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(NOW.getTime() - 13 * HOUR) } });
    const owner = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await owner.connect();
    try {
      // The realtime outbox row of this one alert fails: the statement must leave nothing behind.
      await owner.query(`CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.channel = 'realtime' AND NEW.payload->'data'->>'subjectLabel' = 'Eli Employee' THEN RAISE EXCEPTION 'outbox down'; END IF; RETURN NEW; END $$`);
      await owner.query("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION fail_outbox()");
      const [audits, outbox] = await Promise.all([db.auditLog.count(), db.outboxMessage.count()]);
      await expect(runScan("missing_checkout", { now: NOW, settings })).rejects.toThrow(/outbox down/);
      expect(await db.alert.count({ where: { entityId: s.id } })).toBe(0);
      expect(await db.outboxMessage.count()).toBe(outbox);
      expect(await db.auditLog.count()).toBe(audits);
      await owner.query("DROP TRIGGER fail_outbox ON outbox_messages; DROP FUNCTION fail_outbox()");
      const ok = await runScan("missing_checkout", { now: NOW, settings });
      expect(ok.raised.map((r) => r.dedupeKey)).toContain(`missing_checkout:${s.id}`);
    } finally {
      await owner.query("DROP TRIGGER IF EXISTS fail_outbox ON outbox_messages; DROP FUNCTION IF EXISTS fail_outbox()");
      await owner.end();
    }
  });
});
