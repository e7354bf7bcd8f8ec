import pg from "pg";
import { hash } from "node:crypto";
import { CONTENT_HASH_SQL, genesisHash } from "./canonical";
import { archivePayload, checkpointPayload, type ChainEnd, type CheckpointHead } from "./signed-records";
import { checkSignature, type Keyring } from "./signing";

// Reads no environment unless an option is left out, so `audit:verify --public-key`
// runs with a database URL and public keys alone.

export type ProblemKind =
  | "content_altered"
  | "entry_missing"
  | "entry_inserted"
  | "order_changed"
  | "chain_broken"
  | "checkpoint_mismatch"
  | "checkpoint_signature_invalid"
  | "checkpoint_key_unknown"
  | "checkpoint_missing"
  | "checkpoint_order"
  | "archive_forged"
  | "archive_missing"
  | "archive_count_mismatch"
  | "count_mismatch";

/**
 * intact: every entry checks out through a valid signed checkpoint that is recent.
 * stale: no damage, but the newest checkpoint is older than twice the interval, or an
 *   archive record is newer than it: entries since then are not yet vouched for.
 * unverifiable: no damage found, but no valid checkpoint vouches for a non-empty log.
 * broken: something was altered, removed, inserted or forged (problems say what).
 */
export type VerifyStatus = "intact" | "stale" | "unverifiable" | "broken";

export const VERIFY_EXIT_CODES: Record<VerifyStatus, number> = { intact: 0, broken: 1, unverifiable: 3, stale: 4 };

export type VerifyProblem = {
  kind: ProblemKind;
  chainId: number;
  chainSeq: string;
  entryId: string | null;
  eventTimestamp: string | null;
  actionType: string | null;
  detail: string;
};

export type VerifyReport = {
  ok: boolean;
  status: VerifyStatus;
  /** What limits the verdict without being damage (old HMAC checkpoints a public keyring cannot check, a stale checkpoint). */
  notes: string[];
  entriesChecked: number;
  chains: number;
  lastCheckpoint: { id: string; createdAt: string; totalEntries: string } | null;
  firstProblem: VerifyProblem | null;
  problems: VerifyProblem[];
  durationMs: number;
  summary: string;
};

type Row = {
  chainId: number;
  id: string;
  actionType: string;
  chainSeq: bigint;
  timeMs: number;
  contentOk: boolean;
  /** content hash followed by the 8-byte time: what the chain hash covers after the previous hash */
  contentAndTime: Buffer;
  entryHashStored: Buffer;
};

// Every column arrives as PostgreSQL's own text: nothing is parsed that is not needed.
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

// PostgreSQL recomputes each content hash next to the stored one while Node walks the
// chain links, so both cores work. Built-ins only, schema-qualified (CONTENT_HASH_SQL).
const SELECT = `SELECT chain_seq::text, id::text, action_type, ${CONTENT_HASH_SQL} = content_hash,
  content_hash || int8send((extract(epoch FROM event_timestamp) * 1000)::bigint), entry_hash
  FROM audit_logs WHERE chain_id = $1 AND (chain_seq, id) > ($2::bigint, $3::uuid)
  ORDER BY audit_logs.chain_seq, audit_logs.id LIMIT $4`;

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

function hex(bytea: string): Buffer {
  return Buffer.from(bytea.slice(2), "hex"); // bytea text is "\\x…"
}

function toRow(r: Array<string | null>, chainId: number): Row {
  const contentAndTime = hex(r[4]!);
  return {
    chainId,
    id: r[1]!,
    actionType: r[2]!,
    chainSeq: BigInt(r[0]!),
    contentOk: r[3] === "t",
    timeMs: Number(contentAndTime.readBigInt64BE(32)),
    contentAndTime,
    entryHashStored: hex(r[5]!),
  };
}

function links(previous: Buffer, row: Row): boolean {
  return hash("sha256", Buffer.concat([previous, row.contentAndTime]), "buffer").equals(row.entryHashStored);
}

