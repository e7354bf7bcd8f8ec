// The chains themselves: a fast pass per group of chains in PostgreSQL, and an
// entry-by-entry walk of any chain that fails it, naming each problem.
import { hash } from "node:crypto";
import type pg from "pg";
import { CONTENT_HASH_SQL, genesisHash } from "./canonical";
import type { ChainPoint, CheckpointRow } from "./verify-records";
import { plural, type ProblemKind, type VerifyProblem } from "./verify-report";

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

export type ChainStart = { chainId: number; seq: bigint; hash: Buffer; headSeq: bigint; signedSeq: bigint };

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

/** Where each chain starts (after its validly archived positions) and what the anchor signed of it. */
export function chainStarts(heads: Array<{ chain_id: number; last_seq: string }>, archived: Map<number, ChainPoint>, anchor: CheckpointRow | null): ChainStart[] {
  const signedHeads = new Map((anchor?.heads ?? []).map((h) => [h.chainId, h]));
  return heads.map((head) => {
    const start = archived.get(head.chain_id);
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
}

/** Chains whose entry at the anchor's signed position is missing or has another hash. */
async function signedMismatches(client: pg.Client, starts: ChainStart[], anchor: CheckpointRow | null): Promise<Set<number>> {
  const heads = anchor?.heads ?? [];
  const signed = await client.query<{ chain_id: number; chain_seq: string; entry_hash: Buffer }>(
    "SELECT chain_id, chain_seq::text, entry_hash FROM audit_logs WHERE (chain_id, chain_seq) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
    [heads.map((h) => h.chainId), heads.map((h) => h.seq)],
  );
  const mismatched = new Set<number>();
  for (const h of heads) {
    const start = starts.find((s) => s.chainId === h.chainId);
    if (h.seq === "0" || !start || BigInt(h.seq) < start.seq) continue; // nothing signed, or signed before an archive
    if (BigInt(h.seq) === start.seq) {
      if (start.hash.toString("hex") !== h.hash) mismatched.add(h.chainId);
      continue;
    }
    const row = signed.rows.find((r) => r.chain_id === h.chainId && r.chain_seq === h.seq);
    if (!row || row.entry_hash.toString("hex") !== h.hash) mismatched.add(h.chainId);
  }
  return mismatched;
}

/**
 * Checks every chain: half of them on each connection (two PostgreSQL backends, two
 * cores) in the fast pass; a chain that fails it, or whose signed position disagrees
 * with the anchor, is walked entry by entry.
 */
export async function checkChains(connections: [pg.Client, pg.Client], starts: ChainStart[], anchor: CheckpointRow | null, o: { maxProblems: number; batchSize: number }) {
  const [client, helper] = connections;
  const half = Math.ceil(starts.length / 2);
  const [mismatched, ...passes] = await Promise.all([
    signedMismatches(client, starts, anchor),
    fastPass(client, starts.slice(0, half)),
    fastPass(helper, starts.slice(half)),
  ]);
  const problems: VerifyProblem[] = [];
  let entriesChecked = 0;
  for (const result of passes.flat()) {
    if (result.clean && !mismatched.has(result.chainId)) {
      entriesChecked += result.entries;
      continue;
    }
    const start = starts.find((s) => s.chainId === result.chainId)!;
    const walked = await walkChain(client, start, anchor, o);
    entriesChecked += walked.entriesChecked;
    problems.push(...walked.problems);
    if (walked.problems.length === 0) {
      problems.push({ kind: "count_mismatch", chainId: start.chainId, chainSeq: start.signedSeq.toString(), entryId: null, eventTimestamp: null, actionType: null, detail: `Chain ${start.chainId} does not account for the ${start.signedSeq} entries checkpoint #${anchor?.id} signed` });
    }
  }
  return { problems, entriesChecked };
}
