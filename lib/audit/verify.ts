import pg from "pg";
import { env } from "@/lib/env";
import { chainHash, contentHashOfTexts, genesisHash, HASHED_COLUMNS } from "./canonical";
import { checkpointPayload, type CheckpointHead } from "./checkpoint";
import { signatureValid } from "./signing";

export type ProblemKind =
  | "content_altered"
  | "entry_missing"
  | "entry_inserted"
  | "order_changed"
  | "chain_broken"
  | "checkpoint_mismatch"
  | "checkpoint_signature_invalid";

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
  texts: Array<string | null>;
  id: string;
  actionType: string;
  chainSeq: bigint;
  timeMs: number;
  timeBytes: Buffer;
  contentHashStored: Buffer;
  entryHashStored: Buffer;
};

// Every column arrives as PostgreSQL's own text: nothing is parsed that is not needed.
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

const SELECT = `SELECT ${HASHED_COLUMNS.join(", ")}, chain_seq, content_hash, entry_hash,
  int8send((extract(epoch FROM event_timestamp) * 1000)::bigint) AS time_ms
  FROM audit_logs WHERE chain_id = $1 AND (chain_seq, id) > ($2::bigint, $3::uuid)
  ORDER BY audit_logs.chain_seq, audit_logs.id LIMIT $4`;

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const N = HASHED_COLUMNS.length;
const ID = HASHED_COLUMNS.indexOf("id");
const ACTION = HASHED_COLUMNS.indexOf("action_type");

function hex(bytea: string): Buffer {
  return Buffer.from(bytea.slice(2), "hex"); // bytea text is "\x…"
}

