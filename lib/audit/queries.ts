import "server-only";
import { db } from "@/lib/db";

export async function getIntegrityOverview() {
  const [checkpoints, heads, archives] = await Promise.all([
    db.auditCheckpoint.findMany({ orderBy: { id: "desc" }, take: 5, select: { id: true, createdAt: true, totalEntries: true, keyId: true } }),
    db.auditChainHead.aggregate({ _sum: { lastSeq: true }, _count: true }),
    db.auditArchive.count(),
  ]);
  return { checkpoints, totalEntries: heads._sum.lastSeq ?? 0n, chains: heads._count, archives };
}
