import { actorFromUser } from "@/lib/audit/write/actor";
import { recordAccessDenied } from "@/lib/access-denied";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { deliverRealtimeSoon } from "@/lib/realtime/deliver";
import type { ServiceContext } from "@/lib/service-context";
import { auditedStatement } from "@/lib/audit/write/statement";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatDateTime, fromPktLocalInput, snoozePresetPkt } from "@/lib/time";
import { runAnomalyScan } from "./anomalies";
import { anomalyTitle } from "./anomaly-labels";
import { ALERT_TYPE_LABELS, STATUS_LABELS } from "./labels";
import { runAllScans, summarize } from "./run";
import { bulkAlertSchema, dismissAuditAlertSchema, resolveAuditAlertSchema, type BulkAlertAction, type BulkAlertInput } from "./schemas";

type CloseOptions = ServiceContext & { alertId: string; note?: string };

/**
 * One alert resolved or dismissed by its recipient: the triage statement with one id
 * (triageAlerts, below), so one alert and many are closed, audited and refused alike.
 * Only the recipient, and only an open alert; anyone else finds nothing (404, the same
 * as an alert that does not exist) and the attempt is recorded as access_denied.
 */
async function closeAlert({ alertId, note, ...ctx }: CloseOptions, action: "resolve" | "dismiss") {
  // A dismissal here carries no note (dismissAlertSchema has none); a resolution may.
  await triageAlerts({ ...ctx, ids: [alertId], action, ...(action === "resolve" ? { note } : {}) });
  return { id: alertId };
}

export function resolveAlert(options: CloseOptions) {
  return closeAlert(options, "resolve");
}

export function dismissAlert(options: CloseOptions) {
  return closeAlert(options, "dismiss");
}

type CloseAuditAlertOptions = ServiceContext & { auditAlertId: string; note?: string };

/**
 * An auditor or admin resolves or dismisses an anomaly alert (audit_alerts), once: the
 * rule is in the UPDATE's where (still open), so of two at once one wins and the other
 * is told who closed it (conflict). The alert's copies still open in admins' and
 * auditors' feeds (the critical audit_anomaly alerts the scan raised) close with it,
 * each on record, so nobody is left to act on an anomaly already handled. A refusal (no
 * permission) is recorded by whoever called: the route wrapper or the action client.
 */
async function closeAuditAlert({ actor, request, ...fields }: CloseAuditAlertOptions, to: "RESOLVED" | "DISMISSED") {
  const verb = to === "RESOLVED" ? "resolve" : "dismiss";
  if (!can(actor.role, "audit:resolve_alerts")) throw new ServiceError(`Only auditors and administrators can ${verb} anomaly alerts.`, "forbidden");
  const input = to === "RESOLVED" ? resolveAuditAlertSchema.safeParse(fields) : dismissAuditAlertSchema.safeParse(fields);
  if (!input.success) throw new ServiceError(input.error.issues[0]?.message ?? "Check the form and try again.");
  const { auditAlertId, note } = input.data;
  const closed = await auditedTransaction(async (tx, audit) => {
    const now = new Date();
    const [row] = await tx.auditAlert.updateManyAndReturn({
      where: { id: auditAlertId, status: "OPEN" },
      data: { status: to, isResolved: true, resolvedAt: now, resolvedById: actor.id, resolvedByName: actor.name, resolutionNote: note || null },
      select: { id: true, alertType: true, alertSeverity: true, details: true, status: true, resolvedAt: true, resolvedByName: true, resolutionNote: true },
    });
    if (!row) return null; // nothing recorded, so rolled back: answered below
    const title = anomalyTitle(row).slice(0, 240);
    const past = to === "RESOLVED" ? "resolved" : "dismissed";
    // Its copies in people's feeds, with their recipients' names for the record.
    const copies = await tx.alert.findMany({
      where: { type: "audit_anomaly", entityType: "audit_alert", entityId: row.id, status: "OPEN" },
      select: { id: true, recipient: { select: { name: true } } },
    });
    const feedNote = `Closed with the anomaly alert by ${actor.name}${note ? `: ${note}` : ""}`.slice(0, 500);
    const copiesClosed = copies.length === 0 ? [] : await tx.alert.updateManyAndReturn({
      where: { id: { in: copies.map((c) => c.id) }, status: "OPEN" },
      data: { status: to, ...(to === "RESOLVED" ? { resolvedAt: now } : { dismissedAt: now }), resolvedById: actor.id, resolutionNote: feedNote },
      select: { id: true },
    });
    audit.record({
      eventType: "update",
      category: "security",
      actionType: `audit_alert.${past}`,
      description: `${actor.name} ${past} the anomaly alert “${title}”${note ? `: ${note}` : ""}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "audit_alert", id: row.id, name: title },
      before: { status: "OPEN", isResolved: false },
      after: { status: to, isResolved: true, resolvedAt: now.toISOString(), resolvedBy: actor.name, ...(note ? { resolutionNote: note } : {}) },
      additionalData: { alertType: row.alertType, severity: row.alertSeverity, feedAlertsClosed: copiesClosed.length },
    });
    const recipients = new Map(copies.map((c) => [c.id, c.recipient.name]));
    for (const copy of copiesClosed) {
      audit.record({
        eventType: "update",
        category: "alerts",
        actionType: `alert.${past}`,
        description: `${actor.name} ${past} ${recipients.get(copy.id) ?? "someone"}'s copy of the anomaly alert “${title}” with the alert itself`,
        actor: actorFromUser(actor),
        context: request,
        object: { type: "alert", id: copy.id, name: `${ALERT_TYPE_LABELS.audit_anomaly}: ${title}`.slice(0, 255) },
        before: { status: "OPEN" },
        after: { status: to, resolutionNote: feedNote },
      });
    }
    return { ...row, feedAlertsClosed: copiesClosed.length };
  }).catch(whenNothingRecorded(null));
  if (closed) return closed;
  const existing = await db.auditAlert.findUnique({ where: { id: auditAlertId }, select: { status: true, resolvedAt: true, resolvedByName: true } });
  if (!existing) throw new ServiceError("That anomaly alert was not found.", "not_found");
  if (existing.status === "OPEN") throw new ServiceError("That anomaly alert changed while it was being closed; please try again.", "conflict");
  const by = existing.resolvedByName ? ` by ${existing.resolvedByName}` : "";
  const when = existing.resolvedAt ? ` on ${formatDateTime(existing.resolvedAt)}` : "";
  throw new ServiceError(`This anomaly alert was already ${STATUS_LABELS[existing.status].toLowerCase()}${by}${when}; it cannot be ${verb === "resolve" ? "resolved" : "dismissed"} again.`, "conflict");
}

