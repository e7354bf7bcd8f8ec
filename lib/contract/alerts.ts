// Alerts: the operational alerts sent to you, closing them, and the audit log's anomaly alerts.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { alertSeveritySchema, alertTypeSchema, SEVERITIES } from "@/lib/alerts/contract";
import { alertFeedQuerySchema, auditAlertQuerySchema, BULK_ALERT_ACTIONS, bulkAlertSchema, dismissAuditAlertBody, resolveAuditAlertBody } from "@/lib/alerts/schemas";
import { AlertStatus } from "@/lib/generated/prisma/enums";
import { anyJson, instant, nextCursor } from "./schemas";

const alert = z
  .object({
    id: z.uuid(),
    type: alertTypeSchema,
    severity: alertSeveritySchema,
    status: z.enum(AlertStatus),
    message: z.string(),
    subject: z.string().nullable().meta({ description: "The person the alert is about." }),
    entityType: z.string(),
    entity: z.string().meta({ description: "What the alert is about, in words." }),
    createdAt: instant,
    resolvedAt: instant.nullable(),
    dismissedAt: instant.nullable(),
    escalatedAt: instant.nullable(),
    snoozedUntil: instant.nullable().meta({ description: "Out of the open list until then (null: not snoozed). An escalation ends a snooze." }),
    read: z.boolean(),
    resolutionNote: z.string().nullable(),
  })
  .meta({ id: "Alert" });

export const listAlerts = defineOperation({
  method: "GET", path: "/api/alerts", operationId: "listAlerts", tag: "Alerts",
  summary: "List your alerts",
  description:
    "Alerts sent to you, newest first, with the count per severity under the same filters. `status`: OPEN (the default: open and not snoozed, the same count as the app's badge and Home), SNOOZED, RESOLVED, DISMISSED or all. Up to 200 a page.",
  scope: "alerts:read",
  query: alertFeedQuerySchema,
  response: {
    status: 200,
    description: "A page of alerts.",
    schema: z.object({
      alerts: z.array(alert),
      counts: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>).meta({ description: "Open alerts per severity." }),
      nextCursor: nextCursor.meta({ description: "Pass as `before` for the next page; null on the last page." }),
    }),
  },
});

const alertParams = z.object({ id: z.uuid("That is not an alert.") });
// No body at all closes without a note; anything else must be this JSON object.
const closeBody = z.object({ note: z.string().trim().max(500).optional() }).strict().optional();
const CLOSE_HELP = "Only the alert's recipient may close it; anyone else gets a 404 (and an access-denied audit entry). The body is optional: none, or `{ note }`.";

const closeOperation = <S extends "RESOLVED" | "DISMISSED">(status: S, verb: "resolve" | "dismiss") =>
  defineOperation({
    method: "POST", path: `/api/alerts/{id}/${verb}`, operationId: `${verb}Alert`, tag: "Alerts",
    summary: `${verb === "resolve" ? "Resolve" : "Dismiss"} an alert`,
    description: CLOSE_HELP,
    scope: "alerts:write", params: alertParams, body: closeBody, sameOrigin: true,
    response: { status: 200, description: `The alert is ${verb}d.`, schema: z.object({ id: z.uuid(), status: z.literal(status) }) },
    errors: ["not_found", "conflict"],
  });

export const triageAlerts = defineOperation({
  method: "POST", path: "/api/alerts/triage", operationId: "triageAlerts", tag: "Alerts",
  summary: "Resolve, dismiss, snooze or wake several alerts",
  description:
    "Acts on up to 500 of your open alerts at once, in one statement with one audit entry per alert. `resolve` and `dismiss` take an optional `note` saved with each; `snooze` needs `until`: `tomorrow` or `monday` (09:00 PKT), a PKT date-time `YYYY-MM-DDTHH:mm`, or an ISO 8601 instant, at most 90 days ahead; `wake` returns snoozed alerts to the open list. Ids that are not yours change nothing (and are recorded as refused); when none changed the answer is 404 (none found) or 409 (already closed).",
  scope: "alerts:write", body: bulkAlertSchema.strict(), sameOrigin: true,
  response: {
    status: 200,
    description: "What changed.",
    schema: z.object({
      action: z.enum(BULK_ALERT_ACTIONS),
      changed: z.number().int(),
      alreadyClosed: z.number().int().meta({ description: "Of yours, how many were already closed (for wake: not snoozed)." }),
      notFound: z.number().int().meta({ description: "Ids that are not yours or do not exist." }),
      snoozedUntil: instant.nullable(),
    }),
  },
  errors: ["not_found", "conflict"],
});

