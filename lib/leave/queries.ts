import "server-only";
import { deciderNames } from "@/lib/audit/search/decider-names";
import { ownedBy, peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decidedIn, decisionFields, pendingIn, waitingFields } from "@/lib/requests/decider-lists";
import { olderThan, PAGE, requestPage } from "@/lib/requests/queries";
import { leaveReasonFor } from "./privacy";

/** The viewer's own requests, newest first, keyset-paginated on (created, id). */
export async function listMyLeaveRequests(viewer: Viewer, cursor?: string) {
  const rows = await db.leaveRequest.findMany({
    where: { requesterId: viewer.id, ...olderThan("leave_request", cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { approver: { select: { name: true } } },
  });
  return requestPage("leave_request", rows);
}

/** Where a decider's reach ends: their direct reports, or everyone for HR Operations and admins; never themselves. */
function decideScope(viewer: Viewer): Prisma.LeaveRequestWhereInput | null {
  const people = peopleInReach(viewer, { all: REACH.leave.all, team: REACH.leave.team }, { othersOnly: true });
  return people ? { requesterId: { not: viewer.id }, ...ownedBy("requester", people) } : null;
}

/** Pending requests the viewer may decide, longest-waiting first. */
export async function listLeaveToDecide(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.leaveRequest.findMany(pendingIn(scope));
  const now = Date.now();
  return rows.map((r) => ({ id: r.id, type: r.type, startDate: r.startDate, endDate: r.endDate, ...leaveReasonFor(viewer, r), ...waitingFields(r, now) }));
}

/** The latest approvals and rejections within the viewer's reach, newest first. */
export async function listRecentLeaveDecisions(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.leaveRequest.findMany(decidedIn(scope));
  const approverName = await deciderNames("leave_request", rows);
  return rows.map((r) => ({ id: r.id, type: r.type, startDate: r.startDate, endDate: r.endDate, ...decisionFields(r, approverName(r)) }));
}
