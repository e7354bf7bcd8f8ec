import "server-only";
import { ROLE_LABELS } from "@/lib/access/permissions";
import { peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { isMissingCheckout, isOverloaded, OPEN_TASK_STATUSES, workloadPercent } from "@/lib/alerts/rules";
import { getAlertSettings } from "@/lib/settings/queries";
import { formatDateTime, formatTime, pktDayKey, startOfPktDay } from "@/lib/time";

// Missing check-out, overdue and overload are the alert rules (lib/alerts/rules.ts) with
// the thresholds in force, so this page and the scans never disagree.

export type AttendanceToday =
  | { state: "checked_in"; since: Date; label: string; missingCheckout: boolean }
  | { state: "checked_out"; at: Date; label: string }
  | { state: "not_in"; label: string };

type TeamOverviewOptions = { viewer: Viewer; now?: Date };

/**
 * The team at a glance: today's attendance, open and overdue tasks, workload against
 * weekly capacity, pending leave. Five queries whatever the team's size.
 */
export async function getTeamOverview({ viewer, now = new Date() }: TeamOverviewOptions) {
  const team = peopleInReach(viewer, REACH.team, { othersOnly: true });
  if (!team) throw new ServiceError("You are not allowed to view a team.", "forbidden");
  const members = await db.user.findMany({
    where: { AND: [team, { status: "active" }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, title: true, role: true, weeklyCapacityHours: true, department: { select: { name: true } } },
  });
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return { members: [], missingCheckoutBufferHours: null };

  const dayStart = startOfPktDay(pktDayKey(now));
  const [settings, sessions, openTasks, overdueTasks, pendingLeave] = await Promise.all([
    getAlertSettings(),
    db.attendanceSession.findMany({
      where: { userId: { in: ids }, OR: [{ checkOutAt: null }, { checkInAt: { gte: dayStart } }, { checkOutAt: { gte: dayStart } }] },
      select: { userId: true, checkInAt: true, checkOutAt: true },
    }),
    db.task.groupBy({
      by: ["assigneeId"],
      where: { assigneeId: { in: ids }, status: { in: [...OPEN_TASK_STATUSES] } },
      _count: { _all: true },
      _sum: { estimateMinutes: true },
    }),
    db.task.groupBy({
      by: ["assigneeId"],
      where: { assigneeId: { in: ids }, status: { in: [...OPEN_TASK_STATUSES] }, dueDate: { lt: now } },
      _count: { _all: true },
    }),
    db.leaveRequest.groupBy({ by: ["requesterId"], where: { requesterId: { in: ids }, status: "pending" }, _count: { _all: true } }),
  ]);

  const sessionsByUser = new Map<string, typeof sessions>();
  for (const s of sessions) sessionsByUser.set(s.userId, [...(sessionsByUser.get(s.userId) ?? []), s]);
  const open = new Map(openTasks.map((t) => [t.assigneeId, t]));
  const overdue = new Map(overdueTasks.map((t) => [t.assigneeId, t._count._all]));
  const leave = new Map(pendingLeave.map((l) => [l.requesterId, l._count._all]));

  return {
    missingCheckoutBufferHours: settings.missingCheckoutBufferHours,
    members: members.map((m) => {
      const tasks = open.get(m.id);
      const openMinutes = tasks?._sum.estimateMinutes ?? 0;
      const openHours = Math.round((openMinutes / 60) * 10) / 10;
      return {
        id: m.id,
        name: m.name,
        title: m.title,
        roleLabel: ROLE_LABELS[m.role],
        departmentName: m.department?.name ?? null,
        attendance: attendanceToday(sessionsByUser.get(m.id) ?? [], dayStart, now, settings.missingCheckoutBufferHours),
        openTasks: tasks?._count._all ?? 0,
        overdueTasks: overdue.get(m.id) ?? 0,
        openEstimateHours: openHours,
        capacityHours: m.weeklyCapacityHours,
        workloadPercent: workloadPercent(openMinutes, m.weeklyCapacityHours),
        overloaded: isOverloaded(openMinutes, m.weeklyCapacityHours, settings.workloadOverloadPercent),
        pendingLeave: leave.get(m.id) ?? 0,
      };
    }),
  };
}

function attendanceToday(sessions: Array<{ checkInAt: Date; checkOutAt: Date | null }>, dayStart: Date, now: Date, bufferHours: number): AttendanceToday {
  const openSession = sessions.find((s) => s.checkOutAt === null);
  if (openSession) {
    const since = openSession.checkInAt;
    const missingCheckout = isMissingCheckout(openSession, now, bufferHours);
    return { state: "checked_in", since, missingCheckout, label: `Checked in since ${since >= dayStart ? formatTime(since) : formatDateTime(since)}` };
  }
  const lastOut = sessions.reduce<Date | null>((latest, s) => (s.checkOutAt && s.checkOutAt >= dayStart && (!latest || s.checkOutAt > latest) ? s.checkOutAt : latest), null);
  if (lastOut) return { state: "checked_out", at: lastOut, label: `Checked out at ${formatTime(lastOut)}` };
  return { state: "not_in", label: "Not in today" };
}
