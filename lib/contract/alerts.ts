// Alerts: the operational alerts sent to you, closing them, and the audit log's anomaly alerts.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { alertSeveritySchema, alertTypeSchema, SEVERITIES } from "@/lib/alerts/contract";
import { alertFeedQuerySchema, auditAlertQuerySchema } from "@/lib/alerts/schemas";
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
    read: z.boolean(),
    resolutionNote: z.string().nullable(),
  })
  .meta({ id: "Alert" });

export const listAlerts = defineOperation({
  method: "GET", path: "/api/alerts", operationId: "listAlerts", tag: "Alerts",
  summary: "List your alerts",
  description: "Alerts sent to you (open ones unless `status` says otherwise), newest first, with the open count per severity.",
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

export const resolveAlert = closeOperation("RESOLVED", "resolve");
export const dismissAlert = closeOperation("DISMISSED", "dismiss");

export const listAuditAlerts = defineOperation({
  method: "GET", path: "/api/audit-alerts", operationId: "listAuditAlerts", tag: "Alerts",
  summary: "List audit anomaly alerts",
  description: "Anomalies found in the audit log (spec 001): auditors and admins. Field names follow the spec.",
  scope: "audit:read", permission: "audit:view_all", deniedMessage: "Only auditors and administrators can read audit alerts.",
  query: auditAlertQuerySchema,
  response: {
    status: 200,
    description: "The newest anomaly alerts.",
    schema: z.object({
      results: z.array(
        z.object({
          id: z.string(), alert_type: z.string(), alert_message: z.string(), alert_severity: z.string(), is_resolved: z.boolean(),
          details: anyJson, created_at: instant, resolved_at: instant.nullable(),
        }),
      ),
    }),
  },
});
