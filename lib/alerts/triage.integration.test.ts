// Issue 24: digests instead of an email per alert, preferences, snooze, bulk triage,
// repeat and inhibit, and one definition of "open alerts" behind every count.
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { db, pool } from "@/lib/db";
import { startSmtpCatcher } from "@/lib/email/catcher";
import { sendEmailRow } from "@/lib/email/deliver";
import { smtpMailer } from "@/lib/email/transport";
import { deliverOutbox } from "@/lib/outbox/outbox";
import { ALERT_SETTING_DEFAULTS } from "@/lib/settings/schemas";
import { createUser } from "@/test/factories";
import { ALERT_CREATED, ALERT_DIGEST_TOPIC, alertDigestPayloadSchema, BUILT_IN_EMAIL_MODES, SEVERITIES } from "./contract";
import { buildDigests } from "./notify";
import { updateAlertEmailDefaults, updateMyAlertEmailPreferences } from "./preferences";
import { alertFeedQuerySchema } from "./schemas";
import { countOpenAlerts, getMyAlertSummary, listMyAlerts } from "./queries";
import { runAllScans, runScan } from "./run";
import { triageAlerts } from "./service";

const current = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => current.user,
}));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 10:00 PKT on a Wednesday.
const NOW = new Date("2026-03-11T05:00:00.000Z");
const settings = { ...ALERT_SETTING_DEFAULTS };
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** A manager with `people` reports, each with `tasks` overdue tasks (medium alerts to the manager). */
async function teamWithOverdueTasks(prefix: string, people: number, tasks: number) {
  const manager = await createUser({ role: "manager", name: `${prefix} Manager` });
  const members = [];
  for (let i = 0; i < people; i++) {
    const member = await createUser({ managerId: manager.user.id, name: `${prefix} Member ${String(i + 1).padStart(2, "0")}` });
    members.push(member);
    await db.task.createMany({
      data: Array.from({ length: tasks }, (_, t) => ({ title: `${prefix} task ${i + 1}.${t + 1}`, assigneeId: member.user.id, dueDate: new Date(NOW.getTime() - HOUR - t * MINUTE), status: "TODO" as const, estimateMinutes: 30 })),
    });
  }
  return { manager, members };
}

/** A report whose open work is far above capacity: a critical workload overload alert to the manager. */
async function overloaded(managerId: string, name: string) {
  const member = await createUser({ managerId, name, weeklyCapacityHours: 10 });
  await db.task.create({ data: { title: `${name}'s migration`, assigneeId: member.user.id, dueDate: new Date(NOW.getTime() + 72 * HOUR), status: "TODO", estimateMinutes: 60 * 60 } });
  return member;
}

