import "server-only";
import { db } from "@/lib/db";

type Decided = { id: string; status: string; approver: { name: string } | null };

/**
 * Who decided each request, for rows the caller already read within the viewer's scope
 * (it resolves labels of those rows only, so it takes no viewer of its own). The approver link is cleared when that account is deleted,
 * so fall back to the name the audit log kept when the decision was recorded.
 */
export async function deciderNames(objectType: "leave_request" | "project_request", rows: Decided[]) {
  const decided = (status: string) => status === "approved" || status === "rejected";
  const orphaned = rows.filter((r) => !r.approver && decided(r.status)).map((r) => r.id);
  const snapshots = orphaned.length
    ? await db.auditLog.findMany({
        where: { objectType, objectId: { in: orphaned }, actionType: { in: [`${objectType}.approved`, `${objectType}.rejected`] } },
        select: { objectId: true, userName: true },
      })
    : [];
  const byId = new Map(snapshots.map((s) => [s.objectId, s.userName]));
  return (row: Decided): string | null => {
    if (row.approver) return row.approver.name;
    if (!decided(row.status)) return null;
    return byId.get(row.id) || "a former user";
  };
}
