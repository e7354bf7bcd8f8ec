// Each scheduled function's steps (@inngest/test), against the test database: the step
// runs the lib code, and a memoized step (a retry after it succeeded) does not run again.
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit/write/actor";
import { appendAuditEntries } from "@/lib/audit/write/writer";
import { db } from "@/lib/db";
import { startSmtpCatcher } from "@/lib/email/catcher";
import { createUser } from "@/test/factories";
import { auditAnomalies } from "./functions/audit-anomalies";
import { auditCheckpoint, auditPartitions, auditRetention, auditRollups } from "./functions/audit-maintenance";
import { outboxDeliver } from "./functions/outbox-deliver";
import { approvalDelayScan } from "./functions/scan-approval-delay";
import { idleAfterCheckinScan } from "./functions/scan-idle-after-checkin";
import { missingCheckoutScan } from "./functions/scan-missing-checkout";
import { overdueTaskScan } from "./functions/scan-overdue-task";
import { workloadOverloadScan } from "./functions/scan-workload-overload";

const HOUR = 3_600_000;

describe("scan functions", () => {
  const cases = [
    [missingCheckoutScan, "missing_checkout"],
    [overdueTaskScan, "overdue_task"],
    [idleAfterCheckinScan, "idle_after_checkin"],
    [approvalDelayScan, "approval_delay"],
    [workloadOverloadScan, "workload_overload"],
  ] as const;

  it.each(cases)("%# runs one step around lib/alerts and returns its summary", async (fn, type) => {
    const t = new InngestTestEngine({ function: fn, events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }] });
    const { result, ctx } = await t.execute();
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    expect(ctx.step.run).toHaveBeenCalledWith(`scan-${type}`, expect.any(Function));
    expect(result).toMatchObject({ type, found: expect.any(Number), raised: expect.any(Number), escalated: expect.any(Number) });
  });

  it("raises for real, and a retry with the step memoized does not scan again", async () => {
    const manager = await createUser({ role: "manager" });
    const member = await createUser({ managerId: manager.user.id });
    await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(Date.now() - 20 * HOUR) } });
    const t = new InngestTestEngine({ function: missingCheckoutScan });
    const first = await t.execute();
    expect(first.result).toMatchObject({ type: "missing_checkout", raised: 1 });
    expect(await db.alert.count({ where: { recipientUserId: manager.user.id } })).toBe(1);

    // A new condition appears, but the retried run has the step's result already.
    const other = await createUser({ managerId: manager.user.id });
    await db.attendanceSession.create({ data: { userId: other.user.id, checkInAt: new Date(Date.now() - 20 * HOUR) } });
    const memoized = await t.execute({ steps: [{ id: "scan-missing_checkout", handler: () => ({ type: "missing_checkout", found: 1, raised: 1, escalated: 0 }) }] });
    expect(memoized.result).toMatchObject({ raised: 1 });
    expect(await db.alert.count({ where: { recipientUserId: manager.user.id } })).toBe(1);
  });
});

describe("outbox-deliver", () => {
  it("sends the pending alert emails through SMTP in its email step", async () => {
    const catcher = await startSmtpCatcher();
    process.env.SMTP_URL = `smtp://127.0.0.1:${catcher.port}`;
    try {
      const { vi } = await import("vitest");
      vi.resetModules();
      const { outboxDeliver: fresh } = await import("./functions/outbox-deliver");
      const manager = await createUser({ role: "manager", name: "Maya Mailbox" });
      await db.alertEmailPreference.create({ data: { userId: manager.user.id, medium: "immediate" } }); // its own email at once (the default is a digest)
      const member = await createUser({ managerId: manager.user.id, name: "Nadir Late" });
      await db.task.create({ data: { title: "Submit the expense report", assigneeId: member.user.id, dueDate: new Date(Date.now() - HOUR) } });
      const { runScan } = await import("@/lib/alerts/run");
      await runScan("overdue_task");
      const { result, ctx } = await new InngestTestEngine({ function: fresh }).execute();
      expect(ctx.step.run).toHaveBeenCalledWith("deliver-email", expect.any(Function));
      expect((result as { email: { sent: number } }).email.sent).toBeGreaterThanOrEqual(1);
      const mail = catcher.messages().find((m) => m.to.includes(manager.user.email));
      expect(mail?.subject).toBe("[Medium] Overdue task: Nadir Late");
      expect(mail?.text).toContain("Submit the expense report");
    } finally {
      delete process.env.SMTP_URL;
      await catcher.close();
    }
  });
  it("is registered every minute", () => {
    expect((outboxDeliver as unknown as { opts: { triggers: Array<{ cron: string }> } }).opts.triggers).toEqual([{ cron: "* * * * *" }]);
  });
});

