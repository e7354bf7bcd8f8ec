import { z } from "zod";

const ALERT_TYPES = ["missing_checkout", "overdue_task", "idle_after_checkin", "approval_delay", "workload_overload", "audit_anomaly"] as const;
const SEVERITIES = ["low", "medium", "high", "critical"] as const;

/** The outbox payload of an alert email (written by lib/alerts/raise.ts in SQL). */
export const alertEmailPayloadSchema = z.object({
  alertId: z.uuid(),
  to: z.email(),
  recipientName: z.string().min(1),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(SEVERITIES),
  subjectLabel: z.string(),
  entityLabel: z.string(),
  message: z.string(),
  createdAt: z.coerce.date(),
});
export type AlertEmailPayload = z.infer<typeof alertEmailPayloadSchema>;
