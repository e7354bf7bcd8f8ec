import "server-only";
import { can } from "@/lib/access/permissions";
import { deciderNames } from "@/lib/audit/search/decider-names";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Viewer } from "@/lib/access/scope";
import { olderThan, PAGE, RECENT_DECISIONS, requesterLabels, requesterSelect, requestPage, TO_DECIDE_LIMIT } from "@/lib/requests/queries";

/** The viewer's own project requests, newest first, keyset-paginated on (created, id). */
export async function listMyProjectRequests(viewer: Viewer, cursor?: string) {
  const rows = await db.projectRequest.findMany({
    where: { requesterId: viewer.id, ...olderThan("project_request", cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { approver: { select: { name: true } } },
  });
  return requestPage("project_request", rows);
}

function decideScope(viewer: Viewer): Prisma.ProjectRequestWhereInput | null {
  return can(viewer.role, "projects:decide") ? { requesterId: { not: viewer.id } } : null;
}

/** Pending project requests the viewer may decide, longest-waiting first. */
export async function listProjectsToDecide(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.projectRequest.findMany({
    where: { status: "pending", ...scope },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: TO_DECIDE_LIMIT,
    include: { requester: requesterSelect },
  });
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    createdAt: r.createdAt,
    waitingMs: now - r.createdAt.getTime(),
    ...requesterLabels(r.requester),
  }));
}

/** The latest project approvals and rejections, newest first. */
export async function listRecentProjectDecisions(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.projectRequest.findMany({
    where: { status: { in: ["approved", "rejected"] }, ...scope },
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    take: RECENT_DECISIONS,
    include: { requester: requesterSelect, approver: { select: { name: true } } },
  });
  const approverName = await deciderNames("project_request", rows);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    approverName: approverName(r),
    ...requesterLabels(r.requester),
  }));
}