describe("audit functions", () => {
  it("audit-partitions ensures partitions, then seals the months that ended, in its steps", async () => {
    const { result, ctx } = await new InngestTestEngine({ function: auditPartitions }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("ensure-partitions", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("seal-text-months", expect.any(Function));
    expect(result).toEqual({ partitions: expect.any(Number), sealedMonths: expect.any(Number) });
    // No attached partition whose month ended over a day ago is left unsealed.
    const [row] = await db.$queryRaw<Array<{ due: number }>>`
      SELECT count(*)::int AS due FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit_logs'::regclass
         AND audit_partition_start(c.relname) + interval '1 month' <= now() - interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM audit_text_months m WHERE m.relid = c.oid)`;
    expect(row!.due).toBe(0);
  });

  it("audit-rollups brings the chart rollups up to the chain heads in its step", async () => {
    await db.$transaction((tx) => appendAuditEntries(tx, [{ eventType: "system", category: "system", actionType: "rollup.fixture", description: "Rollup fixture", actor: systemActor("test"), object: { type: "fixture" } }]));
    const { result, ctx } = await new InngestTestEngine({ function: auditRollups }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("advance", expect.any(Function));
    expect((result as { rolledUp: number }).rolledUp).toBeGreaterThan(0);
    const [row] = await db.$queryRaw<Array<{ behind: number }>>`SELECT count(*)::int AS behind FROM audit_chain_heads h JOIN audit_rollup_watermarks w USING (chain_id) WHERE w.last_seq <> h.last_seq`;
    expect(row!.behind).toBe(0);
  });

  it("audit-checkpoint signs a checkpoint when the process holds the signing key", async () => {
    const before = await db.auditCheckpoint.count();
    const { result, ctx } = await new InngestTestEngine({ function: auditCheckpoint }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("checkpoint", expect.any(Function));
    expect(result).toMatchObject({ ran: true });
    expect(await db.auditCheckpoint.count()).toBe(before + 1);
  });

  it("audit-retention archives, in its step, only months past retention: none in a young log", async () => {
    const { result, ctx } = await new InngestTestEngine({ function: auditRetention }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("archive-expired-months", expect.any(Function));
    expect(result).toMatchObject({ ran: true, archived: [] });
    expect(await db.auditArchive.count()).toBe(0);
  });

  it("audit-anomalies records a failed sign-in burst once and alerts admins and auditors", async () => {
    const admin = await createUser({ role: "admin" });
    const auditor = await createUser({ role: "auditor" });
    const employee = await createUser({ role: "employee" });
    const entry = {
      eventType: "login" as const, category: "security" as const, actionType: "auth.login_failed", description: "Failed sign-in",
      actor: { id: null, name: "Unknown user", email: "target@acme.test", role: "", department: "" }, object: { type: "session" },
      context: { ip: "198.51.100.9" }, status: "failure" as const,
    };
    await db.$transaction((tx) => appendAuditEntries(tx, Array.from({ length: 6 }, () => entry)));
    const t = new InngestTestEngine({ function: auditAnomalies });
    const { result, ctx } = await t.execute();
    expect(ctx.step.run).toHaveBeenCalledWith("scan-audit-log", expect.any(Function));
    expect(result).toMatchObject({ recorded: 1 });
    // The next scan (overlapping window) finds it again and records nothing new.
    const { runAnomalyScan } = await import("@/lib/alerts/anomalies");
    expect(await runAnomalyScan()).toMatchObject({ found: 1, recorded: 0, alerted: 0 });
    expect(await db.auditAlert.count({ where: { alertType: "failed_signin_burst" } })).toBe(1);
    const anomaly = await db.auditAlert.findFirstOrThrow({ where: { alertType: "failed_signin_burst" } });
    expect(anomaly.alertMessage).toContain("target@acme.test");
    const alerted = await db.alert.findMany({ where: { type: "audit_anomaly", entityId: anomaly.id }, select: { recipientUserId: true, severity: true } });
    const ids = alerted.map((a) => a.recipientUserId);
    expect(ids).toEqual(expect.arrayContaining([admin.user.id, auditor.user.id]));
    expect(ids).not.toContain(employee.user.id);
    expect(new Set(alerted.map((a) => a.severity))).toEqual(new Set(["critical"]));
  });
});