function problemAt(kind: ProblemKind, row: Row, detail: string): VerifyProblem {
  return {
    kind,
    chainId: row.chainId,
    chainSeq: row.chainSeq.toString(),
    entryId: row.id,
    eventTimestamp: new Date(row.timeMs).toISOString(),
    actionType: row.actionType,
    detail,
  };
}


function plural(n: bigint, one: string, many: string) {
  return n === 1n ? one : many;
}

/** Checks one chain's entries in order; `next` is a one-entry look-ahead for reorders. */
function makeChainChecker(state: ChainState, checkpointId: string | null, problems: VerifyProblem[]) {
  return (row: Row, next: Row | null) => {
    if (row.chainSeq < state.expected) {
      problems.push(problemAt("entry_inserted", row, `A second entry claims position ${row.chainSeq} of chain ${state.chainId}; the application never wrote it`));
      return;
    }
    if (row.chainSeq > state.headSeq) {
      problems.push(problemAt("entry_inserted", row, `Entry at position ${row.chainSeq} lies beyond the chain head (${state.headSeq}); the application never wrote it`));
      return;
    }
    if (row.chainSeq > state.expected) {
      const missing = row.chainSeq - state.expected;
      const range = missing === 1n ? `${state.expected}` : `${state.expected}–${row.chainSeq - 1n}`;
      problems.push(problemAt("entry_missing", row, `${missing} ${plural(missing, "entry is", "entries are")} missing just before this one (position ${range} of chain ${state.chainId})`));
    } else {
      const linked = links(state.previousHash, row);
      if (!linked && next !== null && next.chainSeq === row.chainSeq && links(state.previousHash, next)) {
        // Two entries share this position and the other one is the genuine link.
        problems.push(problemAt("entry_inserted", row, `A second entry claims position ${row.chainSeq} of chain ${state.chainId}; the application never wrote it`));
        return;
      }
      if (!row.contentOk) {
        problems.push(problemAt("content_altered", row, "Its stored values no longer match the hash written with them: this entry was changed after it was recorded"));
      } else if (!linked) {
        const nextLinksHere = next !== null && links(state.previousHash, next);
        if (nextLinksHere || row.timeMs < state.previousTs) {
          problems.push(problemAt("order_changed", row, `Entries are out of order: position ${row.chainSeq} of chain ${state.chainId} holds an entry that was recorded in another position`));
        } else {
          problems.push(problemAt("entry_inserted", row, "It does not link to the entry before it: it was inserted or replaced outside the application, or its time was changed"));
        }
      } else {
        const signed = state.checkpointHashes.get(row.chainSeq.toString());
        if (signed !== undefined && signed !== row.entryHashStored.toString("hex")) {
          problems.push(problemAt("checkpoint_mismatch", row, `The chain up to here differs from signed checkpoint #${checkpointId}: entries at or before this one were rewritten and re-hashed`));
        }
      }
    }
    // Carry on from this entry so that later damage is still found.
    state.previousHash = row.entryHashStored;
    state.expected = row.chainSeq + 1n;
    state.previousTs = Math.max(state.previousTs, row.timeMs);
  };
}

type ChainState = {
  chainId: number;
  expected: bigint;
  previousHash: Buffer;
  previousTs: number;
  headSeq: bigint;
  /** position -> entry hash (hex) from the newest validly signed checkpoint */
  checkpointHashes: Map<string, string>;
};

type CheckpointRow = {
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
};

