import { pool } from "@/lib/db";
import { auditSigner } from "./keys";
import { checkpointPayload, type CheckpointHead, type CheckpointRecord } from "./signed-records";
import type { Signer } from "./signing";

export type { CheckpointHead } from "./signed-records";

export type CreatedCheckpoint = { id: bigint; totalEntries: bigint; createdAt: Date; keyId: string };

// Everything a checkpoint states, read in one statement (one snapshot).
const STATE = `SELECT
  (SELECT coalesce(jsonb_agg(jsonb_build_object('chainId', chain_id, 'seq', last_seq::text, 'hash', encode(last_hash, 'hex')) ORDER BY chain_id), '[]') FROM audit_chain_heads) AS heads,
  c.id::text AS previous_id, c.signature AS previous_signature,
  a.id::text AS archive_id, a.signature AS archive_signature,
  date_trunc('milliseconds', clock_timestamp()) AS now
  FROM (SELECT) AS one
  LEFT JOIN LATERAL (SELECT id, signature FROM audit_checkpoints ORDER BY id DESC LIMIT 1) AS c ON true
  LEFT JOIN LATERAL (SELECT id, signature FROM audit_archives ORDER BY id DESC LIMIT 1) AS a ON true`;

type State = { heads: CheckpointHead[]; previous_id: string | null; previous_signature: string | null; archive_id: string | null; archive_signature: string | null; now: Date };

/**
 * Signs the current head of every chain, like CloudTrail's hourly digest, naming the
 * previous checkpoint and the newest archive record. audit_record_checkpoint() checks
 * the heads against the stored entries and that nothing newer was recorded meanwhile;
 * if another checkpoint slipped in between, the read and the signature are redone once.
 */
export async function createCheckpoint(o: { signer?: Signer } = {}): Promise<CreatedCheckpoint> {
  const signer = o.signer ?? auditSigner();
  for (let attempt = 1; ; attempt++) {
    const state = (await pool.query<State>(STATE)).rows[0]!;
    const record: CheckpointRecord = {
      heads: state.heads,
      totalEntries: state.heads.reduce((sum, h) => sum + BigInt(h.seq), 0n).toString(),
      createdAt: new Date(state.now),
      keyId: signer.keyId,
      algorithm: signer.algorithm,
      previousId: state.previous_id,
      previousSignature: state.previous_signature,
      archiveId: state.archive_id,
      archiveSignature: state.archive_signature,
    };
    const signature = signer.sign(checkpointPayload(record));
    try {
      const { rows } = await pool.query<{ id: string }>(
        "SELECT audit_record_checkpoint($1::jsonb, $2::bigint, $3::timestamptz, $4, $5, $6::bigint, $7, $8::bigint, $9, $10)::text AS id",
        [JSON.stringify(record.heads), record.totalEntries, record.createdAt, record.keyId, record.algorithm, record.previousId, record.previousSignature, record.archiveId, record.archiveSignature, signature],
      );
      return { id: BigInt(rows[0]!.id), totalEntries: BigInt(record.totalEntries), createdAt: record.createdAt, keyId: record.keyId };
    } catch (error) {
      if (attempt >= 2 || !/must name the newest/.test((error as Error).message)) throw error;
    }
  }
}
