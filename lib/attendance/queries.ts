import "server-only";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { timeIdCursor } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
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

// Each list's cursor: the last session's (check-in, id); the id breaks ties between
// sessions that began in the same millisecond, which a cursor on the time alone skipped.
const ownCursor = timeIdCursor("attendance");
const othersCursor = timeIdCursor("attendance-others");

function page<T extends { id: string; checkInAt: Date }>(rows: T[], codec: typeof ownCursor) {
  const { rows: shown, next } = keysetPage(rows, PAGE, (last) => codec.encode({ at: last.checkInAt, id: last.id }));
  return { rows: shown, nextCursor: next };
}

/** The viewer's sessions, newest first, keyset-paginated by (check-in time, id). */
export async function listOwnAttendance(viewer: Viewer, cursor?: string) {
  const after = ownCursor.parse(cursor);
  const rows = await db.attendanceSession.findMany({
    where: { AND: [{ userId: viewer.id }, keysetWhere("desc", after && { checkInAt: after.at, id: after.id })] },
    orderBy: [{ checkInAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { editedBy: { select: { name: true } } },
  });
  return page(rows, ownCursor);
}

type EditableSessionsOptions = { viewer: Viewer; userId?: string; cursor?: string };

/**
 * Other people's sessions the viewer may correct (a manager's direct reports, anyone's
 * for HR Operations and admins), newest first; filtered to one person when `userId` is
 * given. Null when the viewer may correct nobody's; a person outside reach gives no rows.
 */
export async function listEditableSessions({ viewer, userId, cursor }: EditableSessionsOptions) {
  const after = othersCursor.parse(cursor);
  const scope = editableSessionsWhere(viewer);
  if (!scope) return null;
  const rows = await db.attendanceSession.findMany({
    where: {
      AND: [scope, { userId: { not: viewer.id } }, userId ? { userId } : {}, keysetWhere("desc", after && { checkInAt: after.at, id: after.id })],
    },
    orderBy: [{ checkInAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { user: { select: { name: true, title: true, department: { select: { name: true } } } }, editedBy: { select: { name: true } } },
  });
  return page(rows, othersCursor);
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
