// What a checkpoint and an archive record sign: the payloads, built from the stored
// columns, so signing and verifying agree by construction. No environment, no database.

export type CheckpointHead = { chainId: number; seq: string; hash: string };

/** The last entry of one chain inside an archived partition (the verifier resumes after it). */
export type ChainEnd = CheckpointHead;

export type CheckpointRecord = {
  heads: CheckpointHead[];
  totalEntries: string;
  createdAt: Date;
  keyId: string;
  algorithm: string;
  previousId: string | null;
  previousSignature: string | null;
  archiveId: string | null;
  archiveSignature: string | null;
  /** The Merkle tree head (v3); absent on checkpoints from before the tree. */
  merkle?: MerkleHead | null;
};

/** The RFC 9162 tree head a checkpoint signs: size, root (hex), and where the tree starts. */
export type MerkleHead = { size: string; root: string; base: CheckpointHead[] };

export type ArchiveRecord = {
  partition: string;
  rangeStart: Date;
  rangeEnd: Date;
  rowCount: bigint | number | string;
  filePath: string;
  fileSha256: string;
  chainEnds: ChainEnd[];
  createdAt: Date;
  keyId: string;
  algorithm: string;
};

const heads = (list: CheckpointHead[]) => list.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash }));

/**
 * v1 (HMAC, before rotation): the heads, the total, the time and the key.
 * v2 (Ed25519): also the previous checkpoint and the newest archive record, each by id
 * and signature, so checkpoints form a chain and no archive record can vanish unseen.
 * v3: also the Merkle tree head. The bundle verifier builds the same v3 payload
 * (lib/audit/evidence/verify-bundle.mjs; a test holds the two equal).
 */
export function checkpointPayload(c: CheckpointRecord) {
  const base = { heads: heads(c.heads), totalEntries: c.totalEntries, createdAt: c.createdAt.toISOString(), keyId: c.keyId };
  if (c.algorithm === "hmac-sha256") return { kind: "audit-checkpoint/v1", ...base };
  return {
    kind: c.merkle ? "audit-checkpoint/v3" : "audit-checkpoint/v2",
    ...base,
    algorithm: c.algorithm,
    previous: c.previousId === null ? null : { id: c.previousId, signature: c.previousSignature },
    archive: c.archiveId === null ? null : { id: c.archiveId, signature: c.archiveSignature },
    ...(c.merkle ? { merkle: { size: c.merkle.size, root: c.merkle.root, base: heads(c.merkle.base) } } : {}),
  };
}

export function archivePayload(r: ArchiveRecord) {
  return {
    kind: r.algorithm === "hmac-sha256" ? "audit-archive/v1" : "audit-archive/v2",
    partition: r.partition,
    rangeStart: r.rangeStart.toISOString(),
    rangeEnd: r.rangeEnd.toISOString(),
    rowCount: String(r.rowCount),
    filePath: r.filePath,
    fileSha256: r.fileSha256,
    chainEnds: heads(r.chainEnds),
    createdAt: r.createdAt.toISOString(),
    keyId: r.keyId,
    ...(r.algorithm === "hmac-sha256" ? {} : { algorithm: r.algorithm }),
  };
}
