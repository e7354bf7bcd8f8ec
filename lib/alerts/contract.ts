// The alert contract: which alert types and severities exist, how a severity escalates,
// and the payloads an alert's outbox rows carry. The raising SQL (raise.ts), the email
// (lib/email) and the browser (components/alerts/live-alerts.tsx) all read this file,
// so it stays client-safe: zod, the generated enums (plain objects) and the channel names.
//
// A new alert type is the enum value and its migration, its condition (scans.ts) and
// its label (labels.ts); every Record<AlertType, …> names what else it needs, and the
// payload schemas take their enums from Prisma's, so they can never lag behind.
import { z } from "zod";
import { AlertEmailMode, AlertSeverity, AlertType } from "@/lib/generated/prisma/enums";
import { REALTIME_EVENTS } from "@/lib/realtime/channels";

export type { AlertSeverity, AlertType };

/** Every alert type, in the enum's order. */
export const ALERT_TYPES = Object.values(AlertType);

/**
 * Alert types raised by a scheduled scan; audit_anomaly comes from the audit anomaly scan
 * (anomalies.ts) and stream_failing from the audit stream delivery (lib/streams).
 */
const NOT_SCANNED = [AlertType.audit_anomaly, AlertType.stream_failing] as const;
export type ScanType = Exclude<AlertType, (typeof NOT_SCANNED)[number]>;
export const SCAN_TYPES = ALERT_TYPES.filter((type): type is ScanType => !(NOT_SCANNED as readonly AlertType[]).includes(type));

/**
 * The escalation ladder, lowest first: a persisting condition climbs one step per
 * interval and stops at the top. The same order as the database enum, whose order
 * `ORDER BY severity` uses (contract.test.ts holds them equal).
 */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const satisfies readonly AlertSeverity[];
// Compile-time: the ladder names every severity of the enum.
const ladderIsComplete: Exclude<AlertSeverity, (typeof SEVERITIES)[number]> extends never ? true : never = true;
void ladderIsComplete;

export function nextSeverity(severity: AlertSeverity): AlertSeverity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)]!;
}

/** High or critical alerts also reach the subject's manager's manager (or an admin). */
export const SECOND_LEVEL_SEVERITIES = ["high", "critical"] as const satisfies readonly AlertSeverity[];

export function reachesSecondLevel(severity: AlertSeverity): boolean {
  return (SECOND_LEVEL_SEVERITIES as readonly AlertSeverity[]).includes(severity);
}

/** Spec 000: overdue and approval delay medium, persistent missing check-outs and idle high, overload critical. */
export const BASE_SEVERITY: Record<AlertType, AlertSeverity> = {
  missing_checkout: "high",
  overdue_task: "medium",
  idle_after_checkin: "high",
  approval_delay: "medium",
  workload_overload: "critical",
  audit_anomaly: "critical",
  stream_failing: "high",
  unacknowledged_announcement: "medium",
};

export const alertTypeSchema = z.enum(AlertType);
export const alertSeveritySchema = z.enum(SEVERITIES);

// ─── Payloads ──────────────────────────────────────────────────────────────

/**
 * The one name of "an alert was raised": the topic of its email and realtime outbox
 * rows and the realtime event the browser listens for.
 */
export const ALERT_CREATED = REALTIME_EVENTS.alertCreated;
/** The email topic of rows written before the topic had one spelling; still delivered. */
const LEGACY_ALERT_EMAIL_TOPIC = "alert.created";

/** Whether an email outbox row is an alert email (a row of either spelling). */
export function isAlertEmailTopic(topic: string): boolean {
  return topic === ALERT_CREATED || topic === LEGACY_ALERT_EMAIL_TOPIC;
}

/** The payload version the raising SQL writes. Rows without one were written as version 1. */
export const ALERT_PAYLOAD_VERSION = 1;
const version = z.literal(ALERT_PAYLOAD_VERSION).default(ALERT_PAYLOAD_VERSION);

/** The email outbox row's payload: everything the email says, so it renders without a read. */
export const alertEmailPayloadSchema = z.object({
  version,
  alertId: z.uuid(),
  to: z.email(),
  recipientName: z.string().min(1),
  type: alertTypeSchema,
  severity: alertSeveritySchema,
  subjectLabel: z.string(),
  entityLabel: z.string(),
  message: z.string(),
  createdAt: z.coerce.date(),
});
export type AlertEmailPayload = z.infer<typeof alertEmailPayloadSchema>;

