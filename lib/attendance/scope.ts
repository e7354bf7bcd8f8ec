// Whose attendance sessions someone may correct, as a `where` fragment shared by the
// edit service and the lists that offer corrections (team = lib/access/scope.ts).
import { ownedBy, peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Anyone's sessions for HR Operations and admins, direct reports' for a manager, null
 * for everyone else. The viewer's own sessions are refused by the callers, so the
 * service can say why.
 */
export function editableSessionsWhere(viewer: Viewer): Prisma.AttendanceSessionWhereInput | null {
  const people = peopleInReach(viewer, { all: REACH.attendance.all, team: REACH.attendance.team });
  return people ? ownedBy("user", people) : null;
}
