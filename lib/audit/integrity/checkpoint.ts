import { pool } from "@/lib/db";
import { auditSigner } from "./keys";
import { appendLeaves } from "./merkle-store";
import { checkpointPayload, type CheckpointHead, type CheckpointRecord } from "./signed-records";
import type { Signer } from "./signing";

export type { CheckpointHead } from "./signed-records";

export type CreatedCheckpoint = { id: bigint; totalEntries: bigint; createdAt: Date; keyId: string; merkleSize: bigint; merkleRoot: string };

// Everything a checkpoint states, read in one statement (one snapshot), with the newest
// Merkle checkpoint (where the tree stands) and, for the first one, where it starts:
// each chain's newest archived position, or 0 (audit_record_checkpoint checks both).
const STATE = `SELECT
  (SELECT coalesce(jsonb_agg(jsonb_build_object('chainId', chain_id, 'seq', last_seq::text, 'hash', encode(last_hash, 'hex')) ORDER BY chain_id), '[]') FROM audit_chain_heads) AS heads,
  c.id::text AS previous_id, c.signature AS previous_signature,
  a.id::text AS archive_id, a.signature AS archive_signature,
  m.merkle_size::text AS merkle_size, m.merkle_base, m.heads AS merkle_heads,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('chainId', h.chain_id, 'seq', coalesce(x.seq, 0)::text,
            'hash', coalesce(x.hash, encode(sha256(convert_to('hr-governance-audit-chain:' || h.chain_id, 'UTF8')), 'hex'))) ORDER BY h.chain_id), '[]')
     FROM audit_chain_heads h
     LEFT JOIN LATERAL (SELECT (e->>'seq')::bigint AS seq, e->>'hash' AS hash FROM audit_archives ar, jsonb_array_elements(ar.chain_ends) e
                         WHERE (e->>'chainId')::smallint = h.chain_id ORDER BY (e->>'seq')::bigint DESC LIMIT 1) x ON true) AS archived_ends,
  date_trunc('milliseconds', clock_timestamp()) AS now
  FROM (SELECT) AS one
  LEFT JOIN LATERAL (SELECT id, signature FROM audit_checkpoints ORDER BY id DESC LIMIT 1) AS c ON true
  LEFT JOIN LATERAL (SELECT id, signature FROM audit_archives ORDER BY id DESC LIMIT 1) AS a ON true
  LEFT JOIN LATERAL (SELECT merkle_size, merkle_base, heads FROM audit_checkpoints WHERE merkle_root IS NOT NULL ORDER BY id DESC LIMIT 1) AS m ON true`;

type State = {
  heads: CheckpointHead[];
  previous_id: string | null;
  previous_signature: string | null;
  archive_id: string | null;
  archive_signature: string | null;
  merkle_size: string | null;
  merkle_base: CheckpointHead[] | null;
  merkle_heads: CheckpointHead[] | null;
  archived_ends: CheckpointHead[];
  now: Date;
};

/**
 * Signs the current head of every chain, like CloudTrail's hourly digest, naming the
 * previous checkpoint and the newest archive record, and the root of the log's Merkle
 * tree (merkle-store.ts), extended first by the entries appended since the previous
 * checkpoint. One transaction under an advisory lock: the tree's new blocks and the
 * checkpoint that signs them land together or not at all. audit_record_checkpoint()
 * checks the heads against the stored entries and the tree's size against them; if an
 * archive record slipped in between, the whole is redone once.
 */
export async function createCheckpoint(o: { signer?: Signer } = {}): Promise<CreatedCheckpoint> {
  const signer = o.signer ?? auditSigner();
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext('audit-checkpoint'))");
      const state = (await client.query<State>(STATE)).rows[0]!;
      const base = state.merkle_base ?? state.archived_ends;
      const tree = await appendLeaves(
        client,
        { size: Number(state.merkle_size ?? 0), base, previousHeads: state.merkle_heads ?? base },
        state.heads,
      );
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
        merkle: { size: String(tree.size), root: tree.root.toString("hex"), base },
      };
      const signature = signer.sign(checkpointPayload(record));
      const { rows } = await client.query<{ id: string }>(
        "SELECT audit_record_checkpoint($1::jsonb, $2::bigint, $3::timestamptz, $4, $5, $6::bigint, $7, $8::bigint, $9, $10, $11::bigint, $12, $13::jsonb)::text AS id",
        [JSON.stringify(record.heads), record.totalEntries, record.createdAt, record.keyId, record.algorithm, record.previousId, record.previousSignature,
          record.archiveId, record.archiveSignature, signature, record.merkle!.size, record.merkle!.root, JSON.stringify(base)],
      );
      await client.query("COMMIT");
      return {
        id: BigInt(rows[0]!.id), totalEntries: BigInt(record.totalEntries), createdAt: record.createdAt, keyId: record.keyId,
        merkleSize: BigInt(tree.size), merkleRoot: record.merkle!.root,
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (attempt >= 2 || !/must name the newest/.test((error as Error).message)) throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Signs a checkpoint unless the newest one already covers every entry, so every entry
 * has a Merkle proof: before an export of evidence, and before a partition is archived
 * (its entries must be in the tree before they leave the database). Returns the newest
 * checkpoint's id either way.
 */
export async function ensureCheckpoint(o: { signer?: Signer } = {}): Promise<bigint> {
  const { rows } = await pool.query<{ id: string | null; covered: boolean }>(
    `SELECT c.id::text, c.id IS NOT NULL AND c.merkle_root IS NOT NULL
            AND c.total_entries = (SELECT coalesce(sum(last_seq), 0) FROM audit_chain_heads) AS covered
       FROM (SELECT) one LEFT JOIN LATERAL (SELECT id, merkle_root, total_entries FROM audit_checkpoints ORDER BY id DESC LIMIT 1) c ON true`,
  );
  if (rows[0]?.covered) return BigInt(rows[0].id!);
  return (await createCheckpoint(o)).id;
}