export function resolveAuditAlert(options: CloseAuditAlertOptions) {
  return closeAuditAlert(options, "RESOLVED");
}

export function dismissAuditAlert(options: CloseAuditAlertOptions) {
  return closeAuditAlert(options, "DISMISSED");
}

/** The viewer has seen these alerts in their feed (clears the badge). Not audited: a read marker on their own rows. */
export async function markAlertsRead({ viewerId, ids }: { viewerId: string; ids: string[] }): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.alert.updateMany({ where: { id: { in: ids }, recipientUserId: viewerId, readAt: null }, data: { readAt: new Date() } });
  return count;
}

/** "Run all scans now" (admins): recorded, then every scan and the anomaly scan once, in this request. */
export async function runAllScansNow({ actor, request }: ServiceContext) {
  if (!can(actor.role, "settings:manage")) throw new ServiceError("Only administrators can run the scans by hand.", "forbidden");
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "system", category: "alerts", actionType: "alerts.scans_requested",
      description: `${actor.name} ran every alert scan by hand`, actor: actorFromUser(actor), context: request,
      object: { type: "alert_scan", id: "all", name: "All alert scans" },
    });
  });
  const scans = (await runAllScans()).map(summarize);
  const anomalies = await runAnomalyScan();
  // The recipients' open pages update now; anything not sent waits for the sweep.
  deliverRealtimeSoon();
  return { scans, anomalies };
}

// ─── Triage (issue 24): resolve, dismiss, snooze or wake several alerts at once ─────

const PAST: Record<BulkAlertAction, string> = { resolve: "resolved", dismiss: "dismissed", snooze: "snoozed", wake: "woke" };
const MAX_SNOOZE_DAYS = 90;

/** ALERT_TYPE_LABELS as SQL over a row's `type` (lower-cased as a sentence uses it, unless asked). */
function typeLabelSql(column: string, lower = true): Prisma.Sql {
  const cases = Object.entries(ALERT_TYPE_LABELS).map(([type, label]) => Prisma.sql`WHEN ${type} THEN ${lower ? label.toLowerCase() : label}::text`);
  return Prisma.sql`(CASE ${Prisma.raw(column)}::text ${Prisma.join(cases, " ")} END)`;
}

/** Where a snooze ends: a preset, a PKT date-time, or an instant; refused unless ahead and within 90 days. */
export function snoozeEnd(until: string | undefined, now: Date): Date {
  if (!until) throw new ServiceError("Say until when to snooze.");
  const at = until === "tomorrow" || until === "monday" ? snoozePresetPkt(until, now) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(until) ? fromPktLocalInput(until) : new Date(until);
  if (Number.isNaN(at.getTime())) throw new ServiceError("That is not a date and time.");
  if (at.getTime() <= now.getTime() + 60_000) throw new ServiceError("Snooze until a time in the future.");
  if (at.getTime() > now.getTime() + MAX_SNOOZE_DAYS * 24 * 3_600_000) throw new ServiceError(`Snooze for at most ${MAX_SNOOZE_DAYS} days.`);
  return at;
}

export type TriageResult = { action: BulkAlertAction; changed: number; alreadyClosed: number; notFound: number; snoozedUntil: Date | null };

