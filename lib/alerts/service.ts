import { actorFromUser } from "@/lib/audit/write/actor";
import { recordAccessDenied } from "@/lib/access-denied";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { deliverRealtimeSoon } from "@/lib/realtime/deliver";
import type { ServiceContext } from "@/lib/service-context";
import { runAnomalyScan } from "./anomalies";
import { ALERT_TYPE_LABELS } from "./labels";
import { runAllScans, summarize } from "./run";
import { dismissAlertSchema, resolveAlertSchema } from "./schemas";

type CloseOptions = ServiceContext & { alertId: string; note?: string };

/**
 * Only the recipient resolves or dismisses, and only an open alert: the rule is in the
 * UPDATE's where. Anyone else finds nothing (404, the same as an alert that does not
 * exist) and the attempt is recorded as access_denied; nothing changes.
 */
async function closeAlert({ actor, request, ...fields }: CloseOptions, to: "RESOLVED" | "DISMISSED") {
  const input = to === "RESOLVED" ? resolveAlertSchema.safeParse(fields) : dismissAlertSchema.safeParse(fields);
  if (!input.success) throw new ServiceError(input.error.issues[0]?.message ?? "Check the form and try again.");
  const { alertId } = input.data;
  const note = "note" in input.data ? input.data.note : "";
  const updated = await auditedTransaction(async (tx, audit) => {
    const now = new Date();
    const [row] = await tx.alert.updateManyAndReturn({
      where: { id: alertId, recipientUserId: actor.id, status: "OPEN" },
      data: { status: to, ...(to === "RESOLVED" ? { resolvedAt: now } : { dismissedAt: now }), resolvedById: actor.id, resolutionNote: note || null, readAt: now },
      select: { id: true, type: true, severity: true, subjectLabel: true, subjectUserId: true, entityLabel: true },
    });
    if (!row) return null; // nothing recorded, so refused: resolves to null below
    const verb = to === "RESOLVED" ? "resolved" : "dismissed";
    audit.record({
      eventType: "update",
      category: "alerts",
      actionType: `alert.${verb}`,
      description: `${actor.name} ${verb} the ${ALERT_TYPE_LABELS[row.type].toLowerCase()} alert about ${row.subjectLabel}${note ? `: ${note}` : ""}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "alert", id: row.id, name: `${ALERT_TYPE_LABELS[row.type]}: ${row.subjectLabel}`.slice(0, 255) },
      subjectUserId: row.subjectUserId,
      before: { status: "OPEN" },
      after: { status: to, ...(note ? { resolutionNote: note } : {}) },
    });
    return row;
  }).catch(whenNothingRecorded(null));
  if (updated) return updated;
  const own = await db.alert.findFirst({ where: { id: alertId, recipientUserId: actor.id }, select: { status: true } });
  if (own) throw new ServiceError(`This alert is already ${own.status.toLowerCase()}.`, "conflict");
  // Someone else's alert, or none: the same answer, and the attempt is on record
  // against that alert (its history shows it to auditors), in words that do not tell
  // the person, who sees their own entries, whether it exists or whom it is about.
  const verb = to === "RESOLVED" ? "resolve" : "dismiss";
  await recordAccessDenied({ actor, request, reason: `Tried to ${verb} an alert that is not theirs, or does not exist`, target: { type: "alert", id: alertId, name: "An alert" } });
  throw new ServiceError("That alert was not found.", "not_found");
}

export function resolveAlert(options: CloseOptions) {
  return closeAlert(options, "RESOLVED");
}

export function dismissAlert(options: CloseOptions) {
  return closeAlert(options, "DISMISSED");
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
