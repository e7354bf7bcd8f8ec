import type { AlertSeverity, AlertStatus, AlertType } from "@/lib/generated/prisma/enums";

// Components name alert types, severities and statuses through this module.
export type { AlertSeverity, AlertStatus, AlertType };

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  missing_checkout: "Missing check-out",
  overdue_task: "Overdue task",
  idle_after_checkin: "Idle after check-in",
  approval_delay: "Approval delay",
  workload_overload: "Workload overload",
  audit_anomaly: "Audit anomaly",
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
export const STATUS_LABELS: Record<AlertStatus, string> = { OPEN: "Open", RESOLVED: "Resolved", DISMISSED: "Dismissed" };
export const SEVERITY_ORDER: AlertSeverity[] = ["critical", "high", "medium", "low"];
