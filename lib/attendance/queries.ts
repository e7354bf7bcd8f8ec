import "server-only";
import type { Viewer } from "@/lib/auth/scope";
import { db } from "@/lib/db";
import { pktDayKey, startOfPktDay } from "@/lib/time";
import { isUuid } from "@/lib/uuid";
import { editableSessionsWhere } from "./scope";

/** The viewer's open session and today's sessions, with the time worked today. */
export async function getTodayAttendance(viewer: Viewer) {
  const dayStart = startOfPktDay(pktDayKey(new Date()));
  const [open, today] = await Promise.all([
    db.attendanceSession.findFirst({ where: { userId: viewer.id, checkOutAt: null } }),
    db.attendanceSession.findMany({ where: { userId: viewer.id, checkInAt: { gte: dayStart } }, orderBy: { checkInAt: "asc" } }),
  ]);
  const workedMs = today.reduce((sum, s) => sum + ((s.checkOutAt ?? new Date()).getTime() - s.checkInAt.getTime()), 0);
  return { open, today, workedMs };
}

const PAGE = 20;

/** The viewer's sessions, newest first, keyset-paginated by check-in time. */
export async function listOwnAttendance(viewer: Viewer, before?: Date) {
  const rows = await db.attendanceSession.findMany({
    where: { userId: viewer.id, ...(before ? { checkInAt: { lt: before } } : {}) },
    orderBy: { checkInAt: "desc" },
    take: PAGE + 1,
    include: { editedBy: { select: { name: true } } },
  });
  return { rows: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.checkInAt : null };
}

type EditableSessionsOptions = { viewer: Viewer; userId?: string; before?: Date };

/**
 * Other people's sessions the viewer may correct (a manager's direct reports, anyone's
 * for HR Operations and admins), newest first; filtered to one person when `userId` is
 * given. Null when the viewer may correct nobody's; a person outside reach gives no rows.
 */
export async function listEditableSessions({ viewer, userId, before }: EditableSessionsOptions) {
  const scope = editableSessionsWhere(viewer);
  if (!scope) return null;
  const rows = await db.attendanceSession.findMany({
    where: {
      AND: [scope, { userId: { not: viewer.id } }, userId ? { userId } : {}, before ? { checkInAt: { lt: before } } : {}],
    },
    orderBy: { checkInAt: "desc" },
    take: PAGE + 1,
    include: { user: { select: { name: true, title: true, department: { select: { name: true } } } }, editedBy: { select: { name: true } } },
  });
  return { rows: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.checkInAt : null };
}

/** One session the viewer may correct (the edit service's scope), or null. */
export async function getEditableSession({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
  const scope = editableSessionsWhere(viewer);
  if (!scope || !isUuid(sessionId)) return null;
  return db.attendanceSession.findFirst({
    where: { AND: [{ id: sessionId }, scope, { userId: { not: viewer.id } }] },
    include: { user: { select: { name: true, title: true, department: { select: { name: true } } } } },
  });
}
