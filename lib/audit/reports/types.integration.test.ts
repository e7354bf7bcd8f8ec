import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { actorFromUser, systemActor } from "@/lib/audit/write/actor";
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { createCheckpoint } from "@/lib/audit/integrity/checkpoint";
import { createUser, REQUEST } from "@/test/factories";
import { figureOf, tableOf, type ReportPeriod } from "./document";
import { buildReport } from "./types";

// Each report type over a small world made here: every figure equals the same figure
// computed by plain SQL in the test (not the report's own queries), and its table holds
// the rows behind it.

const count = async (sql: string, params: unknown[] = []) => Number((await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(sql, ...params))[0]!.n);

let period: ReportPeriod;
let people: Record<"admin" | "hr" | "manager" | "employee" | "idle" | "suspended", Awaited<ReturnType<typeof createUser>>>;

beforeAll(async () => {
  const start = new Date(Date.now() - 100 * 60_000); // the alerts below go back 54 minutes
  people = {
    admin: await createUser({ role: "admin", name: "Rpt Admin" }),
    hr: await createUser({ role: "hr_operations", name: "Rpt HR" }),
    manager: await createUser({ role: "manager", name: "Rpt Manager", department: "Finance" }),
    employee: await createUser({ role: "employee", name: "Rpt Employee" }),
    idle: await createUser({ role: "employee", name: "Rpt Idle" }),
    suspended: await createUser({ role: "employee", name: "Rpt Suspended", status: "suspended" }),
  };
  const now = new Date();
  await db.user.updateMany({ where: { id: { in: [people.admin.user.id, people.hr.user.id, people.manager.user.id, people.employee.user.id] } }, data: { lastLoginAt: now } });
  await db.user.update({ where: { id: people.idle.user.id }, data: { lastLoginAt: new Date(Date.now() - 200 * 86_400_000) } });
  await db.apiToken.create({ data: { userId: people.suspended.user.id, name: "left behind", secretHash: Buffer.from("report-test-secret-hash-000000001"), hint: "hrg_x", scopes: ["audit:read"], expiresAt: new Date(Date.now() + 86_400_000) } });

  await auditedTransaction(async (_tx, audit) => {
    const ctx = { actor: actorFromUser(people.admin.actor), context: REQUEST };
    audit.record({ ...ctx, eventType: "update", category: "user_management", actionType: "user.role_changed", description: "role change", object: { type: "user", id: people.employee.user.id, name: "Rpt Employee" }, before: { role: "employee" }, after: { role: "team_lead" } });
    audit.record({ ...ctx, eventType: "update", category: "user_management", actionType: "user.suspended", description: "suspended", object: { type: "user", id: people.suspended.user.id, name: "Rpt Suspended" } });
    const signIn = (who: typeof people.employee, action: string, ip: string) => audit.record({
      eventType: "login", category: "security", actionType: action, description: action, actor: actorFromUser(who.actor), context: { ...REQUEST, ip }, object: { type: "session" },
      status: action === "auth.login_succeeded" ? "success" : "failure",
    });
    signIn(people.employee, "auth.login_succeeded", "10.1.1.1");
    signIn(people.employee, "auth.login_succeeded", "10.1.1.2");
    signIn(people.employee, "auth.login_failed", "10.1.1.2");
    signIn(people.manager, "auth.login_failed", "10.9.9.9");
    signIn(people.manager, "auth.login_failed", "10.9.9.9");
    signIn(people.manager, "auth.locked_out", "10.9.9.9");
    signIn(people.manager, "auth.login_throttled", "10.9.9.9");
  });
  await db.auditSession.create({ data: { sessionId: "report-test-new-device", userId: people.employee.user.id, userName: "Rpt Employee", userEmail: people.employee.user.email, ipAddress: "10.1.1.2", browserInfo: "Firefox 140", deviceType: "desktop", securityFlags: ["new_device"], loginStatus: "success" } });

  const read = (who: typeof people.hr, whose: typeof people.employee, category: "health_data" | "compensation_data" | "personal_info", status: "granted" | "denied" = "granted") =>
    recordDataAccess({
      actor: who.actor, request: REQUEST, accessType: "view", dataCategory: category, dataType: "leave_request", recordCount: 1, sensitivity: "restricted",
      subjects: [{ id: whose.user.id, name: whose.user.name, count: 1 }], status, isPhi: category === "health_data",
    });
  await read(people.hr, people.employee, "health_data");
  await read(people.hr, people.employee, "health_data");
  await read(people.manager, people.employee, "compensation_data");
  await read(people.employee, people.manager, "health_data", "denied");
  await read(people.hr, people.manager, "personal_info"); // not sensitive: not counted

  const alert = (o: { status: "OPEN" | "RESOLVED" | "DISMISSED"; hoursAgo: number; resolvedAfterHours?: number; escalated?: boolean; recipient: typeof people.manager }) =>
    db.alert.create({
      data: {
        type: "overdue_task", severity: "medium", status: o.status, recipientUserId: o.recipient.user.id, subjectLabel: "x", entityType: "task", entityId: crypto.randomUUID(),
        entityLabel: "Task", message: "m", dedupeKey: crypto.randomUUID(), createdAt: new Date(Date.now() - o.hoursAgo * 3_600_000),
        resolvedAt: o.resolvedAfterHours === undefined ? null : new Date(Date.now() - (o.hoursAgo - o.resolvedAfterHours) * 3_600_000),
        dismissedAt: o.status === "DISMISSED" ? new Date() : null, escalatedAt: o.escalated ? new Date() : null,
      },
    });
  await alert({ status: "RESOLVED", hoursAgo: 0.5, resolvedAfterHours: 0.25, recipient: people.manager });
  await alert({ status: "RESOLVED", hoursAgo: 0.9, resolvedAfterHours: 0.75, recipient: people.manager });
  await alert({ status: "DISMISSED", hoursAgo: 0.2, recipient: people.employee });
  await alert({ status: "OPEN", hoursAgo: 0.1, escalated: true, recipient: people.manager });

  const a1 = await db.announcement.create({ data: { title: "Rpt for everyone", body: "b", audience: "all", audienceSummary: "Everyone", audienceTerms: { create: { kind: "everyone" } }, startDate: new Date(Date.now() - 30_000), endDate: new Date(Date.now() + 86_400_000), createdByName: "x", requiresAck: true } });
  await db.announcement.create({ data: { title: "Rpt for managers", body: "b", audience: "manager", audienceSummary: "Managers", audienceTerms: { create: { kind: "role", role: "manager" } }, startDate: new Date(Date.now() - 30_000), endDate: new Date(Date.now() + 86_400_000), createdByName: "x" } });
  await db.announcementRead.create({ data: { announcementId: a1.id, userId: people.employee.user.id, readAt: new Date(), acknowledgedAt: new Date() } });
  await db.announcementRead.create({ data: { announcementId: a1.id, userId: people.manager.user.id, readAt: new Date() } });
  await db.announcementRead.create({ data: { announcementId: a1.id, userId: people.hr.user.id } });

  await createCheckpoint();
  await auditedTransaction(async (_tx, audit) => {
    audit.record({ eventType: "read", category: "compliance", actionType: "audit.verified", description: "Intact", actor: actorFromUser(people.admin.actor), object: { type: "audit_log" }, additionalData: { status: "intact", entriesChecked: 42 } });
    audit.record({ eventType: "system", category: "system", actionType: "report.fixture", description: "x", actor: systemActor("t"), object: { type: "x" } });
  });
  await createCheckpoint();
  period = { from: start, to: new Date(Date.now() + 60_000) };
}, 60_000);

