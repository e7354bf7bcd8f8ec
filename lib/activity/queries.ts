import "server-only";
import { recordDataAccess, type DataAccessReader } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";
import { ServiceError } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

const PAGE = 25;

export type ActivityCursor = { at: Date; id: string };

type MyActivityOptions = { viewer: DataAccessReader; request: RequestContext; cursor?: ActivityCursor };

/**
 * Everything the audit log holds about the viewer: what they did and what was done to
 * their records, newest first. Keyset-paginated on (time, id). Reading the audit log,
 * even one's own part of it, is itself logged, here and nowhere else on this path.
 */
export async function listMyActivity({ viewer, request, cursor }: MyActivityOptions) {
  if (!can(viewer.role, "activity:self")) throw new ServiceError("You are not allowed to view activity.", "forbidden");
  const mine: Prisma.AuditLogWhereInput = { OR: [{ userId: viewer.id }, { subjectUserId: viewer.id }] };
  const after = cursor
    ? { OR: [{ eventTimestamp: { lt: cursor.at } }, { eventTimestamp: cursor.at, id: { lt: cursor.id } }] }
    : null;
  const rows = await db.auditLog.findMany({
    where: after ? { AND: [mine, after] } : mine,
    orderBy: [{ eventTimestamp: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      id: true,
      eventTimestamp: true,
      eventType: true,
      actionType: true,
      actionDescription: true,
      userId: true,
      userName: true,
      userRole: true,
      objectType: true,
      objectName: true,
      oldValues: true,
      newValues: true,
      changedFields: true,
      status: true,
      riskLevel: true,
      ipAddress: true,
    },
  });
  const page = rows.slice(0, PAGE);
  await recordDataAccess({
    actor: viewer, request,
    accessType: "view", dataCategory: "system_data", dataType: "audit_log_own", recordCount: page.length,
    sensitivity: "internal", purpose: "My activity", searchCriteria: cursor ? { before: cursor.at.toISOString() } : {},
  });
  const last = rows.length > PAGE ? rows[PAGE - 1]! : null;
  return { rows: page, next: last ? { at: last.eventTimestamp, id: last.id } : null };
}
