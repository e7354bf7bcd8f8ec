import { auditSigner } from "@/lib/audit/integrity/keys";
import { queueScheduledReports } from "@/lib/audit/reports/schedules";
import { buildClaimedReport, claimQueuedReport, failClaimedReport, finishClaimedReport } from "@/lib/audit/reports/service";
import { env } from "@/lib/env";
import { inngest } from "../client";

/**
 * Generates the compliance reports people asked for (lib/audit/reports/service.ts), one
 * a run, in steps whose progress the reports page shows: claim the oldest queued one,
 * build its figures from the database, then write the PDF, hash and sign it. Each
 * minute; it signs, so the local driver runs it in its own process, where the key is
 * (without the key a report is stored unsigned, and says so).
 */
export const auditReports = inngest.createFunction(
  { id: "audit-reports", name: "Compliance reports", triggers: [{ cron: "* * * * *" }], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) => {
    const id = await step.run("claim", () => claimQueuedReport());
    if (!id) return { generated: null };
    try {
      await step.run("build", () => buildClaimedReport(id));
      const report = await step.run("render-and-sign", () => finishClaimedReport(id, env.AUDIT_SIGNING_KEY ? auditSigner() : null));
      return { generated: id, status: report.status, signed: report.signed };
    } catch (error) {
      await step.run("record-failure", () => failClaimedReport(id, error));
      return { generated: id, status: "failed" };
    }
  },
);

/**
 * Report schedules (lib/audit/reports/schedules.ts): each hour, every active schedule's
 * report for its last whole week or month is queued once; the function above then
 * generates it, and its recipients get an email with a link when it is ready.
 */
export const auditReportSchedules = inngest.createFunction(
  { id: "audit-report-schedules", name: "Compliance report schedules", triggers: [{ cron: "15 * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => {
    const queued = await step.run("queue-due-reports", () => queueScheduledReports());
    return { queued };
  },
);