const IN = "event_timestamp >= $1 AND event_timestamp < $2";

describe("compliance report types: figures equal plain SQL over the same period", () => {
  it("access_review", async () => {
    const doc = await buildReport("access_review", period);
    expect(figureOf(doc, "accounts")).toBe(await count("SELECT count(*) AS n FROM users"));
    expect(figureOf(doc, "suspended")).toBe(await count("SELECT count(*) AS n FROM users WHERE status = 'suspended'"));
    expect(figureOf(doc, "changes")).toBe(await count(`SELECT count(*) AS n FROM audit_logs WHERE action_type IN ('user.role_changed','security.permissions_seeded','user.suspended','user.activated') AND ${IN}`, [period.from, period.to]));
    expect(figureOf(doc, "changes")).toBe(2);
    expect(figureOf(doc, "idle")).toBe(await count("SELECT count(*) AS n FROM users WHERE status = 'active' AND (last_login_at IS NULL OR last_login_at < $1::timestamptz - interval '90 days')", [period.to]));
    expect(tableOf(doc, "idle").rows.map((r) => r.name)).toContain("Rpt Idle");
    expect(figureOf(doc, "suspendedWithTokens")).toBe(1);
    expect(tableOf(doc, "suspendedWithTokens").rows).toEqual([expect.objectContaining({ name: "Rpt Suspended", tokens: 1 })]);
    expect(tableOf(doc, "changes").rows.find((r) => r.whose === "Rpt Employee")).toMatchObject({ change: expect.stringMatching(/role/i), from: "Employee", to: "Team Lead", by: "Rpt Admin" });
    expect(tableOf(doc, "holders").rows.find((r) => r.name === "Rpt Admin")?.permissions).toContain("settings:manage");
  });

  it("authentication", async () => {
    const doc = await buildReport("authentication", period);
    const n = (action: string) => count(`SELECT count(*) AS n FROM audit_logs WHERE action_type = $3 AND ${IN}`, [period.from, period.to, action]);
    expect(figureOf(doc, "signIns")).toBe(await n("auth.login_succeeded"));
    expect(figureOf(doc, "failures")).toBe((await n("auth.login_failed")) + (await n("auth.login_suspended")));
    expect(figureOf(doc, "lockouts")).toBe(await n("auth.locked_out"));
    expect(figureOf(doc, "throttles")).toBe(await n("auth.login_throttled"));
    expect([figureOf(doc, "signIns"), figureOf(doc, "failures"), figureOf(doc, "lockouts"), figureOf(doc, "throttles")]).toEqual([2, 3, 1, 1]);
    expect(figureOf(doc, "newDevices")).toBe(await count("SELECT count(*) AS n FROM audit_sessions WHERE security_flags ? 'new_device' AND login_time >= $1 AND login_time < $2", [period.from, period.to]));
    const offHours = await count(
      `SELECT count(*) AS n FROM audit_logs WHERE action_type = 'auth.login_succeeded' AND ${IN}
         AND NOT (extract(isodow FROM event_timestamp AT TIME ZONE 'Asia/Karachi') <= 5 AND extract(hour FROM event_timestamp AT TIME ZONE 'Asia/Karachi') BETWEEN 8 AND 18)`,
      [period.from, period.to],
    );
    expect(figureOf(doc, "offHours")).toBe(offHours);
    expect(tableOf(doc, "byPerson").rows.find((r) => r.address === "10.9.9.9")).toMatchObject({ failed: 2, locked: 1, throttled: 1, succeeded: 0 });
  });

  it("sensitive_data_access", async () => {
    const doc = await buildReport("sensitive_data_access", period);
    const where = "(data_category IN ('health_data','compensation_data','financial_data') OR is_phi_data) AND access_timestamp >= $1 AND access_timestamp < $2";
    expect(figureOf(doc, "reads")).toBe(await count(`SELECT count(*) AS n FROM data_access_logs WHERE ${where} AND access_status IN ('granted','partial')`, [period.from, period.to]));
    expect(figureOf(doc, "reads")).toBe(3);
    expect(figureOf(doc, "refused")).toBe(1);
    expect(figureOf(doc, "readers")).toBe(2);
    expect(figureOf(doc, "subjects")).toBe(1);
    expect(tableOf(doc, "byReader").rows.find((r) => r.reader === "Rpt HR")).toMatchObject({ whose: "Rpt Employee", category: "Health data", reads: 2, refused: 0 });
  });

  it("integrity_attestation", async () => {
    const doc = await buildReport("integrity_attestation", period);
    expect(figureOf(doc, "checkpoints")).toBe(await count("SELECT count(*) AS n FROM audit_checkpoints WHERE created_at >= $1 AND created_at < $2", [period.from, period.to]));
    expect(figureOf(doc, "checkpoints")).toBe(2);
    expect(figureOf(doc, "verifications")).toBe(1);
    expect(figureOf(doc, "lastOutcome")).toMatch(/^Intact, /);
    expect(figureOf(doc, "keys")).toMatch(/^ed25519:[0-9a-f]{16}$/);
    expect(figureOf(doc, "gaps")).toBe(0);
  });

  it("alert_handling", async () => {
    const doc = await buildReport("alert_handling", period);
    const n = (extra: string) => count(`SELECT count(*) AS n FROM alerts WHERE created_at >= $1 AND created_at < $2 ${extra}`, [period.from, period.to]);
    expect(figureOf(doc, "raised")).toBe(await n(""));
    expect(figureOf(doc, "resolved")).toBe(await n("AND status = 'RESOLVED'"));
    expect(figureOf(doc, "dismissed")).toBe(await n("AND status = 'DISMISSED'"));
    expect(figureOf(doc, "escalated")).toBe(await n("AND escalated_at IS NOT NULL"));
    // Resolved after 15 and 45 minutes: median 0.5 h, p90 0.7 h (continuous percentile).
    expect(figureOf(doc, "medianHours")).toBe(0.5);
    expect(figureOf(doc, "p90Hours")).toBe(0.7);
    expect(figureOf(doc, "overdue")).toBe(0);
    expect(tableOf(doc, "byTypeAndTeam").rows.find((r) => r.team === "Finance")).toMatchObject({ type: "Overdue task", raised: 3, resolved: 2, open: 1, escalated: 1 });
  });

  it("announcement_reach", async () => {
    const doc = await buildReport("announcement_reach", period);
    const everyone = await count("SELECT count(*) AS n FROM users WHERE status = 'active'");
    const managers = await count("SELECT count(*) AS n FROM users WHERE status = 'active' AND role = 'manager'");
    const rows = tableOf(doc, "byAnnouncement").rows;
    expect(rows.find((r) => r.title === "Rpt for everyone")).toMatchObject({ size: everyone, delivered: 3, readShare: Math.round((1000 * 2) / everyone) / 10, ackShare: Math.round(1000 / everyone) / 10 });
    expect(rows.find((r) => r.title === "Rpt for managers")).toMatchObject({ size: managers, delivered: 0, readShare: 0, ackShare: null });
  });
});