/**
 * The realtime event's data, on the recipient's user channel: a summary for the notice;
 * the page reads the rest through the scoped reads. Delivery adds `eventId`.
 */
export const alertRealtimeDataSchema = z.object({
  version,
  alertId: z.uuid(),
  type: alertTypeSchema,
  severity: alertSeveritySchema,
  subjectLabel: z.string(),
  createdAt: z.coerce.date(),
});
export type AlertRealtimeData = z.infer<typeof alertRealtimeDataSchema>;

// ─── How alert emails reach people (issue 24) ──────────────────────────────
// The SQL function alert_email_mode() (migration 20261213000000_alert_triage) states the
// same built-in defaults; contract.integration.test.ts holds them equal.

export type { AlertEmailMode };
export const ALERT_EMAIL_MODES = Object.values(AlertEmailMode);
export const alertEmailModeSchema = z.enum(AlertEmailMode);

export const ALERT_EMAIL_MODE_LABELS: Record<AlertEmailMode, string> = {
  immediate: "Right away, one email each",
  digest: "In a digest (grouped)",
  daily: "In a daily summary",
};

/** Critical alerts at once; the rest in a digest after the grouping window. */
export const BUILT_IN_EMAIL_MODES: Record<AlertSeverity, AlertEmailMode> = { low: "digest", medium: "digest", high: "digest", critical: "immediate" };

/** The settings key of the administrators' default for a severity (read by alert_email_mode()). */
export const emailModeSettingKey = (severity: AlertSeverity) => `alerts.email_mode.${severity}`;

/** A person's choices, or the administrators' defaults: a mode per severity (empty: the default). */
const modeOrDefault = z.preprocess((v) => (v === "" || v === "default" ? null : v), alertEmailModeSchema.nullable());
export const alertEmailPreferencesSchema = z.object({
  ...(Object.fromEntries(SEVERITIES.map((s) => [s, modeOrDefault])) as Record<AlertSeverity, typeof modeOrDefault>),
  dailyHour: z.preprocess((v) => (v === "" || v === "default" ? null : v), z.coerce.number().int("Pick an hour.").min(0, "Pick an hour from 0 to 23.").max(23, "Pick an hour from 0 to 23.").nullable()),
});
export type AlertEmailPreferencesInput = z.infer<typeof alertEmailPreferencesSchema>;

export const alertEmailDefaultsSchema = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, alertEmailModeSchema])) as Record<AlertSeverity, typeof alertEmailModeSchema>,
);
export type AlertEmailDefaults = z.infer<typeof alertEmailDefaultsSchema>;

/** The digest's outbox topic (email channel). */
export const ALERT_DIGEST_TOPIC = "alert.digest";
/** Most alerts a digest lists one by one; the counts cover the rest. */
export const DIGEST_LISTED = 100;

/** One alert of a digest: its line in the email (kind, severity, person, what, when), and whether it is a reminder. */
const digestAlert = alertEmailPayloadSchema.pick({ alertId: true, type: true, severity: true, subjectLabel: true, entityLabel: true, createdAt: true }).extend({
  /** Still open a repeat interval after its first email: a reminder, not a new alert. */
  reminder: z.boolean(),
});

/** Everything the digest email says, so it renders without a read. */
export const alertDigestPayloadSchema = z.object({
  version: z.literal(1),
  to: z.email(),
  recipientName: z.string(),
  /** How many alerts it carries (new and reminded), and of those the reminders. */
  total: z.number().int(),
  reminders: z.number().int(),
  bySeverity: z.partialRecord(alertSeveritySchema, z.number().int()),
  /** The first DIGEST_LISTED, most severe first, by person and type. */
  alerts: z.array(digestAlert),
  /** Overdue-task alerts held back because the person's workload overload covers them. */
  inhibited: z.array(z.object({ subjectLabel: z.string(), count: z.number().int() })),
});
export type AlertDigestPayload = z.infer<typeof alertDigestPayloadSchema>;
export type DigestAlert = z.infer<typeof digestAlert>;