type ArchiveRow = {
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

/** A problem with a signed record rather than with one entry. */
function recordProblem(kind: ProblemKind, at: Date | null, detail: string): VerifyProblem {
  return { kind, chainId: -1, chainSeq: "", entryId: null, eventTimestamp: at ? at.toISOString() : null, actionType: null, detail };
}

function checkpointRecord(c: CheckpointRow) {
  return {
    heads: c.heads, totalEntries: c.total_entries, createdAt: c.created_at, keyId: c.key_id, algorithm: c.algorithm,
    previousId: c.previous_id, previousSignature: c.previous_signature, archiveId: c.archive_id, archiveSignature: c.archive_signature,
  };
}

function archiveRecord(a: ArchiveRow) {
  return {
    partition: a.partition, rangeStart: a.range_start, rangeEnd: a.range_end, rowCount: a.row_count, filePath: a.file_path,
    fileSha256: a.file_sha256, chainEnds: a.chain_ends, createdAt: a.created_at, keyId: a.key_id, algorithm: a.algorithm,
  };
}

type ChainPoint = { seq: bigint; hash: Buffer };

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
  const present = new Set(rows.map((r) => r.id));
  rows.forEach((c, i) => {
    const check = checkSignature(o.ring, { algorithm: c.algorithm, keyId: c.key_id, signature: c.signature }, checkpointPayload(checkpointRecord(c)));
    if (check === "valid") newest = c;
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
  return newest as CheckpointRow | null;
}

// The fast pass: PostgreSQL checks every entry of a group of chains in one scan with
// its built-ins (content hash, position, chain link against the previous entry) and
// returns one line per chain, with how many entries lie at or before the signed
// checkpoint's position. Only a chain that fails it is walked entry by entry.
const FAST_PASS = `WITH starts AS (
    SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[], $4::bigint[]) AS s (chain_id, start_seq, start_hash, signed_seq)
  ), hashed AS MATERIALIZED (
    SELECT l.chain_id, l.chain_seq, l.entry_hash, ${CONTENT_HASH_SQL} = l.content_hash AS content_ok,
           l.content_hash || pg_catalog.int8send((extract(epoch FROM l.event_timestamp) * 1000)::bigint) AS content_and_time
      FROM audit_logs l WHERE l.chain_id = ANY ($1::smallint[])
  ), checked AS (
    SELECT h.chain_id, h.chain_seq <= s.signed_seq AS signed,
      (h.content_ok
        AND h.chain_seq = coalesce(lag(h.chain_seq) OVER w, s.start_seq) + 1
        AND pg_catalog.sha256(coalesce(lag(h.entry_hash) OVER w, s.start_hash) || h.content_and_time) = h.entry_hash) AS ok
    FROM hashed h JOIN starts s ON s.chain_id = h.chain_id
    WINDOW w AS (PARTITION BY h.chain_id ORDER BY h.chain_seq)
  )
  SELECT chain_id, count(*)::int AS n, count(*) FILTER (WHERE NOT ok)::int AS bad, count(*) FILTER (WHERE signed)::int AS signed
    FROM checked GROUP BY chain_id`;

type ChainStart = { chainId: number; seq: bigint; hash: Buffer; headSeq: bigint; signedSeq: bigint };

async function fastPass(client: pg.Client, starts: ChainStart[]) {
  const { rows } = await client.query<{ chain_id: number; n: number; bad: number; signed: number }>(FAST_PASS, [
    starts.map((s) => s.chainId),
    starts.map((s) => s.seq.toString()),
    starts.map((s) => s.hash),
    starts.map((s) => s.signedSeq.toString()),
  ]);
  const byChain = new Map(rows.map((r) => [r.chain_id, r]));
  return starts.map((s) => {
    const r = byChain.get(s.chainId);
    const n = r?.n ?? 0;
    // Archived entries plus live entries up to the checkpoint make its signed position.
    const countsAgree = s.signedSeq <= s.seq || BigInt(r?.signed ?? 0) === s.signedSeq - s.seq;
    return { chainId: s.chainId, entries: n, clean: (r?.bad ?? 0) === 0 && BigInt(n) === s.headSeq - s.seq && countsAgree };
  });
}

export type VerifyOptions = {
  maxProblems?: number;
  batchSize?: number;
  /** Defaults to DATABASE_URL. */
  databaseUrl?: string;
  /** Defaults to the configured keys (lib/audit/integrity/keys.ts). */
  keyring?: Keyring;
  /** The checkpoint interval; a newest checkpoint older than twice this is stale. Defaults to AUDIT_CHECKPOINT_MINUTES. */
  checkpointMinutes?: number;
  now?: Date;
};

async function withDefaults(o: VerifyOptions) {
  if (o.databaseUrl && o.keyring && o.checkpointMinutes) return { databaseUrl: o.databaseUrl, keyring: o.keyring, checkpointMinutes: o.checkpointMinutes };
  const { env } = await import("@/lib/env");
  const { auditKeyring } = await import("./keys");
  return {
    databaseUrl: o.databaseUrl ?? env.DATABASE_URL,
    keyring: o.keyring ?? auditKeyring(),
    checkpointMinutes: o.checkpointMinutes ?? env.AUDIT_CHECKPOINT_MINUTES,
  };
}

/**
 * Verifies every chain from its start (or from the last validly archived position)
 * against the newest valid signed checkpoint, and every checkpoint and archive record
 * against the keyring. Reports intact, stale, not yet verifiable, or the first problem.
 */
export async function verifyAuditLog(options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = Date.now();
  const maxProblems = options.maxProblems ?? 50;
  const batchSize = options.batchSize ?? 5000;
  const { databaseUrl, keyring, checkpointMinutes } = await withDefaults(options);
  const client = new pg.Client({ connectionString: databaseUrl });
  const helper = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([client.connect(), helper.connect()]);
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  let entriesChecked = 0;
  let checkpoint: CheckpointRow | null = null;
  let chains = 0;
  let headTotal = 0n;
  let dbNow = options.now ?? new Date();
  try {
    // One snapshot for the whole run (shared by both connections), so concurrent
    // appends never look like damage.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await client.query<{ s: string }>("SELECT pg_export_snapshot() AS s")).rows[0]!.s;
    await helper.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await helper.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, "")}'`);
    // Each connection works one core; parallel workers would only fight them. The
    // window sort fits in memory instead of spilling to disk.
    for (const c of [client, helper]) await c.query("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '64MB'");
    if (!options.now) dbNow = (await client.query<{ t: Date }>("SELECT clock_timestamp() AS t")).rows[0]!.t;
    const heads = (await client.query("SELECT chain_id, last_seq::text FROM audit_chain_heads ORDER BY chain_id")).rows as Array<{ chain_id: number; last_seq: string }>;
    const archiveRows = (await client.query<ArchiveRow>("SELECT id::text, created_at, partition, range_start, range_end, row_count::text, file_path, file_sha256, chain_ends, key_id, algorithm, signature FROM audit_archives ORDER BY id")).rows;
    const checkpointRows = (await client.query<CheckpointRow>(
      "SELECT id::text, created_at, heads, total_entries::text, key_id, algorithm, signature, previous_id::text, previous_signature, archive_id::text, archive_signature FROM audit_checkpoints ORDER BY id",
    )).rows;
    const sequence = (await client.query<{ last_value: string; is_called: boolean }>("SELECT last_value::text, is_called FROM audit_checkpoints_id_seq")).rows[0]!;
    const logged = (await client.query<{ id: string }>("SELECT DISTINCT object_id AS id FROM audit_logs WHERE action_type = 'audit.checkpoint_signed' AND object_id ~ '^[0-9]+$'")).rows.map((r) => r.id);

    const archives = readArchives(archiveRows, keyring, problems);
    checkpoint = readCheckpoints(checkpointRows, { ring: keyring, issuedUpTo: sequence.is_called ? BigInt(sequence.last_value) : 0n, logged, problems, notes });
    chains = heads.length;
    headTotal = heads.reduce((sum, h) => sum + BigInt(h.last_seq), 0n);
    const anchor = checkpoint as CheckpointRow | null;
    if (anchor) {
      const signedTotal = anchor.heads.reduce((sum, h) => sum + BigInt(h.seq), 0n);
      if (signedTotal.toString() !== anchor.total_entries) {
        problems.push(recordProblem("count_mismatch", anchor.created_at, `Checkpoint #${anchor.id} signs ${anchor.total_entries} entries, but its chain heads add up to ${signedTotal}`));
      }
      checkArchiveBinding(anchor, archiveRows, archives.valid, problems, notes);
    }

    const signedHeads = new Map((anchor?.heads ?? []).map((h) => [h.chainId, h]));
    const starts: ChainStart[] = heads.map((head) => {
      const start = archives.starts.get(head.chain_id);
      const signedSeq = BigInt(signedHeads.get(head.chain_id)?.seq ?? "0");
      return {
        chainId: head.chain_id,
        seq: start?.seq ?? 0n,
        hash: start?.hash ?? genesisHash(head.chain_id),
        // A head moved back (entries cut off the end) still owes what the checkpoint signed.
        headSeq: BigInt(head.last_seq) > signedSeq ? BigInt(head.last_seq) : signedSeq,
        signedSeq,
      };
    });

    // Half the chains on each connection: two PostgreSQL backends, two cores.
    const half = Math.ceil(starts.length / 2);
    const [signed, ...passes] = await Promise.all([
      client.query<{ chain_id: number; chain_seq: string; entry_hash: Buffer }>(
        "SELECT chain_id, chain_seq::text, entry_hash FROM audit_logs WHERE (chain_id, chain_seq) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
        [(anchor?.heads ?? []).map((h) => h.chainId), (anchor?.heads ?? []).map((h) => h.seq)],
      ),
      fastPass(client, starts.slice(0, half)),
      fastPass(helper, starts.slice(half)),
    ]);
    const signedMismatch = new Set<number>();
    for (const h of anchor?.heads ?? []) {
      const start = starts.find((s) => s.chainId === h.chainId);
      if (h.seq === "0" || !start || BigInt(h.seq) < start.seq) continue; // nothing signed, or signed before an archive
      if (BigInt(h.seq) === start.seq) {
        if (start.hash.toString("hex") !== h.hash) signedMismatch.add(h.chainId);
        continue;
      }
      const row = signed.rows.find((r) => r.chain_id === h.chainId && r.chain_seq === h.seq);
      if (!row || row.entry_hash.toString("hex") !== h.hash) signedMismatch.add(h.chainId);
    }

    for (const result of passes.flat()) {
      if (result.clean && !signedMismatch.has(result.chainId)) {
        entriesChecked += result.entries;
        continue;
      }
      const start = starts.find((s) => s.chainId === result.chainId)!;
      const walked = await walkChain(client, start, anchor, { maxProblems, batchSize });
      entriesChecked += walked.entriesChecked;
      problems.push(...walked.problems);
      if (walked.problems.length === 0) {
        problems.push({ kind: "count_mismatch", chainId: start.chainId, chainSeq: start.signedSeq.toString(), entryId: null, eventTimestamp: null, actionType: null, detail: `Chain ${start.chainId} does not account for the ${start.signedSeq} entries checkpoint #${anchor?.id} signed` });
      }
    }
    await Promise.all([client.query("COMMIT"), helper.query("COMMIT")]);
  } finally {
    await Promise.all([client.end(), helper.end()]);
  }

  // Forged or missing records first (they explain what follows), then the earliest
  // damaged entry; problems without a time (a missing tail) sort last.
  const time = (p: VerifyProblem) => (p.eventTimestamp === null ? Infinity : Date.parse(p.eventTimestamp));
  problems.sort((a, b) => Number(b.chainId === -1) - Number(a.chainId === -1) || time(a) - time(b) || a.chainId - b.chainId);
  const firstProblem = problems[0] ?? null;
  const anchor = checkpoint as CheckpointRow | null;
  const lastCheckpoint = anchor ? { id: anchor.id, createdAt: anchor.created_at.toISOString(), totalEntries: anchor.total_entries } : null;
  const staleAfterMs = 2 * checkpointMinutes * 60_000;
  if (anchor && dbNow.getTime() - anchor.created_at.getTime() > staleAfterMs) {
    notes.unshift(`The newest checkpoint #${anchor.id} is from ${anchor.created_at.toISOString()}, older than twice the ${checkpointMinutes}-minute checkpoint interval`);
  }
  const status: VerifyStatus = firstProblem
    ? "broken"
    : !anchor && (headTotal > 0n || entriesChecked > 0)
      ? "unverifiable"
      : notes.some((n) => STALE_NOTE.test(n))
        ? "stale"
        : "intact";
  const summary = {
    broken: () => `Broken: ${firstProblem!.kind.replaceAll("_", " ")}${firstProblem!.entryId ? ` at entry ${firstProblem!.entryId}` : ""}${firstProblem!.chainId >= 0 ? ` (chain ${firstProblem!.chainId}, position ${firstProblem!.chainSeq})` : ""}. ${firstProblem!.detail}`,
    unverifiable: () => `Not yet verifiable: ${entriesChecked} entries link up, but no valid signed checkpoint vouches for them`,
    stale: () => `Stale: ${entriesChecked} entries intact through checkpoint #${anchor!.id}, but ${notes.find((n) => STALE_NOTE.test(n))!.replace(/^The /, "the ")}`,
    intact: () => `Intact: ${entriesChecked} entries${lastCheckpoint ? ` through checkpoint #${lastCheckpoint.id}` : " (empty log)"}`,
  }[status]();
  return { ok: status === "intact", status, notes, entriesChecked, chains, lastCheckpoint, firstProblem, problems, durationMs: Date.now() - started, summary };
}