/** The digests queued for a person, oldest first. */
const digestsFor = (email: string) =>
  db.outboxMessage
    .findMany({ where: { channel: "email", topic: ALERT_DIGEST_TOPIC, payload: { path: ["to"], equals: email } }, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.map((r) => ({ ...r, digest: alertDigestPayloadSchema.parse(r.payload) })));
/** Single-alert emails queued for an address. */
const singleEmailsTo = (email: string) => db.outboxMessage.count({ where: { channel: "email", topic: ALERT_CREATED, payload: { path: ["to"], equals: email } } });

describe("digests", () => {
  it("a round of 50 medium alerts for one manager is one digest after the window; each critical alert is its own email at once", async () => {
    const { manager } = await teamWithOverdueTasks("Fifty", 10, 5);
    await overloaded(manager.user.id, "Fifty Heavy One");
    await overloaded(manager.user.id, "Fifty Heavy Two");
    await runAllScans({ now: NOW, settings });

    const alerts = await db.alert.findMany({ where: { recipientUserId: manager.user.id } });
    expect(alerts.filter((a) => a.severity === "medium")).toHaveLength(50);
    expect(alerts.filter((a) => a.severity === "critical")).toHaveLength(2);
    // The critical ones were queued as their own emails by the raising statement.
    expect(await singleEmailsTo(manager.user.email)).toBe(2);
    expect(alerts.filter((a) => a.severity === "critical").every((a) => a.notifiedAt?.getTime() === NOW.getTime())).toBe(true);

    // Inside the window: nothing.
    await buildDigests({ now: at(4 * MINUTE), settings });
    expect(await digestsFor(manager.user.email)).toHaveLength(0);
    // At the window: one digest carrying the 50.
    await buildDigests({ now: at(5 * MINUTE), settings });
    const [only, ...more] = await digestsFor(manager.user.email);
    expect(more).toHaveLength(0);
    expect(only!.digest).toMatchObject({ total: 50, reminders: 0, bySeverity: { medium: 50 }, inhibited: [] });
    expect(only!.digest.alerts).toHaveLength(50);
    expect(only!.idempotencyKey).toMatch(new RegExp(`^alert-digest:${manager.user.id}:[0-9a-f]{32}$`));
    const told = await db.alert.findMany({ where: { recipientUserId: manager.user.id, severity: "medium" } });
    expect(told.every((a) => a.digestId === only!.id && a.notifiedAt?.getTime() === at(5 * MINUTE).getTime())).toBe(true);
    // Run again (a retry, a second instance): nothing more.
    await buildDigests({ now: at(6 * MINUTE), settings });
    expect(await digestsFor(manager.user.email)).toHaveLength(1);
    expect(await singleEmailsTo(manager.user.email)).toBe(2);
  });

  it("leaves out an alert resolved before the digest goes out", async () => {
    const { manager } = await teamWithOverdueTasks("Early", 1, 3);
    await runScan("overdue_task", { now: NOW, settings });
    const [first, ...rest] = await db.alert.findMany({ where: { recipientUserId: manager.user.id }, orderBy: { entityLabel: "asc" } });
    await triageAlerts({ ...manager.ctx, ids: [first!.id], action: "resolve", note: "Done already" });
    await buildDigests({ now: at(5 * MINUTE), settings });
    const [digest] = await digestsFor(manager.user.email);
    expect(digest!.digest.total).toBe(2);
    expect(digest!.digest.alerts.map((a) => a.alertId).sort()).toEqual(rest.map((a) => a.id).sort());
    expect((await db.alert.findUniqueOrThrow({ where: { id: first!.id } })).notifiedAt).toBeNull();
  });

  it("follows each person's choice: immediate emails each alert, daily waits for the person's PKT hour; the admins' default applies otherwise", async () => {
    const eager = await teamWithOverdueTasks("Eager", 1, 2);
    await updateMyAlertEmailPreferences({ ...eager.manager.ctx, values: { low: null, medium: "immediate", high: null, critical: null, dailyHour: null } });
    const daily = await teamWithOverdueTasks("Daily", 1, 2);
    await updateMyAlertEmailPreferences({ ...daily.manager.ctx, values: { low: null, medium: "daily", high: null, critical: null, dailyHour: 18 } });
    await runScan("overdue_task", { now: NOW, settings });
    expect(await singleEmailsTo(eager.manager.user.email)).toBe(2);
    expect(await singleEmailsTo(daily.manager.user.email)).toBe(0);

    // 17:59 PKT: the daily summary is not due; 18:00 PKT it is (one email with both).
    await buildDigests({ now: new Date("2026-03-11T12:59:00.000Z"), settings });
    expect(await digestsFor(daily.manager.user.email)).toHaveLength(0);
    await buildDigests({ now: new Date("2026-03-11T13:00:00.000Z"), settings });
    const [summary] = await digestsFor(daily.manager.user.email);
    expect(summary!.digest.total).toBe(2);
    // The eager manager's alerts were told at once: no digest for them.
    expect(await digestsFor(eager.manager.user.email)).toHaveLength(0);

    // An admin makes medium immediate for everyone who has not chosen.
    const admin = await createUser({ role: "admin", name: "Default Admin" });
    await updateAlertEmailDefaults({ ...admin.ctx, values: { low: "digest", medium: "immediate", high: "digest", critical: "immediate" } });
    const later = await teamWithOverdueTasks("Later", 1, 1);
    await runScan("overdue_task", { now: at(HOUR), settings });
    expect(await singleEmailsTo(later.manager.user.email)).toBe(1);
    // …but the daily manager's own choice still wins.
    await db.task.create({ data: { title: "Daily extra", assigneeId: daily.members[0]!.user.id, dueDate: at(30 * MINUTE), status: "TODO" } });
    await runScan("overdue_task", { now: at(HOUR), settings });
    expect(await singleEmailsTo(daily.manager.user.email)).toBe(0);
    await updateAlertEmailDefaults({ ...admin.ctx, values: BUILT_IN_EMAIL_MODES });
  });

  it("the SQL default is the contract's built-in default", async () => {
    const nobody = await createUser({ name: "No Choice" });
    await db.setting.deleteMany({ where: { key: { startsWith: "alerts.email_mode." } } });
    for (const severity of SEVERITIES) {
      const [row] = await db.$queryRaw<Array<{ mode: string }>>`SELECT alert_email_mode(${nobody.user.id}::uuid, ${severity}::"AlertSeverity")::text AS mode`;
      expect(row!.mode, severity).toBe(BUILT_IN_EMAIL_MODES[severity]);
    }
  });

  it("reminds once, in a digest, of an alert still open a repeat interval after its email", async () => {
    const { manager } = await teamWithOverdueTasks("Repeat", 1, 1);
    await runScan("overdue_task", { now: NOW, settings });
    await buildDigests({ now: at(5 * MINUTE), settings });
    expect(await digestsFor(manager.user.email)).toHaveLength(1);
    // The scan keeps finding it: it is not raised again.
    await runScan("overdue_task", { now: at(6 * HOUR), settings });
    expect(await db.alert.count({ where: { recipientUserId: manager.user.id } })).toBe(1);
    await buildDigests({ now: at(24 * HOUR + 5 * MINUTE - 1), settings });
    expect(await digestsFor(manager.user.email)).toHaveLength(1);
    await buildDigests({ now: at(24 * HOUR + 10 * MINUTE), settings });
    const digests = await digestsFor(manager.user.email);
    expect(digests).toHaveLength(2);
    expect(digests[1]!.digest).toMatchObject({ total: 1, reminders: 1 });
    expect(digests[1]!.digest.alerts[0]!.reminder).toBe(true);
    // Once only.
    await buildDigests({ now: at(72 * HOUR), settings });
    expect(await digestsFor(manager.user.email)).toHaveLength(2);
  });

  it("holds back a person's overdue-task alerts while their workload overload is open (they stay in the list)", async () => {
    const manager = await createUser({ role: "manager", name: "Inhibit Manager" });
    const heavy = await overloaded(manager.user.id, "Inhibit Heavy");
    await db.task.createMany({ data: [1, 2, 3].map((n) => ({ title: `Late ${n}`, assigneeId: heavy.user.id, dueDate: new Date(NOW.getTime() - HOUR), status: "TODO" as const })) });
    const other = await createUser({ managerId: manager.user.id, name: "Inhibit Other" });
    await db.task.create({ data: { title: "Other late", assigneeId: other.user.id, dueDate: new Date(NOW.getTime() - HOUR), status: "TODO" } });
    await runAllScans({ now: NOW, settings });
    await buildDigests({ now: at(5 * MINUTE), settings });
    const [digest] = await digestsFor(manager.user.email);
    expect(digest!.digest.total).toBe(1);
    expect(digest!.digest.alerts.map((a) => a.subjectLabel)).toEqual(["Inhibit Other"]);
    expect(digest!.digest.inhibited).toEqual([{ subjectLabel: "Inhibit Heavy", count: 3 }]);
    // In the list all the same.
    const open = await listMyAlerts(manager.actor, alertFeedQuerySchema.parse({ limit: 100 }));
    expect(open.alerts.filter((a) => a.subjectLabel === "Inhibit Heavy").map((a) => a.type).sort()).toEqual(["overdue_task", "overdue_task", "overdue_task", "workload_overload"]);
    // Once the overload is resolved, the held alerts go in the next digest.
    const overload = open.alerts.find((a) => a.type === "workload_overload")!;
    await triageAlerts({ ...manager.ctx, ids: [overload.id], action: "resolve" });
    await buildDigests({ now: at(10 * MINUTE), settings });
    const digests = await digestsFor(manager.user.email);
    expect(digests).toHaveLength(2);
    expect(digests[1]!.digest).toMatchObject({ total: 3, inhibited: [] });
  });

  it("does not raise a missing check-out on a day of the person's approved leave", async () => {
    const manager = await createUser({ role: "manager", name: "Leave Manager" });
    const away = await createUser({ managerId: manager.user.id, name: "Leave Away" });
    const here = await createUser({ managerId: manager.user.id, name: "Leave Here" });
    // Checked in 09:00 PKT on 10 March; approved leave for 10 March (and a rejected one for the other).
    const checkIn = new Date("2026-03-10T04:00:00.000Z");
    await db.attendanceSession.createMany({ data: [{ userId: away.user.id, checkInAt: checkIn }, { userId: here.user.id, checkInAt: checkIn }] });
    await db.leaveRequest.create({ data: { requesterId: away.user.id, type: "annual", startDate: new Date("2026-03-10"), endDate: new Date("2026-03-10"), reason: "Away", status: "approved" } });
    await db.leaveRequest.create({ data: { requesterId: here.user.id, type: "annual", startDate: new Date("2026-03-10"), endDate: new Date("2026-03-10"), reason: "Refused", status: "rejected" } });
    await runScan("missing_checkout", { now: NOW, settings });
    const raised = await db.alert.findMany({ where: { recipientUserId: manager.user.id, type: "missing_checkout" } });
    expect(raised.map((a) => a.subjectLabel)).toEqual(["Leave Here"]);
  });

  it("sends a digest exactly once across a crash between the SMTP send and the mark", async () => {
    const catcher = await startSmtpCatcher();
    const mailer = smtpMailer(`smtp://127.0.0.1:${catcher.port}`);
    const own = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      const { manager } = await teamWithOverdueTasks("Crash", 2, 2);
      await runScan("overdue_task", { now: NOW, settings });
      await buildDigests({ now: at(5 * MINUTE), settings });
      const [row] = await digestsFor(manager.user.email);
      await db.outboxMessage.updateMany({ where: { channel: "email", id: { not: row!.id }, sentAt: null }, data: { sentAt: new Date() } });
      const crashed = deliverOutbox({
        channel: "email", pool: own,
        send: async (message) => {
          await sendEmailRow(message, mailer);
          await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
               AND query LIKE '%outbox_messages%FOR UPDATE SKIP LOCKED%'`);
        },
      });
      await expect(crashed).rejects.toThrow();
      expect(await deliverOutbox({ channel: "email", send: (m) => sendEmailRow(m, mailer) })).toEqual({ sent: 1, failed: 0 });
      expect(catcher.received()).toBe(2);
      const kept = catcher.messages().filter((m) => m.to.includes(manager.user.email));
      expect(kept).toHaveLength(1);
      expect(kept[0]!.subject).toBe("[Alerts] 4 alerts: 4 medium");
      expect(kept[0]!.text).toContain("Crash Member 01 (2 alerts)");
      expect(kept[0]!.text).toContain("/alerts?group=person");
      // Nothing is queued again for the same alerts.
      await buildDigests({ now: at(20 * MINUTE), settings });
      expect(await digestsFor(manager.user.email)).toHaveLength(1);
    } finally {
      await killer.end();
      await own.end().catch(() => {});
      await catcher.close();
    }
  });
});

describe("snooze", () => {
  it("hides an alert from the open list and the digest until the time, then it returns; escalation still happens and ends the snooze", async () => {
    const { manager } = await teamWithOverdueTasks("Snooze", 1, 2);
    await runScan("overdue_task", { now: NOW, settings });
    const [a, b] = await db.alert.findMany({ where: { recipientUserId: manager.user.id }, orderBy: { entityLabel: "asc" } });
    const until = new Date(Date.now() + 2 * HOUR);
    const result = await triageAlerts({ ...manager.ctx, ids: [a!.id], action: "snooze", until: until.toISOString() });
    expect(result).toMatchObject({ changed: 1, snoozedUntil: until });
    const now = new Date();
    expect((await listMyAlerts(manager.actor, alertFeedQuerySchema.parse({}), now)).alerts.map((x) => x.id)).toEqual([b!.id]);
    expect((await listMyAlerts(manager.actor, alertFeedQuerySchema.parse({ status: "SNOOZED" }), now)).alerts.map((x) => x.id)).toEqual([a!.id]);
    expect(await countOpenAlerts(manager.actor, now)).toBe(1);
    // At the snooze's end it is open again.
    expect(await countOpenAlerts(manager.actor, until)).toBe(2);

    // Escalation (after the interval, counted from when it was raised) happens while snoozed, and wakes it.
    await triageAlerts({ ...manager.ctx, ids: [b!.id], action: "snooze", until: "monday" });
    const escalated = await runScan("overdue_task", { now: at(24 * HOUR), settings });
    expect(escalated.escalated).toBeGreaterThanOrEqual(2);
    const after = await db.alert.findMany({ where: { id: { in: [a!.id, b!.id] } } });
    expect(after.map((x) => [x.severity, x.snoozedUntil])).toEqual([["high", null], ["high", null]]);
    const entries = await db.auditLog.findMany({ where: { objectId: a!.id, actionType: "alert.snoozed" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actionDescription).toMatch(/^Snooze Manager snoozed the overdue task alert about Snooze Member 01 until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} PKT$/);
  });

  it("refuses a snooze in the past or beyond 90 days, and says why", async () => {
    const { manager } = await teamWithOverdueTasks("Refuse", 1, 1);
    await runScan("overdue_task", { now: NOW, settings });
    const [a] = await db.alert.findMany({ where: { recipientUserId: manager.user.id } });
    await expect(triageAlerts({ ...manager.ctx, ids: [a!.id], action: "snooze", until: "2020-01-01T09:00" })).rejects.toThrow("Snooze until a time in the future.");
    await expect(triageAlerts({ ...manager.ctx, ids: [a!.id], action: "snooze", until: new Date(Date.now() + 100 * 24 * HOUR).toISOString() })).rejects.toThrow("at most 90 days");
    await expect(triageAlerts({ ...manager.ctx, ids: [a!.id], action: "snooze" })).rejects.toThrow("Say until when");
  });
});

describe("bulk triage", () => {
  it("resolves 200 alerts in one statement with 200 audit entries, and the chains link up", async () => {
    const { manager } = await teamWithOverdueTasks("Bulk", 20, 10);
    await runScan("overdue_task", { now: NOW, settings });
    const ids = (await db.alert.findMany({ where: { recipientUserId: manager.user.id }, select: { id: true } })).map((a) => a.id);
    expect(ids).toHaveLength(200);
    const spy = vi.spyOn(pool, "query");
    const result = await triageAlerts({ ...manager.ctx, ids, action: "resolve", note: "Cleared in the Monday review" });
    const updates = spy.mock.calls.filter(([q]) => /UPDATE alerts/.test(typeof q === "string" ? q : (q as { text: string }).text));
    spy.mockRestore();
    expect(updates).toHaveLength(1);
    expect(result).toMatchObject({ changed: 200, alreadyClosed: 0, notFound: 0 });
    expect(await db.alert.count({ where: { id: { in: ids }, status: "RESOLVED", resolvedById: manager.user.id, resolutionNote: "Cleared in the Monday review" } })).toBe(200);
    const entries = await db.auditLog.findMany({ where: { objectId: { in: ids }, actionType: "alert.resolved" } });
    expect(entries).toHaveLength(200);
    expect(new Set(entries.map((e) => e.objectId)).size).toBe(200);
    expect(entries[0]!.actionDescription).toMatch(/^Bulk Manager resolved the overdue task alert about Bulk Member \d{2}: Cleared in the Monday review$/);
    expect(entries[0]!.objectName).toMatch(/^Overdue task: Bulk Member \d{2}$/);
    expect(entries[0]!.subjectUserId).not.toBeNull();
    expect((await verifyAuditLog()).problems).toEqual([]);
  });

  it("changes only the caller's open alerts; others' are refused on record, and closed ones are counted", async () => {
    const mine = await teamWithOverdueTasks("Mine", 1, 2);
    const theirs = await teamWithOverdueTasks("Theirs", 1, 1);
    await runScan("overdue_task", { now: NOW, settings });
    const [a, b] = await db.alert.findMany({ where: { recipientUserId: mine.manager.user.id } });
    const [other] = await db.alert.findMany({ where: { recipientUserId: theirs.manager.user.id } });
    await triageAlerts({ ...mine.manager.ctx, ids: [a!.id], action: "dismiss", note: "Not ours" });
    const result = await triageAlerts({ ...mine.manager.ctx, ids: [a!.id, b!.id, other!.id], action: "resolve" });
    expect(result).toMatchObject({ changed: 1, alreadyClosed: 1, notFound: 1 });
    expect((await db.alert.findUniqueOrThrow({ where: { id: other!.id } })).status).toBe("OPEN");
    const denied = await db.auditLog.findMany({ where: { userId: mine.manager.user.id, eventType: "access_denied" } });
    expect(denied.map((d) => d.actionDescription)).toEqual(["Mine Manager was refused: Tried to resolve an alert that is not theirs, or does not exist"]);
    await expect(triageAlerts({ ...mine.manager.ctx, ids: [other!.id], action: "resolve" })).rejects.toThrow("That alert was not found.");
    await expect(triageAlerts({ ...mine.manager.ctx, ids: [b!.id], action: "dismiss" })).rejects.toThrow("This alert is already resolved.");
  });
});

describe("counts agree", () => {
  it("badge, Home, the list and the API count the same open alerts (snoozed, closed and unread ones in the mix)", async () => {
    const { manager } = await teamWithOverdueTasks("Counts", 6, 5);
    await overloaded(manager.user.id, "Counts Heavy");
    await runAllScans({ now: NOW, settings });
    const all = await db.alert.findMany({ where: { recipientUserId: manager.user.id }, orderBy: { id: "asc" } });
    await triageAlerts({ ...manager.ctx, ids: all.slice(0, 3).map((a) => a.id), action: "snooze", until: "tomorrow" });
    await triageAlerts({ ...manager.ctx, ids: all.slice(3, 5).map((a) => a.id), action: "resolve" });
    await db.alert.updateMany({ where: { id: { in: all.slice(5, 10).map((a) => a.id) } }, data: { readAt: new Date() } });
    const expected = all.length - 5;

    const badge = await countOpenAlerts(manager.actor);
    const home = await getMyAlertSummary(manager.actor);
    let listed = 0;
    let before: string | undefined;
    let counts: Record<string, number> = {};
    do {
      const page = await listMyAlerts(manager.actor, { ...alertFeedQuerySchema.parse({ limit: 7 }), before });
      listed += page.alerts.length;
      counts = page.counts;
      before = page.nextCursor ?? undefined;
    } while (before);
    const { GET } = await import("@/app/api/alerts/route");
    current.user = { ...manager.actor, sessionId: "test-session" };
    const res = await GET(new Request("http://127.0.0.1/api/alerts?limit=100"));
    const api = (await res.json()) as { alerts: unknown[]; counts: Record<string, number> };

    const sum = (c: Record<string, number>) => Object.values(c).reduce((n, v) => n + v, 0);
    expect({ badge, home: home.total, homeBySeverity: sum(home.counts), listed, listCounts: sum(counts), api: api.alerts.length, apiCounts: sum(api.counts) }).toEqual({
      badge: expected, home: expected, homeBySeverity: expected, listed: expected, listCounts: expected, api: expected, apiCounts: expected,
    });
  });
});
