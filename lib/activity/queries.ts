import "server-only";
import { db } from "@/lib/db";

const PAGE = 25;

export type ActivityCursor = { at: Date; id: string };

/**
 * Everything the audit log holds about one person: what they did and what was done to
 * their records, newest first. Keyset-paginated on (time, id).
 */
export async function listMyActivity(userId: string, cursor?: ActivityCursor) {
  const mine = { OR: [{ userId }, { subjectUserId: userId }] };
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
  const last = rows.length > PAGE ? rows[PAGE - 1]! : null;
  return { rows: rows.slice(0, PAGE), next: last ? { at: last.eventTimestamp, id: last.id } : null };
}
