/** A person may start (or join) a verification at most this often. */
export const VERIFY_INTERVAL_MS = 30_000;

type GuardOptions = { intervalMs?: number; now?: () => number };

/**
 * Keeps full-log verification from being a way to load the database: one scan at a
 * time in this process (a request that arrives while one runs waits for it and gets
 * the same report, rather than starting a second scan), and per person at most one
 * request per interval (refused with the wait; a refusal does not restart it). In-process on purpose: the scan is
 * read-only and the app runs as one process; a second instance would allow a second
 * concurrent scan, not unbounded ones.
 */
export class VerificationGuard<R> {
  private running: Promise<R> | null = null;
  private readonly lastRequest = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor({ intervalMs = VERIFY_INTERVAL_MS, now = Date.now }: GuardOptions = {}) {
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /**
   * Runs `scan`, or joins the one already running (`shared` says which), or refuses
   * with the seconds to wait. Refusal is a value, not an error class: the one guard is
   * shared across Next's bundles, whose copies of an error class differ.
   */
  async run(userId: string, scan: () => Promise<R>): Promise<{ result: R; shared: boolean } | { retryAfterSeconds: number }> {
    const now = this.now();
    const last = this.lastRequest.get(userId);
    if (last !== undefined && now - last < this.intervalMs) {
      return { retryAfterSeconds: Math.ceil((this.intervalMs - (now - last)) / 1000) };
    }
    this.forgetOlderThan(now - this.intervalMs);
    this.lastRequest.set(userId, now);
    if (this.running) return { result: await this.running, shared: true };
    const run = scan().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return { result: await run, shared: false };
  }

  private forgetOlderThan(cutoff: number) {
    if (this.lastRequest.size < 1000) return;
    for (const [id, at] of this.lastRequest) if (at <= cutoff) this.lastRequest.delete(id);
  }
}
