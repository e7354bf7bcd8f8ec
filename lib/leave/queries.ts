import "server-only";
import { deciderNames } from "@/lib/audit/search/decider-names";
import { ownedBy, peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decidedIn, decisionFields, pendingIn, waitingFields } from "@/lib/requests/decider-lists";
import { olderThan, PAGE, requestPage } from "@/lib/requests/queries";
import { isSensitiveLeave, leaveReasonFor } from "./privacy";
import { recordDataAccess } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";

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

/**
 * Pending requests the viewer may decide, longest-waiting first. A sick-leave reason is
 * health information: each one shown is logged as a data access of that person's record
 * (is_phi_data), and each one withheld (a deciding manager sees it masked) as a refused
 * one, so "who looked at this person's record" has both.
 */
export async function listLeaveToDecide(viewer: Viewer & { name?: string }, request: RequestContext) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.leaveRequest.findMany(pendingIn(scope));
  const now = Date.now();
  const list = rows.map((r) => ({ id: r.id, type: r.type, startDate: r.startDate, endDate: r.endDate, ...leaveReasonFor(viewer, r), ...waitingFields(r, now) }));
  await logSickReasonReads(viewer, request, rows, list);
  return list;
}

async function logSickReasonReads(
  viewer: Viewer & { name?: string },
  request: RequestContext,
  rows: Array<{ id: string; type: string; requesterId: string; requester: { name: string } }>,
  shown: Array<{ id: string; reasonMasked: boolean }>,
) {
  const masked = new Map(shown.map((s) => [s.id, s.reasonMasked]));
  const bySubject = (wantMasked: boolean) => {
    const people = new Map<string, { id: string; name: string; count: number }>();
    for (const r of rows) {
      if (!isSensitiveLeave(r) || r.requesterId === viewer.id || masked.get(r.id) !== wantMasked) continue;
      const p = people.get(r.requesterId) ?? { id: r.requesterId, name: r.requester.name, count: 0 };
      p.count++;
      people.set(r.requesterId, p);
    }
    return [...people.values()];
  };
  const base = {
    actor: { id: viewer.id, name: viewer.name ?? "", role: viewer.role }, request, accessType: "view" as const, accessMethod: "ui" as const,
    dataCategory: "health_data" as const, dataType: "leave_request", dataFields: ["reason"], sensitivity: "restricted" as const,
    purpose: "Deciding leave requests", isPii: true, isPhi: true,
  };
  const read = bySubject(false);
  const withheld = bySubject(true);
  if (read.length > 0) await recordDataAccess({ ...base, recordCount: read.reduce((n, p) => n + p.count, 0), subjects: read });
  if (withheld.length > 0) {
    await recordDataAccess({
      ...base, recordCount: withheld.reduce((n, p) => n + p.count, 0), subjects: withheld, status: "denied",
      denialReason: "A sick-leave reason is health information: only HR Operations and administrators read it",
    });
  }
}

/** The latest approvals and rejections within the viewer's reach, newest first. */
export async function listRecentLeaveDecisions(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.leaveRequest.findMany(decidedIn(scope));
  const approverName = await deciderNames("leave_request", rows);
  return rows.map((r) => ({ id: r.id, type: r.type, startDate: r.startDate, endDate: r.endDate, ...decisionFields(r, approverName(r)) }));
}
