import "server-only";
import { can } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";
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
