import "server-only";
import { can } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { timeIdCursor } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import type { AlertFeedQuery } from "./schemas";
import { alertEmailDefaultsSchema, BUILT_IN_EMAIL_MODES, emailModeSettingKey, SEVERITIES, type AlertEmailDefaults, type AlertEmailPreferencesInput } from "./contract";
import { SEVERITY_LABELS, SEVERITY_ORDER, type AlertSeverity, type AlertStatus } from "./labels";

// Every read here is the viewer's own feed: recipient_user_id = viewer.id is in each
// `where` (spec 000: alerts are scoped to their recipient, admins included).

const FEED_SELECT = {
  id: true, type: true, severity: true, status: true, subjectLabel: true, entityType: true, entityId: true, entityLabel: true,
  message: true, createdAt: true, resolvedAt: true, dismissedAt: true, escalatedAt: true, readAt: true, resolutionNote: true,
  snoozedUntil: true, subjectUserId: true,
  subject: { select: { name: true } },
} satisfies Prisma.AlertSelect;

/**
 * THE definition of "open alerts for this viewer" (issue 24): sent to them, open, and not
 * snoozed (a snooze that has ended counts as open again). The navigation badge, Home's
 * summary, the list's Open view and GET /api/alerts all count through it.
 */
export function openAlertsWhere(viewer: Pick<Viewer, "id">, now: Date = new Date()): Prisma.AlertWhereInput {
  return { recipientUserId: viewer.id, status: "OPEN", OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: now } }] };
}

/** The feed's status filter as a where: open (awake), snoozed, closed, or any. */
function statusWhere(viewer: Viewer, status: AlertFeedQuery["status"], now: Date): Prisma.AlertWhereInput {
  if (status === "OPEN") return openAlertsWhere(viewer, now);
  if (status === "SNOOZED") return { recipientUserId: viewer.id, status: "OPEN", snoozedUntil: { gt: now } };
  if (status === "all") return { recipientUserId: viewer.id };
  return { recipientUserId: viewer.id, status };
}

export type FeedAlert = Prisma.AlertGetPayload<{ select: typeof FEED_SELECT }>;

/** The feed's cursor (`before`): the last alert's (created_at, id). */
const alertsCursor = timeIdCursor("alerts");

/** The viewer's alerts, newest first, filtered; with counts per severity for the same filters (all severities). */
export async function listMyAlerts(viewer: Viewer, query: AlertFeedQuery, now: Date = new Date()) {
  const base: Prisma.AlertWhereInput = { AND: [statusWhere(viewer, query.status, now), query.type ? { type: query.type } : {}] };
  const after = alertsCursor.parse(query.before);
  const where: Prisma.AlertWhereInput = { AND: [base, query.severity ? { severity: query.severity } : {}, keysetWhere("desc", after && { createdAt: after.at, id: after.id })] };
  const [rows, counts] = await Promise.all([
    db.alert.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1, select: FEED_SELECT }),
    db.alert.groupBy({ by: ["severity"], where: base, _count: { _all: true } }),
  ]);
  const { rows: alerts, next } = keysetPage(rows, query.limit, (last) => alertsCursor.encode({ at: last.createdAt, id: last.id }));
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<AlertSeverity, number>;
  for (const c of counts) bySeverity[c.severity] = c._count._all;
  return { alerts, counts: bySeverity, nextCursor: next };
}

/** Open alerts (openAlertsWhere): the navigation badge. */
export async function countOpenAlerts(viewer: Viewer, now: Date = new Date()): Promise<number> {
  return db.alert.count({ where: openAlertsWhere(viewer, now) });
}

/** The viewer's snoozed alerts: how many, for the list's tab. */
export async function countSnoozedAlerts(viewer: Viewer, now: Date = new Date()): Promise<number> {
  return db.alert.count({ where: { recipientUserId: viewer.id, status: "OPEN", snoozedUntil: { gt: now } } });
}

