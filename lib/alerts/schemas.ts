import { z } from "zod";
import { alertSeveritySchema, alertTypeSchema } from "./contract";

export const STATUS_VALUES = ["OPEN", "RESOLVED", "DISMISSED"] as const;
/** The feed's views: the statuses, with open alerts split into awake (OPEN) and snoozed. */
export const FEED_STATUS_VALUES = ["OPEN", "SNOOZED", "RESOLVED", "DISMISSED"] as const;

const empty = (v: unknown) => (v === "" || v === "all" ? undefined : v);

/** The feed's filters and page, from the URL or the API's query string. */
export const alertFeedQuerySchema = z.object({
  type: z.preprocess(empty, alertTypeSchema.optional()),
  severity: z.preprocess(empty, alertSeveritySchema.optional()),
  // Open alerts unless asked otherwise (open: not snoozed; SNOOZED: open but snoozed);
  // "all" lists every status.
  status: z.preprocess((v) => (v === undefined || v === "" ? "OPEN" : v), z.enum([...FEED_STATUS_VALUES, "all"])),
  // The page cursor (opaque): listMyAlerts checks it and refuses a bad one.
  before: z.preprocess(empty, z.string().optional()),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type AlertFeedQuery = z.infer<typeof alertFeedQuerySchema>;

export const resolveAlertSchema = z.object({
  alertId: z.uuid("That is not an alert."),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
});
export const dismissAlertSchema = z.object({ alertId: z.uuid("That is not an alert.") });

// ─── Anomaly alerts (audit_alerts) ─────────────────────────────────────────

export const MAX_ANOMALY_NOTE = 500;
const anomalyNote = z.string().trim().max(MAX_ANOMALY_NOTE, `Keep the note under ${MAX_ANOMALY_NOTE} characters.`);
/** A dismissal says why: it closes the alert without anything having been done. */
const dismissalNote = anomalyNote.min(1, "Say why you are dismissing it: a dismissal needs a note.");

/** A kind of anomaly as the filters take it (a code; kinds an older scan wrote included). */
export const anomalyTypeFilter = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "That is not a kind of anomaly alert.");

/**
 * GET /api/audit-alerts and the Anomaly alerts page: filters and the keyset page, newest
 * first. `resolved` (spec 001) stays: true is every closed alert (resolved or dismissed),
 * false the open ones; with `status` both must hold.
 */
export const auditAlertQuerySchema = z.object({
  status: z.preprocess(empty, z.enum(STATUS_VALUES).optional()),
  severity: z.preprocess(empty, alertSeveritySchema.optional()),
  type: z.preprocess(empty, anomalyTypeFilter.optional()),
  resolved: z.preprocess(empty, z.enum(["true", "false"]).optional()),
  // The page cursor (opaque): listAuditAlerts checks it and refuses a bad one.
  cursor: z.preprocess(empty, z.string().optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditAlertQuery = z.infer<typeof auditAlertQuerySchema>;

/** The page's filters: open alerts unless the URL says otherwise ("all": any status). */
export const auditAlertPageSchema = z.object({
  status: z.preprocess((v) => (v === undefined || v === "" ? "OPEN" : v), z.enum([...STATUS_VALUES, "all"])),
  severity: z.preprocess(empty, alertSeveritySchema.optional()),
  type: z.preprocess(empty, anomalyTypeFilter.optional()),
  cursor: z.preprocess(empty, z.string().optional()),
});
export type AuditAlertPageQuery = z.infer<typeof auditAlertPageSchema>;

/** The API's bodies: resolve takes an optional note (or no body at all), dismiss needs one. */
export const resolveAuditAlertBody = z.object({ note: anomalyNote.optional() }).strict().optional();
export const dismissAuditAlertBody = z.object({ note: dismissalNote }).strict();

/** The forms' and the service's input: the same rules, with the alert's id. */
export const resolveAuditAlertSchema = z.object({
  auditAlertId: z.uuid("That is not an anomaly alert."),
  note: anomalyNote.optional().default(""),
});
export const dismissAuditAlertSchema = z.object({
  auditAlertId: z.uuid("That is not an anomaly alert."),
  note: dismissalNote,
});

// ─── Triage (issue 24): several alerts at once ─────────────────────────────

export const BULK_ALERT_ACTIONS = ["resolve", "dismiss", "snooze", "wake"] as const;
export type BulkAlertAction = (typeof BULK_ALERT_ACTIONS)[number];
export const MAX_BULK_ALERTS = 500;

/** Snooze until: a preset (tomorrow or next Monday, 09:00 PKT), a PKT date-time (datetime-local), or an ISO instant. */
export const snoozeUntilSchema = z.union([
  z.enum(["tomorrow", "monday"]),
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Pick a date and time."),
  z.iso.datetime({ offset: true, error: "Give the time as an ISO 8601 instant, e.g. 2026-12-08T09:00:00+05:00." }),
]);

export const bulkAlertSchema = z.object({
  ids: z.array(z.uuid("That is not an alert.")).min(1, "Select at least one alert.").max(MAX_BULK_ALERTS, `Select at most ${MAX_BULK_ALERTS} alerts at once.`),
  action: z.enum(BULK_ALERT_ACTIONS, "Choose resolve, dismiss, snooze or wake."),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
  until: snoozeUntilSchema.optional(),
});
export type BulkAlertInput = z.input<typeof bulkAlertSchema>;
