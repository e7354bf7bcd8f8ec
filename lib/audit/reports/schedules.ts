// Report schedules (issue 21): a report type generated every week or every month for the
// period just ended, and emailed to the chosen people through the outbox as a link to
// the reports page (never an attachment: the link asks them to sign in, and the
// download is audited as theirs). Auditors and admins (audit:reports) create and stop
// schedules; recipients must be active people who may open reports. The hourly
// audit-report-schedules function queues each due report once (one per schedule and
// period, held by a unique index), and the report's own generation emails it when ready.
import { rolesWith } from "@/lib/access/permissions";
import { db, type Tx } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { enqueueOutbox } from "@/lib/outbox/outbox";
import type { ServiceContext } from "@/lib/service-context";
import { formatDate } from "@/lib/time";
import { REPORT_READY_TOPIC, type ReportEmailPayload } from "./email";
import { actorFromUser, systemActor } from "../write/actor";
import { auditedTransaction } from "../write/transaction";
import { CADENCES, MAX_RECIPIENTS, REPORT_TYPES, type Cadence, type ReportType } from "./document";
import { requireReports } from "./queries";
import { lastPeriod, periodOfDays } from "./period";
import { REPORTS } from "./types";


export async function createSchedule(ctx: ServiceContext & { type: ReportType; cadence: Cadence; recipientIds: string[] }): Promise<{ id: string }> {
  const { actor, request, type, cadence } = ctx;
  requireReports(actor);
  if (!REPORT_TYPES.includes(type)) throw new ServiceError(`Unknown report type ${type}.`);
  if (!CADENCES.includes(cadence)) throw new ServiceError("Choose weekly or monthly.");
  const recipientIds = [...new Set(ctx.recipientIds)];
  if (recipientIds.length === 0) throw new ServiceError("Choose at least one person to email.");
  if (recipientIds.length > MAX_RECIPIENTS) throw new ServiceError(`A schedule emails at most ${MAX_RECIPIENTS} people.`);
  const people = await db.user.findMany({ where: { id: { in: recipientIds }, status: "active", role: { in: rolesWith("audit:reports") } }, select: { id: true, name: true } });
  if (people.length !== recipientIds.length) throw new ServiceError("Reports are emailed only to active people who may open them (auditors and admins).");
  const names = recipientIds.map((id) => people.find((p) => p.id === id)!.name);
  return auditedTransaction(async (tx, audit) => {
    const created = await tx.auditReportSchedule.create({
      data: { reportType: type, cadence, recipientIds, createdById: actor.id, createdByName: actor.name },
      select: { id: true },
    });
    const label = `${cadence} ${REPORTS[type].title.toLowerCase()} report`;
    audit.record({
      eventType: "create", category: "reporting", actionType: "audit_report_schedule.created",
      description: `${actor.name} scheduled a ${label}, emailed to ${names.join(", ")}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_report_schedule", id: created.id, name: label },
      after: { type, cadence, recipients: names }, isComplianceRelated: true,
    });
    return created;
  });
}

export async function stopSchedule({ actor, request, id }: ServiceContext & { id: string }): Promise<void> {
  requireReports(actor);
  await auditedTransaction(async (tx, audit) => {
    const rows = await tx.$queryRaw<Array<{ report_type: string; cadence: string }>>`
      UPDATE audit_report_schedules SET stopped_at = now(), stopped_by_name = ${actor.name}
       WHERE id = ${id}::uuid AND stopped_at IS NULL RETURNING report_type, cadence`;
    const row = rows[0];
    if (!row) throw new ServiceError("No such schedule, or it is already stopped.", "not_found");
    const label = `${row.cadence} ${REPORTS[row.report_type as ReportType].title.toLowerCase()} report`;
    audit.record({
      eventType: "update", category: "reporting", actionType: "audit_report_schedule.stopped",
      description: `${actor.name} stopped the ${label}`,
      actor: actorFromUser(actor), context: request, object: { type: "audit_report_schedule", id, name: label },
      before: { stopped: false }, after: { stopped: true }, isComplianceRelated: true,
    });
  });
}

class AlreadyQueued extends Error {}

/**
 * Queues the report each active schedule owes for its last whole period, once: a
 * schedule created mid-month gets last month's report within the hour, then one a month.
 * Returns the reports queued by this run.
 */
export async function queueScheduledReports(now = new Date()): Promise<Array<{ id: string; schedule: string; from: string; to: string }>> {
  const schedules = await db.auditReportSchedule.findMany({ where: { stoppedAt: null }, orderBy: { createdAt: "asc" } });
  const queued: Array<{ id: string; schedule: string; from: string; to: string }> = [];
  for (const s of schedules) {
    const type = s.reportType as ReportType;
    const { from, to } = lastPeriod(s.cadence as Cadence, now);
    const period = periodOfDays(from, to);
    const name = `${REPORTS[type].title}, ${from} to ${to}`;
    const requestedBy = `the ${s.cadence} schedule of ${s.createdByName}`;
    if (await db.auditReport.findFirst({ where: { schedule: s.id, periodFrom: period.from }, select: { id: true } })) continue;
    const id = await auditedTransaction(async (tx, audit) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO audit_reports (id, report_name, report_type, generated_by_id, generated_by_name, period_from, period_to, schedule)
        VALUES (uuidv7(), ${name}, ${type}, ${s.createdById}::uuid, ${requestedBy}, ${period.from}, ${period.to}, ${s.id})
        ON CONFLICT DO NOTHING RETURNING id::text`;
      const created = rows[0];
      if (!created) throw new AlreadyQueued(); // another run queued it meanwhile
      audit.record({
        eventType: "create", category: "reporting", actionType: "audit_report.requested",
        description: `The ${s.cadence} schedule of ${s.createdByName} queued the ${REPORTS[type].title.toLowerCase()} report for ${from} to ${to}`,
        actor: systemActor("report schedules"), object: { type: "audit_report", id: created.id, name },
        after: { type, from, to, schedule: s.id }, isComplianceRelated: true,
      });
      return created.id;
    }).catch((error: unknown) => {
      if (error instanceof AlreadyQueued) return null;
      throw error;
    });
    if (id) queued.push({ id, schedule: s.id, from, to });
  }
  return queued;
}

/**
 * The emails a scheduled report sends when it is ready, written in the transaction that
 * makes it ready: one per recipient who is still active and may still open reports.
 */
export async function enqueueScheduledReportEmails(
  tx: Tx,
  report: { id: string; reportName: string; reportType: string; schedule: string | null; periodFrom: Date; periodTo: Date; pdfSha256: string; keyId: string | null },
): Promise<string[]> {
  if (!report.schedule) return [];
  const schedule = await tx.auditReportSchedule.findUnique({ where: { id: report.schedule }, select: { cadence: true, recipientIds: true } });
  if (!schedule) return [];
  const people = await tx.user.findMany({
    where: { id: { in: schedule.recipientIds }, status: "active", role: { in: rolesWith("audit:reports") } },
    orderBy: { name: "asc" }, select: { id: true, name: true, email: true },
  });
  const type = report.reportType as ReportType;
  const periodLabel = `${formatDate(report.periodFrom)} – ${formatDate(new Date(report.periodTo.getTime() - 1))}`;
  for (const p of people) {
    const payload: ReportEmailPayload = {
      to: p.email, recipientName: p.name, reportId: report.id, reportName: report.reportName, reportTitle: REPORTS[type].title,
      cadence: schedule.cadence as Cadence, period: periodLabel, pdfSha256: report.pdfSha256, keyId: report.keyId,
    };
    await enqueueOutbox(tx, { channel: "email", topic: REPORT_READY_TOPIC, payload });
  }
  return people.map((p) => p.email);
}