/** For Home: open alerts by severity, and the most urgent few (most severe, then newest). */
export async function getMyAlertSummary(viewer: Viewer, newest = 6, now: Date = new Date()) {
  const open = openAlertsWhere(viewer, now);
  const [counts, latest] = await Promise.all([
    db.alert.groupBy({ by: ["severity"], where: open, _count: { _all: true } }),
    db.alert.findMany({ where: open, orderBy: [{ severity: "desc" }, { createdAt: "desc" }, { id: "desc" }], take: newest, select: FEED_SELECT }),
  ]);
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<AlertSeverity, number>;
  for (const c of counts) bySeverity[c.severity] = c._count._all;
  return { counts: bySeverity, total: Object.values(bySeverity).reduce((a, b) => a + b, 0), latest };
}

// ─── Anomaly alerts (audit_alerts) ─────────────────────────────────────────
// Not anyone's feed: every auditor and admin sees all of them (audit:view_all), and
// nobody else sees any, whatever the caller checked before.

const AUDIT_ALERT_SELECT = {
  id: true, alertType: true, alertMessage: true, alertSeverity: true, status: true, isResolved: true, details: true,
  createdAt: true, resolvedAt: true, resolvedById: true, resolvedByName: true, resolutionNote: true,
} satisfies Prisma.AuditAlertSelect;

export type AuditAlertRow = Prisma.AuditAlertGetPayload<{ select: typeof AUDIT_ALERT_SELECT }>;

/** The anomaly list's cursor: the last alert's (created_at, id), newest first. */
const auditAlertsCursor = timeIdCursor("audit-alerts");

type AuditAlertFilters = { status?: AlertStatus; severity?: AlertSeverity; type?: string; resolved?: boolean };

function auditAlertWhere({ status, severity, type, resolved }: AuditAlertFilters): Prisma.AuditAlertWhereInput {
  return {
    ...(status ? { status } : {}),
    ...(severity ? { alertSeverity: severity } : {}),
    ...(type ? { alertType: type } : {}),
    ...(resolved === undefined ? {} : { isResolved: resolved }),
  };
}

/**
 * Anomaly alerts, newest first, filtered, one keyset page (`cursor` as handed out; a bad
 * one is InvalidCursorError). Nothing for a viewer without audit:view_all.
 */
export async function listAuditAlerts(viewer: Viewer, { cursor, limit, ...filters }: AuditAlertFilters & { cursor?: string; limit: number }) {
  const after = auditAlertsCursor.parse(cursor);
  if (!can(viewer.role, "audit:view_all")) return { alerts: [] as AuditAlertRow[], nextCursor: null };
  const rows = await db.auditAlert.findMany({
    where: { AND: [auditAlertWhere(filters), keysetWhere("desc", after && { createdAt: after.at, id: after.id })] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: AUDIT_ALERT_SELECT,
  });
  const { rows: alerts, next } = keysetPage(rows, limit, (last) => auditAlertsCursor.encode({ at: last.createdAt, id: last.id }));
  return { alerts, nextCursor: next };
}

/** For the page's filters: how many alerts each status holds under the other filters, and every kind on record. */
export async function auditAlertFacets(viewer: Viewer, filters: Omit<AuditAlertFilters, "status" | "resolved">) {
  const none = { byStatus: { OPEN: 0, RESOLVED: 0, DISMISSED: 0 } as Record<AlertStatus, number>, types: [] as string[] };
  if (!can(viewer.role, "audit:view_all")) return none;
  const [statuses, types] = await Promise.all([
    db.auditAlert.groupBy({ by: ["status"], where: auditAlertWhere(filters), _count: { _all: true } }),
    db.auditAlert.findMany({ distinct: ["alertType"], select: { alertType: true }, orderBy: { alertType: "asc" } }),
  ]);
  for (const s of statuses) none.byStatus[s.status] = s._count._all;
  return { byStatus: none.byStatus, types: types.map((t) => t.alertType) };
}

/** One anomaly alert, or null (none, or a viewer without audit:view_all). */
export async function getAuditAlert(viewer: Viewer, id: string): Promise<AuditAlertRow | null> {
  if (!can(viewer.role, "audit:view_all")) return null;
  return db.auditAlert.findUnique({ where: { id }, select: AUDIT_ALERT_SELECT });
}

/** Today's (PKT) high and critical audit events, for the auditor's and admin's Home (audit:view_all only). */
export async function getTodaysHighRiskEvents(viewer: Viewer, { dayStart, newest = 5 }: { dayStart: Date; newest?: number }) {
  if (!can(viewer.role, "audit:view_all")) return null;
  const where = { eventTimestamp: { gte: dayStart }, riskLevel: { in: ["high" as const, "critical" as const] } };
  const [count, latest, openAnomalies] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: [{ eventTimestamp: "desc" }],
      take: newest,
      select: { id: true, eventTimestamp: true, actionDescription: true, riskLevel: true, userName: true },
    }),
    db.auditAlert.count({ where: { status: "OPEN" } }),
  ]);
  return { count, latest, openAnomalies };
}

