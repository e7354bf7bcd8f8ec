import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";

// Sign-in attempts are limited before any password hashing, in PostgreSQL so the limits
// hold across app instances: per account (any email, existing or not, so a refusal
// reveals nothing), per client address, and overall (a flood must not take every core
// for argon2 or grow the audit log without bound). A point is taken before the
// password is checked, so concurrent attempts cannot all slip through; a successful
// sign-in gives the account's and the address's points back.

type Limit = { name: string; limiter: RateLimiterPostgres; points: number };

function limiter(name: string, points: number, durationSeconds: number): Limit {
  return {
    name,
    points,
    limiter: new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // created by the migration: the app's role cannot CREATE
      keyPrefix: `signin_${name}`,
      points,
      duration: durationSeconds,
    }),
  };
}

let limits: { account: Limit; ip: Limit; global: Limit } | null = null;
function signInLimits() {
  limits ??= {
    account: limiter("account", env.SIGN_IN_LIMIT_PER_ACCOUNT, 15 * 60),
    ip: limiter("ip", env.SIGN_IN_LIMIT_PER_IP, 15 * 60),
    global: limiter("global", env.SIGN_IN_LIMIT_GLOBAL, 60),
  };
  return limits;
}

/** The users-table lock rule, for emails that have no account. */
export type UnknownAccountRule = { lockAfter: number; lockMinutes: number };

let unknown: RateLimiterPostgres | null = null;
function unknownAccounts({ lockAfter, lockMinutes }: UnknownAccountRule) {
  // Failures in a row for an email without an account, shared by every instance: the
  // lockAfter-th locks it for lockMinutes (blocked once, not extended), and when the
  // lock ends the count starts afresh, as for a real account. A count with no lock is
  // forgotten after a day.
  unknown ??= new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    keyPrefix: "signin_unknown",
    points: lockAfter - 1,
    duration: 24 * 60 * 60,
    blockDuration: lockMinutes * 60,
  });
  return unknown;
}

/** The end of a live lock on an email that has no account, or null. */
export async function unknownAccountLockedUntil(email: string, rule: UnknownAccountRule): Promise<Date | null> {
  const state = await unknownAccounts(rule).get(hashed(email));
  return state && state.consumedPoints >= rule.lockAfter ? new Date(Date.now() + state.msBeforeNext) : null;
}

/** Counts one failure for an email that has no account; returns the count and the lock it set, if any. */
export async function countUnknownAccountFailure(email: string, rule: UnknownAccountRule): Promise<{ failures: number; lockedUntil: Date | null }> {
  try {
    const state = await unknownAccounts(rule).consume(hashed(email));
    return { failures: state.consumedPoints, lockedUntil: null };
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return { failures: error.consumedPoints, lockedUntil: new Date(Date.now() + error.msBeforeNext) };
  }
}

const hashed = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 32);

export type SignInThrottle = {
  /** Which limit refused: per account, per client address, or overall. */
  scope: "account" | "ip" | "global";
  retryAt: Date;
  /** The first refusal of this window: the one worth an audit entry (the rest are not recorded). */
  first: boolean;
};

/**
 * Takes one attempt from each limit. Returns null when the attempt may go on, or the
 * limit that refused it. A refused attempt still used its point, so a client that
 * keeps trying keeps being refused until the window passes.
 */
export async function takeSignInAttempt(o: { email: string; ip: string | null }): Promise<SignInThrottle | null> {
  const l = signInLimits();
  const keys: Array<[keyof typeof l, string]> = [
    ["global", "all"],
    ["account", hashed(o.email)],
    ...(o.ip ? ([["ip", hashed(o.ip)]] as Array<[keyof typeof l, string]>) : []),
  ];
  let refused: SignInThrottle | null = null;
  for (const [scope, key] of keys) {
    try {
      await l[scope].limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAt = new Date(Date.now() + error.msBeforeNext);
      if (!refused || retryAt > refused.retryAt) refused = { scope, retryAt, first: error.consumedPoints === l[scope].points + 1 };
    }
  }
  return refused;
}

/** A successful sign-in: the account's window starts afresh and the address gets its point back. */
export async function signInSucceeded(o: { email: string; ip: string | null }): Promise<void> {
  const l = signInLimits();
  await l.account.limiter.delete(hashed(o.email));
  if (o.ip) await l.ip.limiter.reward(hashed(o.ip), 1);
}
