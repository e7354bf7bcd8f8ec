// Who may act on whose tasks and time logs, as Prisma `where` fragments. Services and
// queries share them so a list never offers what the service would refuse. Team scope
// (direct reports) comes from the one definition in lib/access/scope.ts.
import { ownedBy, peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Active people the actor may assign a task to (never themselves, except for admins), or null. */
export function assignableUsersWhere(actor: Viewer): Prisma.UserWhereInput | null {
  const people = peopleInReach(actor, REACH.taskAssignees);
  if (!people) return null;
  return { AND: [{ status: "active" }, people] };
}

/** Assignees whose tasks the actor reviews: their direct reports, never themselves. */
export function reviewableAssigneesWhere(actor: Viewer): Prisma.UserWhereInput | null {
  return peopleInReach(actor, REACH.taskReview, { othersOnly: true });
}

/**
 * Time logs the actor may correct: anyone's for HR Operations and admins, their direct
 * reports' for a manager; null when none. The actor's own logs are refused separately
 * so the message can say why.
 */
export function editableTimeLogsWhere(actor: Viewer): Prisma.TimeLogWhereInput | null {
  const people = peopleInReach(actor, { all: REACH.timeLogs.all, team: REACH.timeLogs.team });
  return people ? ownedBy("user", people) : null;
}