function toRow(r: Array<string | null>, chainId: number): Row {
  const timeBytes = hex(r[N + 3]!);
  return {
    chainId,
    texts: r.slice(0, N),
    id: r[ID]!,
    actionType: r[ACTION]!,
    chainSeq: BigInt(r[N]!),
    timeMs: Number(timeBytes.readBigInt64BE()),
    timeBytes,
    contentHashStored: hex(r[N + 1]!),
    entryHashStored: hex(r[N + 2]!),
  };
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
      const content = contentHashOfTexts(row.texts);
      const linked = chainHash(state.previousHash, row.contentHashStored, row.timeBytes).equals(row.entryHashStored);
      if (!linked && next !== null && next.chainSeq === row.chainSeq && chainHash(state.previousHash, next.contentHashStored, next.timeBytes).equals(next.entryHashStored)) {
        // Two entries share this position and the other one is the genuine link.
        problems.push(problemAt("entry_inserted", row, `A second entry claims position ${row.chainSeq} of chain ${state.chainId}; the application never wrote it`));
        return;
      }
      if (!content.equals(row.contentHashStored)) {
        problems.push(problemAt("content_altered", row, "Its stored values no longer match the hash written with them: this entry was changed after it was recorded"));
      } else if (!linked) {
        const nextLinksHere = next !== null && chainHash(state.previousHash, next.contentHashStored, next.timeBytes).equals(next.entryHashStored);
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

type CheckpointRow = { id: string; created_at: Date; heads: CheckpointHead[]; total_entries: string; key_id: string; signature: string };

/** The newest checkpoint with a valid signature, plus a problem for each forged one. */
function readCheckpoints(rows: CheckpointRow[], problems: VerifyProblem[]) {
  let newest: CheckpointRow | null = null;
  for (const c of rows) {
    const payload = checkpointPayload({ heads: c.heads, totalEntries: c.total_entries, createdAt: c.created_at.toISOString(), keyId: c.key_id });
    if (c.key_id === env.AUDIT_HMAC_KEY_ID && signatureValid(env.AUDIT_HMAC_KEY, payload, c.signature)) {
      newest ??= c;
    } else {
      problems.push({ kind: "checkpoint_signature_invalid", chainId: -1, chainSeq: "", entryId: null, eventTimestamp: c.created_at.toISOString(), actionType: null, detail: `Checkpoint #${c.id} does not carry a valid signature: it was forged or altered` });
    }
  }
  return newest;
}

/**
 * Walks every chain from its start (or from the last archived position) and reports
 * either that it is intact through the newest signed checkpoint, or the first entry
 * where it is not and what is wrong there.
 */
export async function verifyAuditLog(options: { maxProblems?: number; batchSize?: number } = {}): Promise<VerifyReport> {
  const started = Date.now();
  const maxProblems = options.maxProblems ?? 50;
  const batchSize = options.batchSize ?? 5000;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const problems: VerifyProblem[] = [];
  let entriesChecked = 0;
  let checkpoint: CheckpointRow | null = null;
  let chains = 0;
  try {
    // One snapshot for the whole walk, so concurrent appends do not look like damage.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const heads = (await client.query("SELECT chain_id, last_seq::text, last_hash FROM audit_chain_heads ORDER BY chain_id")).rows as Array<{ chain_id: number; last_seq: string }>;
    const archived = (await client.query("SELECT chain_ends FROM audit_archives ORDER BY id")).rows.flatMap((r) => r.chain_ends as CheckpointHead[]);
    const checkpointRows = (await client.query("SELECT id::text, created_at, heads, total_entries::text, key_id, signature FROM audit_checkpoints ORDER BY id DESC")).rows as CheckpointRow[];
    checkpoint = readCheckpoints(checkpointRows, problems);
    chains = heads.length;

    for (const head of heads) {
      const ends = archived.filter((e) => e.chainId === head.chain_id).sort((a, b) => (BigInt(a.seq) > BigInt(b.seq) ? -1 : 1));
      const start = ends[0];
      const state: ChainState = {
        chainId: head.chain_id,
        expected: start ? BigInt(start.seq) + 1n : 1n,
        previousHash: start ? Buffer.from(start.hash, "hex") : genesisHash(head.chain_id),
        previousTs: 0,
        headSeq: BigInt(head.last_seq),
        checkpointHashes: new Map((checkpoint?.heads ?? []).filter((h) => h.chainId === head.chain_id && h.seq !== "0").map((h) => [h.seq, h.hash])),
      };
      const chainProblems: VerifyProblem[] = [];
      const check = makeChainChecker(state, checkpoint?.id ?? null, chainProblems);
      let cursor: [string, string] = [(state.expected - 1n).toString(), NIL_UUID];
      let pending: Row | null = null;
      while (chainProblems.length < maxProblems) {
        const { rows } = await client.query<Array<string | null>>({ text: SELECT, values: [state.chainId, cursor[0], cursor[1], batchSize], rowMode: "array", types: RAW_TEXT });
        for (const raw of rows) {
          const row = toRow(raw, state.chainId);
          if (pending) {
            check(pending, row);
            entriesChecked++;
          }
          pending = row;
        }
        if (rows.length < batchSize) break;
        const last = rows[rows.length - 1]!;
        cursor = [last[N]!, last[ID]!];
      }
      if (pending && chainProblems.length < maxProblems) {
        check(pending, null);
        entriesChecked++;
      }
      if (state.expected <= state.headSeq) {
        const missing = state.headSeq - state.expected + 1n;
        chainProblems.push({ kind: "entry_missing", chainId: state.chainId, chainSeq: state.expected.toString(), entryId: null, eventTimestamp: null, actionType: null, detail: `${missing} ${plural(missing, "entry is", "entries are")} missing at the end of chain ${state.chainId} (positions ${state.expected}–${state.headSeq})` });
      }
      problems.push(...chainProblems);
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }

  // Earliest damage first; problems without a time (a missing tail) sort last.
  problems.sort((a, b) => (a.eventTimestamp ?? "~").localeCompare(b.eventTimestamp ?? "~") || a.chainId - b.chainId);
  const firstProblem = problems[0] ?? null;
  const lastCheckpoint = checkpoint ? { id: checkpoint.id, createdAt: checkpoint.created_at.toISOString(), totalEntries: checkpoint.total_entries } : null;
  const summary = firstProblem
    ? `Broken: ${firstProblem.kind.replaceAll("_", " ")}${firstProblem.entryId ? ` at entry ${firstProblem.entryId}` : ""} (chain ${firstProblem.chainId}, position ${firstProblem.chainSeq}). ${firstProblem.detail}`
    : `Intact: ${entriesChecked} entries${lastCheckpoint ? ` through checkpoint #${lastCheckpoint.id}` : " (no signed checkpoint yet)"}`;
  return { ok: !firstProblem, entriesChecked, chains, lastCheckpoint, firstProblem, problems, durationMs: Date.now() - started, summary };
}
