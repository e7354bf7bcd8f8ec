// The signed records a verification trusts or rejects: archive records and checkpoints,
// each checked against the keyring, and the chain they form.
import type pg from "pg";
import { archivePayload, checkpointPayload, type ChainEnd, type CheckpointHead } from "./signed-records";
import { checkSignature, type Keyring } from "./signing";
import { checkMerkleHeads } from "./verify-merkle";
import { recordProblem, type VerifyProblem } from "./verify-report";

export type CheckpointRow = {
  id: string;
  created_at: Date;
  heads: CheckpointHead[];
  total_entries: string;
  key_id: string;
  algorithm: string;
  signature: string;
  previous_id: string | null;
  previous_signature: string | null;
  archive_id: string | null;
  archive_signature: string | null;
  merkle_size: string | null;
  merkle_root: string | null;
  merkle_base: CheckpointHead[] | null;
};

export type ArchiveRow = {
  id: string;
  created_at: Date;
  partition: string;
  range_start: Date;
  range_end: Date;
  row_count: string;
  file_path: string;
  file_sha256: string;
  chain_ends: ChainEnd[];
  key_id: string;
  algorithm: string;
  signature: string;
};

function checkpointRecord(c: CheckpointRow) {
  return {
    heads: c.heads, totalEntries: c.total_entries, createdAt: c.created_at, keyId: c.key_id, algorithm: c.algorithm,
    previousId: c.previous_id, previousSignature: c.previous_signature, archiveId: c.archive_id, archiveSignature: c.archive_signature,
    merkle: c.merkle_root === null ? null : { size: c.merkle_size!, root: c.merkle_root, base: c.merkle_base ?? [] },
  };
}

function archiveRecord(a: ArchiveRow) {
  return {
    partition: a.partition, rangeStart: a.range_start, rangeEnd: a.range_end, rowCount: a.row_count, filePath: a.file_path,
    fileSha256: a.file_sha256, chainEnds: a.chain_ends, createdAt: a.created_at, keyId: a.key_id, algorithm: a.algorithm,
  };
}

export type ChainPoint = { seq: bigint; hash: Buffer };

/**
 * Archive records, oldest first: each must carry a valid signature, and its row count
 * must be exactly the positions its chain ends moved every chain forward by. Only
 * validly signed records may start a chain after position 0.
 */
function readArchives(rows: ArchiveRow[], ring: Keyring, problems: VerifyProblem[]) {
  const starts = new Map<number, ChainPoint>();
  const valid: ArchiveRow[] = [];
  for (const a of rows) {
    const check = checkSignature(ring, { algorithm: a.algorithm, keyId: a.key_id, signature: a.signature }, archivePayload(archiveRecord(a)));
    if (check !== "valid") {
      const why = check === "unknown_key" ? `is signed with key ${a.key_id}, which is not in the keyring` : "does not carry a valid signature";
      problems.push(recordProblem("archive_forged", a.created_at, `Forged archive record #${a.id} (${a.partition}): it ${why}, so it cannot vouch for the entries it claims were archived`));
      continue;
    }
    valid.push(a);
    let moved = 0n;
    for (const end of a.chain_ends) {
      const before = starts.get(end.chainId)?.seq ?? 0n;
      const seq = BigInt(end.seq);
      if (seq <= before) {
        problems.push(recordProblem("archive_count_mismatch", a.created_at, `Archive record #${a.id} (${a.partition}) ends chain ${end.chainId} at position ${seq}, not after the previous archive's ${before}`));
      }
      moved += seq - before;
      starts.set(end.chainId, { seq, hash: Buffer.from(end.hash, "hex") });
    }
    if (moved !== BigInt(a.row_count)) {
      problems.push(recordProblem("archive_count_mismatch", a.created_at, `Archive record #${a.id} (${a.partition}) says ${a.row_count} entries, but its chain ends account for ${moved}`));
    }
  }
  return { starts, valid };
}

/**
 * Checkpoints, oldest first: each signature, and the chain they form (every Ed25519
 * checkpoint names the one before it). Ids the sequence issued or the log recorded but
 * the table lacks are reported as missing checkpoints. Returns the newest valid one.
 */
