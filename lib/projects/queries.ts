import "server-only";
import { can, type Role } from "@/lib/auth/permissions";
import { deciderNames } from "@/lib/audit/queries";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

const PAGE = 20;
const TO_DECIDE_LIMIT = 50;
const RECENT_DECISIONS = 10;

export type Viewer = { id: string; role: Role };
export type RequestCursor = { at: Date; id: string };

const requesterSelect = {
  select: { name: true, title: true, department: { select: { name: true } } },
} satisfies Prisma.UserDefaultArgs;


/** The person's own project requests, newest first, keyset-paginated on (created, id). */
export async function listMyProjectRequests(userId: string, cursor?: RequestCursor) {
  const after = cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {};
  const rows = await db.projectRequest.findMany({
    where: { requesterId: userId, ...after },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { approver: { select: { name: true } } },
  });
  const page = rows.slice(0, PAGE);
  const approverName = await deciderNames("project_request", page);
  const last = rows.length > PAGE ? page[page.length - 1]! : null;
  return {
    rows: page.map((r) => ({ ...r, approverName: approverName(r) })),
    next: last ? { at: last.createdAt, id: last.id } : null,
  };
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
    requesterName: r.requester.name,
    requesterTitle: r.requester.title,
    departmentName: r.requester.department?.name ?? null,
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
    requesterName: r.requester.name,
    requesterTitle: r.requester.title,
    departmentName: r.requester.department?.name ?? null,
  }));
}
