// The one definition of each alert condition, shared by the scans (lib/alerts/scans.ts,
// which put the same cut-offs into SQL) and the team page (lib/team/queries.ts).
//
// Time thresholds are reached, not exceeded: a session open for exactly the buffer is
// missing its check-out, a request pending exactly the delay is late. A task is overdue
// once its due time has passed (not at it), and a workload is an overload when it
// exceeds the capacity threshold (not when it equals it). Elapsed time is measured in
// instants, so PKT midnight changes nothing.
import { isOverdue, OPEN_TASK_STATUSES } from "@/lib/tasks/labels";

export { OPEN_TASK_STATUSES };

const HOUR = 3_600_000;

// ─── missing_checkout ──────────────────────────────────────────────────────

/** Sessions checked in at or before this instant and still open are missing a check-out. */
export function missingCheckoutCutoff(now: Date, bufferHours: number): Date {
  return new Date(now.getTime() - bufferHours * HOUR);
}

export function isMissingCheckout(session: { checkInAt: Date; checkOutAt: Date | null }, now: Date, bufferHours: number): boolean {
  return session.checkOutAt === null && session.checkInAt.getTime() <= missingCheckoutCutoff(now, bufferHours).getTime();
}

// ─── overdue_task ──────────────────────────────────────────────────────────

/** Past its due time and not COMPLETED or REVIEWED. */
export function isOverdueTask(task: { status: (typeof OPEN_TASK_STATUSES)[number] | "COMPLETED" | "REVIEWED"; dueDate: Date }, now: Date): boolean {
  return isOverdue(task, now);
}

// ─── idle_after_checkin ────────────────────────────────────────────────────

/** Activity (check-in, timer, task change) at or before this instant is too long ago. */
export function idleCutoff(now: Date, idleHours: number): Date {
  return new Date(now.getTime() - idleHours * HOUR);
}

/**
 * Checked in, still within the check-out buffer (past it, the session is a missing
 * check-out instead), and no timer or task activity since check-in for `idleHours`.
 * A running timer is activity now.
 */
export function isIdleAfterCheckin(
  session: { checkInAt: Date; checkOutAt: Date | null; lastActivityAt: Date | null; timerRunning?: boolean },
  now: Date,
  thresholds: { idleHours: number; bufferHours: number },
): boolean {
  if (session.checkOutAt !== null || session.timerRunning) return false;
  if (isMissingCheckout(session, now, thresholds.bufferHours)) return false;
  const last = Math.max(session.checkInAt.getTime(), session.lastActivityAt?.getTime() ?? 0);
  return last <= idleCutoff(now, thresholds.idleHours).getTime();
}

// ─── approval_delay ────────────────────────────────────────────────────────

/** Requests submitted at or before this instant and still pending are delayed. */
export function approvalDelayCutoff(now: Date, delayHours: number): Date {
  return new Date(now.getTime() - delayHours * HOUR);
}

export function isApprovalDelayed(request: { status: string; createdAt: Date }, now: Date, delayHours: number): boolean {
  return request.status === "pending" && request.createdAt.getTime() <= approvalDelayCutoff(now, delayHours).getTime();
}

// ─── workload_overload ─────────────────────────────────────────────────────

/** Open task estimates as a whole percentage of weekly capacity (0 without capacity). */
export function workloadPercent(openEstimateMinutes: number, weeklyCapacityHours: number): number {
  return weeklyCapacityHours > 0 ? Math.round((openEstimateMinutes / (weeklyCapacityHours * 60)) * 100) : 0;
}

/** Open work exceeds `thresholdPercent` of capacity (compared exactly, in minutes). */
export function isOverloaded(openEstimateMinutes: number, weeklyCapacityHours: number, thresholdPercent: number): boolean {
  return weeklyCapacityHours > 0 && openEstimateMinutes * 100 > weeklyCapacityHours * 60 * thresholdPercent;
}

// ─── audit anomalies ───────────────────────────────────────────────────────

// PKT working hours live with the clock (lib/time.ts): sign-in flags and the search's
// `hours:` term use them too.
export { isOffHoursPkt } from "@/lib/time";
