type Entry = { failures: number; lockedUntil: number | null };

export type TrackedFailure = { failures: number; lockedUntil: Date | null; lockNow: boolean };

type TrackerOptions = { lockAfter: number; lockMs: number; maxEntries: number };

/**
 * Failure counts kept in memory for sign-in names that have no account, by the same rule
 * the users table applies to real ones (lock on the lockAfter-th failure in a row; an
 * expired lock starts a fresh count; a live lock is not extended), so an unknown email
 * is answered exactly like an existing one. Bounded: past maxEntries the least recently
 * failed name is forgotten. Per process, so across several app instances an unknown
 * email's count is per instance (a shared store comes with the rate limiter).
 */
export class FailureTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: TrackerOptions) {}

  /** The end of a live lock on this name, or null. */
  lockedUntil(name: string, now = Date.now()): Date | null {
    const until = this.entries.get(name)?.lockedUntil;
    return until && until > now ? new Date(until) : null;
  }

  /** Counts one failure; synchronous, so concurrent attempts in one process each count. */
  fail(name: string, now = Date.now()): TrackedFailure {
    const previous = this.entries.get(name);
    const live = previous?.lockedUntil != null && previous.lockedUntil > now;
    const expired = previous?.lockedUntil != null && !live;
    const failures = expired || !previous ? 1 : previous.failures + 1;
    const lockedUntil = live ? previous!.lockedUntil : failures >= this.options.lockAfter ? now + this.options.lockMs : null;
    this.entries.delete(name);
    this.entries.set(name, { failures, lockedUntil });
    if (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return { failures, lockedUntil: lockedUntil === null ? null : new Date(lockedUntil), lockNow: lockedUntil !== null && !live };
  }

  get size(): number {
    return this.entries.size;
  }
}
