import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { sign } from "./signing";

export type CheckpointHead = { chainId: number; seq: string; hash: string };

export function checkpointPayload(c: { heads: CheckpointHead[]; totalEntries: string; createdAt: string; keyId: string }) {
  return { kind: "audit-checkpoint/v1", heads: c.heads, totalEntries: c.totalEntries, createdAt: c.createdAt, keyId: c.keyId };
}

/**
 * Signs the current head of every chain, like CloudTrail's hourly digest. Taken under
 * a share lock on the heads so no append lands halfway through the snapshot.
 */
export async function createCheckpoint(): Promise<{ id: bigint; totalEntries: bigint; createdAt: Date }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<Array<{ chain_id: number; last_seq: bigint; last_hash: Uint8Array; now: Date }>>(
      `SELECT chain_id, last_seq, last_hash, date_trunc('milliseconds', clock_timestamp()) AS now
         FROM audit_chain_heads ORDER BY chain_id FOR SHARE`,
    );
    const heads: CheckpointHead[] = rows.map((r) => ({
      chainId: Number(r.chain_id),
      seq: BigInt(r.last_seq).toString(),
      hash: Buffer.from(r.last_hash).toString("hex"),
    }));
    const totalEntries = rows.reduce((sum, r) => sum + BigInt(r.last_seq), 0n);
    const createdAt = new Date(rows[0]?.now ?? Date.now());
    const payload = checkpointPayload({ heads, totalEntries: totalEntries.toString(), createdAt: createdAt.toISOString(), keyId: env.AUDIT_HMAC_KEY_ID });
    const created = await tx.auditCheckpoint.create({
      data: { createdAt, heads, totalEntries, keyId: env.AUDIT_HMAC_KEY_ID, signature: sign(env.AUDIT_HMAC_KEY, payload) },
    });
    return { id: created.id, totalEntries, createdAt };
  });
}
