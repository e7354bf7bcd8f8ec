import { z } from "zod";
import { alertSeveritySchema, alertTypeSchema } from "./contract";

export const STATUS_VALUES = ["OPEN", "RESOLVED", "DISMISSED"] as const;

const empty = (v: unknown) => (v === "" || v === "all" ? undefined : v);

/** The feed's filters and page, from the URL or the API's query string. */
export const alertFeedQuerySchema = z.object({
  type: z.preprocess(empty, alertTypeSchema.optional()),
  severity: z.preprocess(empty, alertSeveritySchema.optional()),
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

export const auditAlertQuerySchema = z.object({
  resolved: z.preprocess(empty, z.enum(["true", "false"]).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
