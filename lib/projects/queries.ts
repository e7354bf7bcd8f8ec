import "server-only";
import { can } from "@/lib/access/permissions";
import { deciderNames } from "@/lib/audit/search/decider-names";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Viewer } from "@/lib/access/scope";
import { decidedIn, decisionFields, pendingIn, waitingFields } from "@/lib/requests/decider-lists";
import { olderThan, PAGE, requestPage } from "@/lib/requests/queries";

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
  const rows = await db.projectRequest.findMany(pendingIn(scope));
  const now = Date.now();
  return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, ...waitingFields(r, now) }));
}

/** The latest project approvals and rejections, newest first. */
export async function listRecentProjectDecisions(viewer: Viewer) {
  const scope = decideScope(viewer);
  if (!scope) return [];
  const rows = await db.projectRequest.findMany(decidedIn(scope));
  const approverName = await deciderNames("project_request", rows);
  return rows.map((r) => ({ id: r.id, title: r.title, ...decisionFields(r, approverName(r)) }));
}