const STALE_NOTE = /older than twice|newer than the newest checkpoint/;

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

/** Entry-by-entry walk of one chain that failed the fast pass: names each problem. */
async function walkChain(client: pg.Client, start: ChainStart, checkpoint: CheckpointRow | null, o: { maxProblems: number; batchSize: number }) {
  const state: ChainState = {
    chainId: start.chainId,
    expected: start.seq + 1n,
    previousHash: start.hash,
    previousTs: 0,
    headSeq: start.headSeq,
    checkpointHashes: new Map((checkpoint?.heads ?? []).filter((h) => h.chainId === start.chainId && h.seq !== "0").map((h) => [h.seq, h.hash])),
  };
  const problems: VerifyProblem[] = [];
  let entriesChecked = 0;
  const check = makeChainChecker(state, checkpoint?.id ?? null, problems);
  const fetch = (after: [string, string]) =>
    client.query<Array<string | null>>({ text: SELECT, values: [state.chainId, after[0], after[1], o.batchSize], rowMode: "array", types: RAW_TEXT });
  let pending: Row | null = null;
  let batch = fetch([start.seq.toString(), NIL_UUID]);
  while (problems.length < o.maxProblems) {
    const { rows } = await batch;
    // Ask for the next batch before checking this one, so PostgreSQL and Node work at once.
    const last = rows[rows.length - 1];
    const more = rows.length === o.batchSize && last !== undefined;
    if (more) batch = fetch([last[0]!, last[1]!]);
    for (const raw of rows) {
      const row = toRow(raw, state.chainId);
      if (pending) {
        check(pending, row);
        entriesChecked++;
      }
      pending = row;
    }
    if (!more) break;
  }
  if (problems.length >= o.maxProblems) await batch.catch(() => undefined);
  if (pending && problems.length < o.maxProblems) {
    check(pending, null);
    entriesChecked++;
  }
  if (state.expected <= state.headSeq) {
    const missing = state.headSeq - state.expected + 1n;
    problems.push({ kind: "entry_missing", chainId: state.chainId, chainSeq: state.expected.toString(), entryId: null, eventTimestamp: null, actionType: null, detail: `${missing} ${plural(missing, "entry is", "entries are")} missing at the end of chain ${state.chainId} (positions ${state.expected}–${state.headSeq})` });
  }
  return { problems, entriesChecked };
}