function readCheckpoints(rows: CheckpointRow[], o: { ring: Keyring; issuedUpTo: bigint; logged: string[]; problems: VerifyProblem[]; notes: string[] }) {
  const { problems, notes } = o;
  let newest: CheckpointRow | null = null;
  const valid: CheckpointRow[] = [];
  const present = new Set(rows.map((r) => r.id));
  rows.forEach((c, i) => {
    const check = checkSignature(o.ring, { algorithm: c.algorithm, keyId: c.key_id, signature: c.signature }, checkpointPayload(checkpointRecord(c)));
    if (check === "valid") {
      newest = c;
      valid.push(c);
    }
    else if (check === "unknown_key" && c.algorithm === "hmac-sha256" && o.ring.hmac.size === 0) {
      notes.push(`Checkpoint #${c.id} is HMAC-signed (from before Ed25519 keys); this keyring has no HMAC key to check it`);
    } else if (check === "unknown_key") {
      problems.push(recordProblem("checkpoint_key_unknown", c.created_at, `Checkpoint #${c.id} is signed with key ${c.key_id}, which is not in the keyring: it was forged, or a retired public key is missing from AUDIT_PUBLIC_KEYS`));
    } else {
      problems.push(recordProblem("checkpoint_signature_invalid", c.created_at, `Checkpoint #${c.id} does not carry a valid signature: it was forged or altered`));
    }
    const before = rows[i - 1];
    if (before && c.created_at <= before.created_at) {
      problems.push(recordProblem("checkpoint_order", c.created_at, `Checkpoint #${c.id} is not later than checkpoint #${before.id}: checkpoints were reordered or back-dated`));
    }
    if (c.algorithm !== "ed25519") return;
    if (c.previous_id === null) {
      if (before) problems.push(recordProblem("checkpoint_order", c.created_at, `Checkpoint #${c.id} names no previous checkpoint, but checkpoint #${before.id} precedes it: it was inserted out of order`));
    } else if (!present.has(c.previous_id)) {
      problems.push(recordProblem("checkpoint_missing", c.created_at, `Checkpoint #${c.previous_id} is missing: checkpoint #${c.id} names it as the one before it`));
    } else if (before?.id !== c.previous_id) {
      problems.push(recordProblem("checkpoint_order", c.created_at, `Checkpoint #${c.id} names #${c.previous_id} as the one before it, but #${before?.id ?? "none"} precedes it: checkpoints were inserted or reordered`));
    } else if (before.signature !== c.previous_signature) {
      problems.push(recordProblem("checkpoint_signature_invalid", before.created_at, `Checkpoint #${before.id} was altered after checkpoint #${c.id} signed its signature`));
    }
  });
  const maxPresent = rows.reduce((max, r) => (BigInt(r.id) > max ? BigInt(r.id) : max), 0n);
  const named = new Set(rows.flatMap((r) => (r.previous_id ? [r.previous_id] : [])));
  const missing = new Set<string>();
  for (let id = maxPresent + 1n; id <= o.issuedUpTo; id++) missing.add(id.toString());
  for (const id of o.logged) if (!present.has(id)) missing.add(id);
  for (const id of [...missing].sort((a, b) => Number(BigInt(a) - BigInt(b)))) {
    if (named.has(id)) continue; // already reported by its successor
    problems.push(recordProblem("checkpoint_missing", null, `Checkpoint #${id} is missing: it was issued${o.logged.includes(id) ? " and recorded in the audit log" : ""}, but it is no longer in audit_checkpoints`));
  }
  return { newest: newest as CheckpointRow | null, valid };
}

/**
 * The newest checkpoint names the newest archive record it knew of; that record must
 * still be there, unchanged. A validly signed archive newer than the checkpoint is
 * not damage, but its chain starts are vouched for only by its own signature until the
 * next checkpoint.
 */
function checkArchiveBinding(anchor: CheckpointRow, all: ArchiveRow[], valid: ArchiveRow[], problems: VerifyProblem[], notes: string[]) {
  if (anchor.algorithm !== "ed25519") return;
  if (anchor.archive_id !== null) {
    const named = all.find((a) => a.id === anchor.archive_id);
    if (!named) {
      problems.push(recordProblem("archive_missing", anchor.created_at, `Archive record #${anchor.archive_id} is missing: checkpoint #${anchor.id} names it`));
    } else if (named.signature !== anchor.archive_signature) {
      problems.push(recordProblem("archive_forged", named.created_at, `Archive record #${named.id} (${named.partition}) differs from the one checkpoint #${anchor.id} signed`));
    }
  }
  const newer = valid.filter((a) => anchor.archive_id === null || BigInt(a.id) > BigInt(anchor.archive_id));
  for (const a of newer) {
    if (a.created_at <= anchor.created_at) {
      problems.push(recordProblem("archive_forged", a.created_at, `Archive record #${a.id} (${a.partition}) predates checkpoint #${anchor.id}, which does not name it: it was inserted afterwards`));
    } else {
      notes.push(`Archive record #${a.id} (${a.partition}) is newer than the newest checkpoint #${anchor.id}`);
    }
  }
}


/**
 * Reads every archive record and checkpoint in the run's snapshot and checks them:
 * returns the newest validly signed checkpoint (the anchor) and where each chain
 * starts after validly archived positions.
 */
export async function readSignedRecords(client: pg.Client, o: { keyring: Keyring; problems: VerifyProblem[]; notes: string[] }) {
  const { problems, notes } = o;
  const archiveRows = (await client.query<ArchiveRow>("SELECT id::text, created_at, partition, range_start, range_end, row_count::text, file_path, file_sha256, chain_ends, key_id, algorithm, signature FROM audit_archives ORDER BY audit_archives.id")).rows;
  const checkpointRows = (await client.query<CheckpointRow>(
    "SELECT id::text, created_at, heads, total_entries::text, key_id, algorithm, signature, previous_id::text, previous_signature, archive_id::text, archive_signature, merkle_size::text, merkle_root, merkle_base FROM audit_checkpoints ORDER BY audit_checkpoints.id",
  )).rows;
  const sequence = (await client.query<{ last_value: string; is_called: boolean }>("SELECT last_value::text, is_called FROM audit_checkpoints_id_seq")).rows[0]!;
  const logged = (await client.query<{ id: string }>("SELECT DISTINCT object_id AS id FROM audit_logs WHERE action_type = 'audit.checkpoint_signed' AND object_id ~ '^[0-9]+$'")).rows.map((r) => r.id);

  const archives = readArchives(archiveRows, o.keyring, problems);
  const { newest: anchor, valid } = readCheckpoints(checkpointRows, { ring: o.keyring, issuedUpTo: sequence.is_called ? BigInt(sequence.last_value) : 0n, logged, problems, notes });
  if (anchor) {
    const signedTotal = anchor.heads.reduce((sum, h) => sum + BigInt(h.seq), 0n);
    if (signedTotal.toString() !== anchor.total_entries) {
      problems.push(recordProblem("count_mismatch", anchor.created_at, `Checkpoint #${anchor.id} signs ${anchor.total_entries} entries, but its chain heads add up to ${signedTotal}`));
    }
    checkArchiveBinding(anchor, archiveRows, archives.valid, problems, notes);
    await checkMerkleHeads(client, valid, problems);
  }
  return { anchor, chainStarts: archives.starts };
}
