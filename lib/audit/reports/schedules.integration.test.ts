// Report schedules end to end: an admin schedules a monthly access review for two
// people; the hourly function queues last month's report once (a repeated run queues
// nothing); the report function generates it; its ready transaction writes one email per
// recipient who is still active and may open reports, and the email carries a link to
// the report, not the report. Stopping a schedule ends it; every step is audited.
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sendEmailRow } from "@/lib/email/deliver";
import type { MailMessage } from "@/lib/email/transport";
import { auditReports, auditReportSchedules } from "@/inngest/functions/audit-reports";
import { asOwner } from "@/test/as-owner";
import { createUser } from "@/test/factories";
import { REPORT_READY_TOPIC } from "./email";
import { lastPeriod, periodOfDays } from "./period";
import { createSchedule, queueScheduledReports, stopSchedule } from "./schedules";
import { listSchedules } from "./queries";

describe("report schedules", () => {
  it("produce a report for the last whole period and an outbox email with a link to it, once", async () => {
    const admin = await createUser({ role: "admin", name: "Sana Scheduler" });
    const auditor = await createUser({ role: "auditor", name: "Asad Recipient" });
    const leaver = await createUser({ role: "auditor", name: "Lena Leaver" });

    const { id } = await createSchedule({ ...admin.ctx, type: "access_review", cadence: "monthly", recipientIds: [auditor.user.id, leaver.user.id] });

    // The hourly function queues last month's report.
    const now = new Date();
    const { result } = await new InngestTestEngine({ function: auditReportSchedules }).execute();
    const period = lastPeriod("monthly", now);
    expect(result).toEqual({ queued: [expect.objectContaining({ schedule: id, from: period.from, to: period.to })] });
    const reportId = (result as { queued: Array<{ id: string }> }).queued[0]!.id;
    const queued = await db.auditReport.findUniqueOrThrow({ where: { id: reportId } });
    const bounds = periodOfDays(period.from, period.to);
    expect(queued).toMatchObject({ status: "queued", reportType: "access_review", schedule: id, periodFrom: bounds.from, periodTo: bounds.to, generatedById: admin.user.id });
    // Run again (an hour later, or after a crash): nothing twice.
    expect(await queueScheduledReports(now)).toEqual([]);
    expect(await db.auditReport.count({ where: { schedule: id } })).toBe(1);

    // One recipient leaves before the report is ready: only the other is emailed.
    await db.user.update({ where: { id: leaver.user.id }, data: { status: "suspended" } });
    const generated = await new InngestTestEngine({ function: auditReports }).execute();
    expect(generated.result).toMatchObject({ generated: reportId, status: "ready" });

    const emails = await db.outboxMessage.findMany({ where: { channel: "email", topic: REPORT_READY_TOPIC } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.payload).toMatchObject({ to: auditor.user.email, recipientName: "Asad Recipient", reportId, cadence: "monthly" });
    const ready = await db.auditReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(emails[0]!.payload).toMatchObject({ pdfSha256: ready.pdfSha256, keyId: ready.keyId });

    // The email renders with a link to the report on the reports page, and no attachment.
    const sent: MailMessage[] = [];
    await sendEmailRow({ id: emails[0]!.id, channel: "email", topic: emails[0]!.topic, payload: emails[0]!.payload, attempts: 0, createdAt: emails[0]!.createdAt }, async (m) => void sent.push(m));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: auditor.user.email, subject: expect.stringMatching(/^Report ready: Access review, /) });
    expect(sent[0]!.text).toContain(`/audit/reports?report=${reportId}`);
    expect(sent[0]!.html).toContain(ready.pdfSha256!);
    expect(Object.keys(sent[0]!)).not.toContain("attachments");

    // Listed with its last report; stopped, it queues nothing more, even next month.
    const [listed] = await listSchedules(auditor.ctx);
    expect(listed).toMatchObject({ id, cadence: "monthly", createdBy: "Sana Scheduler", stoppedAt: null, lastReport: { id: reportId, status: "ready" } });
    expect(listed!.recipients.map((r) => [r.name, r.canReceive])).toEqual([["Asad Recipient", true], ["Lena Leaver", false]]);
    await stopSchedule({ ...auditor.ctx, id });
    await expect(stopSchedule({ ...auditor.ctx, id })).rejects.toThrow(/already stopped/);
    expect(await queueScheduledReports(new Date(now.getTime() + 40 * 86_400_000))).toEqual([]);

    const actions = (await db.auditLog.findMany({ where: { objectId: { in: [id, reportId] } }, orderBy: [{ eventTimestamp: "asc" }, { id: "asc" }], select: { actionType: true, actionDescription: true } })).map((a) => ({ actionType: a.actionType, description: a.actionDescription }));
    // (generated and emailed are written in one transaction, at one instant)
    expect(actions.map((a) => a.actionType).sort()).toEqual(["audit_report.emailed", "audit_report.generated", "audit_report.requested", "audit_report_schedule.created", "audit_report_schedule.stopped"]);
    const said = (action: string) => actions.find((a) => a.actionType === action)!.description;
    expect(said("audit_report_schedule.created")).toBe("Sana Scheduler scheduled a monthly access review report, emailed to Asad Recipient, Lena Leaver");
    expect(said("audit_report.requested")).toMatch(/^The monthly schedule of Sana Scheduler queued the access review report for /);
    expect(said("audit_report.emailed")).toContain(auditor.user.email);
    expect(said("audit_report.emailed")).not.toContain(leaver.user.email);
  });

  it("are refused to people without audit:reports, email only people who may open reports, and are changed only by stopping", async () => {
    const admin = await createUser({ role: "admin" });
    const employee = await createUser({ role: "employee" });
    const suspended = await createUser({ role: "auditor", status: "suspended" });
    await expect(createSchedule({ ...employee.ctx, type: "authentication", cadence: "weekly", recipientIds: [employee.user.id] })).rejects.toThrow(/not allowed/);
    await expect(createSchedule({ ...admin.ctx, type: "authentication", cadence: "weekly", recipientIds: [employee.user.id] })).rejects.toThrow(/only to active people who may open them/);
    await expect(createSchedule({ ...admin.ctx, type: "authentication", cadence: "weekly", recipientIds: [suspended.user.id] })).rejects.toThrow(/only to active people/);
    await expect(createSchedule({ ...admin.ctx, type: "authentication", cadence: "weekly", recipientIds: [] })).rejects.toThrow(/at least one/);
    await expect(createSchedule({ ...admin.ctx, type: "authentication", cadence: "daily" as never, recipientIds: [admin.user.id] })).rejects.toThrow(/weekly or monthly/);
    const { id } = await createSchedule({ ...admin.ctx, type: "authentication", cadence: "weekly", recipientIds: [admin.user.id] });
    await expect(stopSchedule({ ...employee.ctx, id })).rejects.toThrow(/not allowed/);
    // The app's role may only stop a schedule; even the owner cannot rewrite or remove one.
    await expect(db.auditReportSchedule.update({ where: { id }, data: { cadence: "monthly" } })).rejects.toThrow(/permission denied/);
    await expect(db.auditReportSchedule.delete({ where: { id } })).rejects.toThrow(/permission denied/);
    await asOwner(async (c) => {
      await expect(c.query("UPDATE audit_report_schedules SET cadence = 'monthly' WHERE id = $1", [id])).rejects.toThrow(/only ever stopped/);
      await expect(c.query("DELETE FROM audit_report_schedules WHERE id = $1", [id])).rejects.toThrow(/only ever stopped/);
    });
    // A weekly schedule queues last week's report.
    const [queued] = await queueScheduledReports(new Date("2026-12-07T10:00:00Z"));
    expect(queued).toMatchObject({ schedule: id, from: "2026-11-30", to: "2026-12-06" });
  });
});
