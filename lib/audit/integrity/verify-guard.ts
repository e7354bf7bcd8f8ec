// Keeps full-log verification from being a way to load the database, across every app
// instance (issue 25, defect 11: these rules lived in one process's memory, so a second
// `next start` on the same database allowed a second scan and its own limits):
// - at most one request per person per interval: the shared limiter table (rate_limits,
//   the store the sign-in and API limits use);
// - one scan at a time: a session advisory lock. A request that finds it taken waits
//   for the lock (the other scan's end) and answers with that scan's report, which the
//   scanning instance stored in audit_verify_results; in one process, requests still
//   join the running scan without touching the lock.
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

/** A person may start (or join) a verification at most this often. */
export const VERIFY_INTERVAL_MS = 30_000;

type Outcome<R> = { result: R; shared: boolean } | { retryAfterSeconds: number };

/** The advisory lock key of "a full verification is running" (any two bigints would do; these spell it). */
const LOCK = "hashtext('hr-governance:audit-verification')";

export class VerificationGuard<R> {
  private running: Promise<R> | null = null;
  private readonly limiter: RateLimiterPostgres;

  constructor(private readonly pool: pg.Pool, { intervalMs = VERIFY_INTERVAL_MS }: { intervalMs?: number } = {}) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // created by a migration: the app's role cannot CREATE
      keyPrefix: `audit_verify_${intervalMs}`,
      points: 1,
      duration: Math.max(1, Math.round(intervalMs / 1000)),
    });
  }

  /** Runs `scan`, or shares the report of the one running here or on another instance, or refuses with the seconds to wait. */
  async run(userId: string, scan: () => Promise<R>): Promise<Outcome<R>> {
    try {
      await this.limiter.consume(userId, 1);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    if (this.running) return { result: await this.running, shared: true };
    const run = this.scanOnce(scan);
    this.running = run.then((r) => r.result);
    this.running.catch(() => {}); // a waiter in this process gets the error from its own await
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  private async scanOnce(scan: () => Promise<R>): Promise<{ result: R; shared: boolean }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => void (broken = error);
    client.on("error", onError);
    try {
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK}) AS ok`);
      if (!rows[0]?.ok) {
        // Another instance is scanning: wait for it to finish, then answer with its report.
        const { rows: started } = await client.query<{ at: Date }>("SELECT clock_timestamp() AS at");
        await client.query(`SELECT pg_advisory_lock(${LOCK})`);
        const { rows: done } = await client.query<{ report: R }>("SELECT report FROM audit_verify_results WHERE id = 1 AND finished_at >= $1", [started[0]!.at]);
        if (done[0]) {
          await client.query(`SELECT pg_advisory_unlock(${LOCK})`);
          return { result: done[0].report, shared: true };
        }
        // Its scan failed (no report since we began waiting): we hold the lock now, so scan.
      }
      try {
        const result = await scan();
        await client.query(
          `INSERT INTO audit_verify_results (id, finished_at, report) VALUES (1, clock_timestamp(), $1)
           ON CONFLICT (id) DO UPDATE SET finished_at = EXCLUDED.finished_at, report = EXCLUDED.report`,
          [JSON.stringify(result)],
        );
        return { result, shared: false };
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${LOCK})`).catch((error: Error) => void (broken ??= error));
      }
    } finally {
      client.off("error", onError);
      // A connection that broke, or may still hold the lock, is closed rather than reused
      // (closing it releases the lock).
      client.release(broken ?? false);
    }
  }
}
