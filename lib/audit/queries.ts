import "server-only";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";

/** Checkpoints, chain and archive counts for the integrity page (audit:verify only). */
export async function getIntegrityOverview(viewer: Viewer) {
  if (!can(viewer.role, "audit:verify")) throw new ServiceError("You are not allowed to verify the audit log.", "forbidden");
  const [checkpoints, heads, archives] = await Promise.all([
    db.auditCheckpoint.findMany({ orderBy: { id: "desc" }, take: 5, select: { id: true, createdAt: true, totalEntries: true, keyId: true, algorithm: true } }),
    db.auditChainHead.aggregate({ _sum: { lastSeq: true }, _count: true }),
    db.auditArchive.count(),
  ]);
  return { checkpoints, totalEntries: heads._sum.lastSeq ?? 0n, chains: heads._count, archives };
}

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