export type AlertHistoryItem = { at: Date; what: string; by: string | null };

/**
 * One of the viewer's alerts with its history, oldest first: raised, told (its own email
 * or a digest), escalated, reminded, and every act recorded about it in the audit log
 * (snoozed, woken, resolved, dismissed, by whom). Null when it is not theirs.
 */
export async function getMyAlertWithHistory(viewer: Viewer, id: string) {
  const alert = await db.alert.findFirst({
    where: { id, recipientUserId: viewer.id },
    select: { ...FEED_SELECT, notifiedAt: true, digestId: true, remindedAt: true, resolvedBy: { select: { name: true } } },
  });
  if (!alert) return null;
  const entries = await db.auditLog.findMany({
    where: { objectType: "alert", objectId: id, eventTimestamp: { gte: alert.createdAt } },
    orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }],
    select: { eventTimestamp: true, actionDescription: true, userName: true },
    take: 200,
  });
  const history: AlertHistoryItem[] = [
    { at: alert.createdAt, what: "Raised by a scheduled scan", by: null },
    ...(alert.notifiedAt ? [{ at: alert.notifiedAt, what: alert.digestId ? "Emailed to you in a digest" : "Emailed to you on its own", by: null }] : []),
    ...(alert.escalatedAt ? [{ at: alert.escalatedAt, what: `Escalated to ${SEVERITY_LABELS[alert.severity].toLowerCase()}: still unresolved after the escalation interval`, by: null }] : []),
    ...(alert.remindedAt ? [{ at: alert.remindedAt, what: "Reminded in a digest: still open", by: null }] : []),
    ...entries.map((e) => ({ at: e.eventTimestamp, what: e.actionDescription, by: e.userName })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { alert, history };
}

// ─── How alert emails reach people (issue 24) ──────────────────────────────

/** The administrators' defaults in force (built-in where unset or invalid). */
export async function getAlertEmailDefaults(): Promise<AlertEmailDefaults> {
  const rows = await db.setting.findMany({ where: { key: { in: SEVERITIES.map(emailModeSettingKey) } }, select: { key: true, value: true } });
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(
    SEVERITIES.map((s) => {
      const parsed = alertEmailDefaultsSchema.shape[s].safeParse(byKey.get(emailModeSettingKey(s)));
      return [s, parsed.success ? parsed.data : BUILT_IN_EMAIL_MODES[s]];
    }),
  ) as AlertEmailDefaults;
}

/** A person's own choices (null: the default) with the defaults they fall back to. */
export async function getMyAlertEmailPreferences(viewer: { id: string }) {
  const [own, defaults] = await Promise.all([
    db.alertEmailPreference.findUnique({ where: { userId: viewer.id }, select: { low: true, medium: true, high: true, critical: true, dailyHour: true } }),
    getAlertEmailDefaults(),
  ]);
  const choices: AlertEmailPreferencesInput = { low: own?.low ?? null, medium: own?.medium ?? null, high: own?.high ?? null, critical: own?.critical ?? null, dailyHour: own?.dailyHour ?? null };
  return { choices, defaults };
}

