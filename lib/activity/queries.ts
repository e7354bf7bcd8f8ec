import "server-only";
import { recordDataAccess, type DataAccessReader } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";
import { ServiceError } from "@/lib/errors";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { timeIdCursor } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";

const PAGE = 25;

/** The list's cursor: the last entry's (event_timestamp, id). */
const activityCursor = timeIdCursor("activity");

type MyActivityOptions = { viewer: DataAccessReader; request: RequestContext; cursor?: string };

/**
 * Everything the audit log holds about the viewer: what they did and what was done to
 * their records, newest first. Keyset-paginated on (time, id). Reading the audit log,
 * even one's own part of it, is itself logged, here and nowhere else on this path.
 */
export async function listMyActivity({ viewer, request, cursor }: MyActivityOptions) {
  if (!can(viewer.role, "activity:self")) throw new ServiceError("You are not allowed to view activity.", "forbidden");
  const after = activityCursor.parse(cursor);
  const mine: Prisma.AuditLogWhereInput = { OR: [{ userId: viewer.id }, { subjectUserId: viewer.id }] };
  const rows = await db.auditLog.findMany({
    where: { AND: [mine, keysetWhere("desc", after && { eventTimestamp: after.at, id: after.id })] },
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
  const page = keysetPage(rows, PAGE, (last) => activityCursor.encode({ at: last.eventTimestamp, id: last.id }));
  await recordDataAccess({
    actor: viewer, request,
    accessType: "view", dataCategory: "system_data", dataType: "audit_log_own", recordCount: page.rows.length,
    sensitivity: "internal", purpose: "My activity", searchCriteria: after ? { before: after.at.toISOString() } : {},
  });
  return page;
}