/**
 * Resolves, dismisses, snoozes or wakes the recipient's own open alerts among `ids`, in
 * ONE audited statement with one entry per alert changed (the rule is in the UPDATE's
 * where: recipient, open, and for wake: snoozed). Ids that are someone else's or do not
 * exist change nothing and are recorded once as access_denied; when nothing changed the
 * answer says why (404 none found, 409 already closed).
 */
export async function triageAlerts({ actor, request, ...fields }: ServiceContext & BulkAlertInput): Promise<TriageResult> {
  const input = bulkAlertSchema.safeParse(fields);
  if (!input.success) throw new ServiceError(input.error.issues[0]?.message ?? "Check the form and try again.");
  const { action, note } = input.data;
  const ids = [...new Set(input.data.ids)];
  const now = new Date();
  const until = action === "snooze" ? snoozeEnd(input.data.until, now) : null;
  const at = Prisma.sql`${now}::timestamptz`;
  const mine = Prisma.sql`a.id = ANY(${ids}::uuid[]) AND a.recipient_user_id = ${actor.id}::uuid AND a.status = 'OPEN'`;
  const set = {
    resolve: Prisma.sql`status = 'RESOLVED', resolved_at = ${at}, resolved_by_id = ${actor.id}::uuid, resolution_note = ${note || null}, read_at = COALESCE(read_at, ${at}), snoozed_until = NULL`,
    dismiss: Prisma.sql`status = 'DISMISSED', dismissed_at = ${at}, resolved_by_id = ${actor.id}::uuid, resolution_note = ${note || null}, read_at = COALESCE(read_at, ${at}), snoozed_until = NULL`,
    snooze: Prisma.sql`snoozed_until = ${until}::timestamptz`,
    wake: Prisma.sql`snoozed_until = NULL`,
  }[action];
  const extra = action === "wake" ? Prisma.sql` AND a.snoozed_until > ${at}` : Prisma.empty;
  const past = PAST[action];
  const when = until ? formatDateTime(until) : "";
  const tail = action === "snooze" ? ` until ${when}` : note && action !== "wake" ? `: ${note}` : "";
  const after =
    action === "snooze" ? { snoozedUntil: until!.toISOString() }
    : action === "wake" ? { snoozedUntil: null }
    : { status: action === "resolve" ? "RESOLVED" : "DISMISSED", ...(note ? { resolutionNote: note } : {}) };
  const { appended } = await auditedStatement([
    {
      name: "changed",
      sql: Prisma.sql`UPDATE alerts a SET ${set} WHERE ${mine}${extra}
                      RETURNING a.id, a.type, a.subject_label, a.subject_user_id`,
    },
  ], [
    {
      rowsOf: "changed",
      entry: {
        eventType: "update",
        category: "alerts",
        actionType: `alert.${action === "wake" ? "woken" : past}`,
        description: `${actor.name} ${past} an alert`, // per row below
        actor: actorFromUser(actor),
        context: request,
        object: { type: "alert" },
        before: action === "wake" ? { snoozed: true } : { status: "OPEN" },
        after,
        ...(ids.length > 1 ? { additionalData: { together: ids.length } } : {}),
      },
      columns: {
        object_id: Prisma.sql`changed.id::text`,
        object_name: Prisma.sql`left(${typeLabelSql("changed.type", false)} || ': ' || changed.subject_label, 255)`,
        subject_user_id: Prisma.sql`changed.subject_user_id`,
        action_description: Prisma.sql`${`${actor.name} ${action === "wake" ? "woke" : past} the `}::text || ${typeLabelSql("changed.type")} || ' alert about ' || changed.subject_label || ${tail}::text`,
      },
    },
  ]);
  const missing = ids.length - appended;
  // The caller's own among the ids: closed ones (for wake: any), to tell what did not change.
  const own = missing > 0
    ? await db.alert.findMany({ where: { id: { in: ids }, recipientUserId: actor.id, ...(action === "wake" ? {} : { status: { not: "OPEN" } }) }, select: { status: true } })
    : [];
  const alreadyClosed = missing > 0 ? own.length - (action === "snooze" ? 0 : appended) : 0;
  const notFound = missing - alreadyClosed;
  if (notFound > 0) {
    await recordAccessDenied({
      actor, request,
      reason: `Tried to ${action} ${notFound === 1 ? "an alert that is not theirs, or does not exist" : `${notFound} alerts that are not theirs, or do not exist`}`,
      target: notFound === 1 && ids.length === 1 ? { type: "alert", id: ids[0]!, name: "An alert" } : undefined,
    });
  }
  if (appended === 0) {
    if (notFound > 0) throw new ServiceError(ids.length === 1 ? "That alert was not found." : "None of those alerts were found.", "not_found");
    if (action === "wake") throw new ServiceError(ids.length === 1 ? "This alert is not snoozed." : "Those alerts are not snoozed.", "conflict");
    throw new ServiceError(ids.length === 1 ? `This alert is already ${own[0]!.status.toLowerCase()}.` : "Those alerts are already closed.", "conflict");
  }
  return { action, changed: appended, alreadyClosed, notFound, snoozedUntil: until };
}
