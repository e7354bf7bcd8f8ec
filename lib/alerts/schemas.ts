import { z } from "zod";

export const ALERT_TYPE_VALUES = ["missing_checkout", "overdue_task", "idle_after_checkin", "approval_delay", "workload_overload", "audit_anomaly"] as const;
export const SEVERITY_VALUES = ["low", "medium", "high", "critical"] as const;
export const STATUS_VALUES = ["OPEN", "RESOLVED", "DISMISSED"] as const;

const empty = (v: unknown) => (v === "" || v === "all" ? undefined : v);

/** The feed's filters and page, from the URL or the API's query string. */
export const alertFeedQuerySchema = z.object({
  type: z.preprocess(empty, z.enum(ALERT_TYPE_VALUES).optional()),
  severity: z.preprocess(empty, z.enum(SEVERITY_VALUES).optional()),
  // Open alerts unless asked otherwise; "all" lists every status.
  status: z.preprocess((v) => (v === undefined || v === "" ? "OPEN" : v), z.enum([...STATUS_VALUES, "all"])),
  // The page cursor (opaque): listMyAlerts checks it and refuses a bad one.
  before: z.preprocess(empty, z.string().optional()),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type AlertFeedQuery = z.infer<typeof alertFeedQuerySchema>;

export const resolveAlertSchema = z.object({
  alertId: z.uuid("That is not an alert."),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
});
export const dismissAlertSchema = z.object({ alertId: z.uuid("That is not an alert.") });
export type ResolveAlertInput = z.infer<typeof resolveAlertSchema>;

export const auditAlertQuerySchema = z.object({
  resolved: z.preprocess(empty, z.enum(["true", "false"]).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
