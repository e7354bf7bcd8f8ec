import "server-only";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { peopleInReach, REACH, type Viewer } from "@/lib/auth/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { formatDateTime, formatTime, pktDayKey, startOfPktDay } from "@/lib/time";

/** An open session older than this is shown as a missing check-out. */
export const MISSING_CHECKOUT_HOURS = 12;

const OPEN_TASK_STATUSES = ["TODO", "IN_PROGRESS"] as const;

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
  if (ids.length === 0) return { members: [] };

  const dayStart = startOfPktDay(pktDayKey(now));
  const [sessions, openTasks, overdueTasks, pendingLeave] = await Promise.all([
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
    members: members.map((m) => {
      const tasks = open.get(m.id);
      const openHours = Math.round(((tasks?._sum.estimateMinutes ?? 0) / 60) * 10) / 10;
      const workloadPercent = m.weeklyCapacityHours > 0 ? Math.round((openHours / m.weeklyCapacityHours) * 100) : 0;
      return {
        id: m.id,
        name: m.name,
        title: m.title,
        roleLabel: ROLE_LABELS[m.role],
        departmentName: m.department?.name ?? null,
        attendance: attendanceToday(sessionsByUser.get(m.id) ?? [], dayStart, now),
        openTasks: tasks?._count._all ?? 0,
        overdueTasks: overdue.get(m.id) ?? 0,
        openEstimateHours: openHours,
        capacityHours: m.weeklyCapacityHours,
        workloadPercent,
        overloaded: workloadPercent > 100,
        pendingLeave: leave.get(m.id) ?? 0,
      };
    }),
  };
}

function attendanceToday(sessions: Array<{ checkInAt: Date; checkOutAt: Date | null }>, dayStart: Date, now: Date): AttendanceToday {
  const openSession = sessions.find((s) => s.checkOutAt === null);
  if (openSession) {
    const since = openSession.checkInAt;
    const missingCheckout = now.getTime() - since.getTime() > MISSING_CHECKOUT_HOURS * 3_600_000;
    return { state: "checked_in", since, missingCheckout, label: `Checked in since ${since >= dayStart ? formatTime(since) : formatDateTime(since)}` };
  }
  const lastOut = sessions.reduce<Date | null>((latest, s) => (s.checkOutAt && s.checkOutAt >= dayStart && (!latest || s.checkOutAt > latest) ? s.checkOutAt : latest), null);
  if (lastOut) return { state: "checked_out", at: lastOut, label: `Checked out at ${formatTime(lastOut)}` };
  return { state: "not_in", label: "Not in today" };
}
