import pg from "pg";
import { checkChains, chainStarts } from "./verify-chains";
import { readSignedRecords } from "./verify-records";
import { judge, type VerifyProblem, type VerifyReport } from "./verify-report";
import type { Keyring } from "./signing";

// Reads no environment unless an option is left out, so `audit:verify --public-key`
// runs with a database URL and public keys alone.

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
 * Two connections in one REPEATABLE READ snapshot, so concurrent appends never look
 * like damage; each works one core (parallel workers would only fight them) and the
 * fast pass's window sort fits in memory instead of spilling to disk.
 */
async function openSnapshot(databaseUrl: string): Promise<[pg.Client, pg.Client]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  const helper = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([client.connect(), helper.connect()]);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await client.query<{ s: string }>("SELECT pg_export_snapshot() AS s")).rows[0]!.s;
    await helper.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await helper.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, "")}'`);
    for (const c of [client, helper]) await c.query("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '64MB'");
  } catch (error) {
    await Promise.all([client.end(), helper.end()]);
    throw error;
  }
  return [client, helper];
}

/**
 * Verifies every chain from its start (or from the last validly archived position)
 * against the newest valid signed checkpoint, and every checkpoint and archive record
 * against the keyring. Reports intact, stale, not yet verifiable, or the first problem.
 */
export async function verifyAuditLog(options: VerifyOptions = {}): Promise<VerifyReport> {
  const startedAt = Date.now();
  const { databaseUrl, keyring, checkpointMinutes } = await withDefaults(options);
  const connections = await openSnapshot(databaseUrl);
  const [client] = connections;
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  try {
    const now = options.now ?? (await client.query<{ t: Date }>("SELECT clock_timestamp() AS t")).rows[0]!.t;
    const heads = (await client.query<{ chain_id: number; last_seq: string }>("SELECT chain_id, last_seq::text FROM audit_chain_heads ORDER BY chain_id")).rows;
    const { anchor, chainStarts: archived } = await readSignedRecords(client, { keyring, problems, notes });
    const starts = chainStarts(heads, archived, anchor);
    const chains = await checkChains(connections, starts, anchor, { maxProblems: options.maxProblems ?? 50, batchSize: options.batchSize ?? 5000 });
    problems.push(...chains.problems);
    await Promise.all(connections.map((c) => c.query("COMMIT")));
    return judge(
      {
        problems, notes, entriesChecked: chains.entriesChecked, chains: heads.length,
        headTotal: heads.reduce((sum, h) => sum + BigInt(h.last_seq), 0n),
        checkpoint: anchor ? { id: anchor.id, createdAt: anchor.created_at, totalEntries: anchor.total_entries } : null,
      },
      { now, checkpointMinutes, startedAt },
    );
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}
