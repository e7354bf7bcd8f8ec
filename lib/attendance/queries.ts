import "server-only";
import { db } from "@/lib/db";
import { pktDayKey, startOfPktDay } from "@/lib/time";

export async function getTodayAttendance(userId: string) {
  const dayStart = startOfPktDay(pktDayKey(new Date()));
  const [open, today] = await Promise.all([
    db.attendanceSession.findFirst({ where: { userId, checkOutAt: null } }),
    db.attendanceSession.findMany({ where: { userId, checkInAt: { gte: dayStart } }, orderBy: { checkInAt: "asc" } }),
  ]);
  const workedMs = today.reduce((sum, s) => sum + ((s.checkOutAt ?? new Date()).getTime() - s.checkInAt.getTime()), 0);
  return { open, today, workedMs };
}

const PAGE = 20;

/** The person's sessions, newest first, keyset-paginated by check-in time. */
export async function listOwnAttendance(userId: string, before?: Date) {
  const rows = await db.attendanceSession.findMany({
    where: { userId, ...(before ? { checkInAt: { lt: before } } : {}) },
    orderBy: { checkInAt: "desc" },
    take: PAGE + 1,
    include: { editedBy: { select: { name: true } } },
  });
  return { rows: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.checkInAt : null };
}

/**
 * Sessions someone may correct: a manager's direct reports, or everyone for HR
 * Operations and admins; filtered to one person when `userId` is given.
 */
export async function listEditableSessions({ actorId, anyone, userId, before }: { actorId: string; anyone: boolean; userId?: string; before?: Date }) {
  const rows = await db.attendanceSession.findMany({
    where: {
      userId: userId ?? { not: actorId },
      ...(userId ? { NOT: { userId: actorId } } : {}),
      ...(anyone ? {} : { user: { managerId: actorId } }),
      ...(before ? { checkInAt: { lt: before } } : {}),
    },
    orderBy: { checkInAt: "desc" },
    take: PAGE + 1,
    include: { user: { select: { name: true, title: true, department: { select: { name: true } } } }, editedBy: { select: { name: true } } },
  });
  return { rows: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.checkInAt : null };
}

/** One session the actor may correct (same scope as the edit service), or null. */
export async function getEditableSession({ actorId, anyone, sessionId }: { actorId: string; anyone: boolean; sessionId: string }) {
  return db.attendanceSession.findFirst({
    where: { id: sessionId, NOT: { userId: actorId }, ...(anyone ? {} : { user: { managerId: actorId } }) },
    include: { user: { select: { name: true, title: true, department: { select: { name: true } } } } },
  });
}