export const resolveAlert = closeOperation("RESOLVED", "resolve");
export const dismissAlert = closeOperation("DISMISSED", "dismiss");

const auditAlert = z
  .object({
    id: z.uuid(),
    alert_type: z.string().meta({ description: "The kind of anomaly: `failed_signin_burst`, `large_export`, `off_hours_privilege_change`." }),
    alert_type_label: z.string().meta({ description: "The kind in words." }),
    alert_message: z.string(),
    alert_severity: alertSeveritySchema,
    status: z.enum(AlertStatus),
    is_resolved: z.boolean().meta({ description: "True once it is resolved or dismissed (spec 001)." }),
    details: anyJson.meta({ description: "What the scan found: the account or address and window of a sign-in burst, or the audit entry of an export or privilege change." }),
    created_at: instant,
    resolved_at: instant.nullable().meta({ description: "When it was resolved or dismissed." }),
    resolved_by: z.string().nullable().meta({ description: "Who resolved or dismissed it, by name as it was then." }),
    resolution_note: z.string().nullable(),
  })
  .meta({ id: "AuditAlert" });

export const listAuditAlerts = defineOperation({
  method: "GET", path: "/api/audit-alerts", operationId: "listAuditAlerts", tag: "Alerts",
  summary: "List audit anomaly alerts",
  description:
    "Anomalies found in the audit log (spec 001), newest first: auditors and admins. Field names follow the spec. Filter by `status`, `severity` and `type`; `resolved` (true: resolved or dismissed, false: open) still works. Pages by `cursor`.",
  scope: "audit:read", permission: "audit:view_all", deniedMessage: "Only auditors and administrators can read audit alerts.",
  query: auditAlertQuerySchema,
  response: {
    status: 200,
    description: "A page of anomaly alerts.",
    schema: z.object({ results: z.array(auditAlert), nextCursor }),
  },
});

const auditAlertParams = z.object({ id: z.uuid("That is not an anomaly alert.") });

const closeAuditAlertOperation = <S extends "RESOLVED" | "DISMISSED", B extends z.ZodType>(status: S, verb: "resolve" | "dismiss", body: B, help: string) =>
  defineOperation({
    method: "POST", path: `/api/audit-alerts/{id}/${verb}`, operationId: `${verb}AuditAlert`, tag: "Alerts",
    summary: `${verb === "resolve" ? "Resolve" : "Dismiss"} an anomaly alert`,
    description: `Closes an open anomaly alert for everyone (auditors and admins), with its copies in their alert feeds; recorded in the audit log with the old and new values. ${help} An alert already closed is a 409 naming who closed it and when.`,
    scope: "alerts:write", permission: "audit:resolve_alerts", deniedMessage: `Only auditors and administrators can ${verb} anomaly alerts.`,
    params: auditAlertParams, body, sameOrigin: true,
    response: {
      status: 200,
      description: `The anomaly alert is ${verb}d.`,
      schema: z.object({
        id: z.uuid(), status: z.literal(status), resolved_at: instant, resolved_by: z.string(), resolution_note: z.string().nullable(),
        feed_alerts_closed: z.number().int().meta({ description: "How many copies still open in people's alert feeds it closed." }),
      }),
    },
    errors: ["not_found", "conflict"],
  });

export const resolveAuditAlert = closeAuditAlertOperation("RESOLVED", "resolve", resolveAuditAlertBody, "The body is optional: none, or `{ note }` (up to 500 characters).");
export const dismissAuditAlert = closeAuditAlertOperation("DISMISSED", "dismiss", dismissAuditAlertBody, "A dismissal says why: `{ note }` is required (1 to 500 characters).");
