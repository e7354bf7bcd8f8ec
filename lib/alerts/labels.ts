import type { AlertStatus } from "@/lib/generated/prisma/enums";
import { SEVERITIES, type AlertSeverity, type AlertType } from "./contract";

// Components name alert types, severities and statuses through this module.
export type { AlertSeverity, AlertStatus, AlertType };

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  missing_checkout: "Missing check-out",
  overdue_task: "Overdue task",
  idle_after_checkin: "Idle after check-in",
  approval_delay: "Approval delay",
  workload_overload: "Workload overload",
  audit_anomaly: "Audit anomaly",
  stream_failing: "Audit stream failing",
  unacknowledged_announcement: "Announcement not acknowledged",
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
export const STATUS_LABELS: Record<AlertStatus, string> = { OPEN: "Open", RESOLVED: "Resolved", DISMISSED: "Dismissed" };
/** Most severe first, as lists show them. */
export const SEVERITY_ORDER: AlertSeverity[] = [...SEVERITIES].reverse();

/** How long something has waited, for people: "3h 05m" under two days, "12 days" after. */
export function formatWaiting(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 48 * 60) return `${Math.floor(minutes / (24 * 60))} days`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
}
