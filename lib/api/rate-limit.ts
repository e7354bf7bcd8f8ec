import "server-only";
// API budgets per caller (a token, or a signed-in person), kept in PostgreSQL by the
// limiter the sign-in uses, so they hold across app instances. Every answer says where
// the caller stands (IETF RateLimit-Policy / RateLimit fields); a caller past a budget
// gets 429 with Retry-After in the one error body.
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError } from "./errors";

export type RatePolicy = { name: string; points: number; windowSeconds: number };

/**
 * Every request: 600 a minute (API_REQUESTS_PER_MINUTE). Exports also: 10 an hour
 * (API_EXPORTS_PER_HOUR). A benchmark raises them; nothing else should need to.
 */
export function ratePolicies(): { default: RatePolicy; export: RatePolicy } {
  return {
    default: { name: "default", points: env.API_REQUESTS_PER_MINUTE, windowSeconds: 60 },
    export: { name: "export", points: env.API_EXPORTS_PER_HOUR, windowSeconds: 3600 },
  };
}

const WINDOW_WORDS: Record<number, string> = { 60: "minute", 3600: "hour" };

const limiters = new Map<string, RateLimiterPostgres>();
function limiterFor(policy: RatePolicy): RateLimiterPostgres {
  const key = `${policy.name}:${policy.points}:${policy.windowSeconds}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // created by a migration: the app's role cannot CREATE
      keyPrefix: `api_${policy.name}_${policy.points}_${policy.windowSeconds}`,
      points: policy.points,
      duration: policy.windowSeconds,
    });
    limiters.set(key, limiter);
  }
  return limiter;
}

/**
 * Takes one point of each policy for `caller`. Returns the response headers that say
 * what is left; throws a 429 ApiError (with the same headers and Retry-After) when any
 * budget is spent.
 */
export async function takeRatePoints(caller: string, policies: readonly RatePolicy[]): Promise<Record<string, string>> {
  const states: Array<{ policy: RatePolicy; remaining: number; resetSeconds: number; exceeded: boolean }> = [];
  for (const policy of policies) {
    try {
      const res = await limiterFor(policy).consume(caller, 1);
      states.push({ policy, remaining: res.remainingPoints, resetSeconds: Math.ceil(res.msBeforeNext / 1000), exceeded: false });
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      states.push({ policy, remaining: 0, resetSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)), exceeded: true });
    }
  }
  const headers = {
    "RateLimit-Policy": states.map((s) => `"${s.policy.name}";q=${s.policy.points};w=${s.policy.windowSeconds}`).join(", "),
    RateLimit: states.map((s) => `"${s.policy.name}";r=${s.remaining};t=${s.resetSeconds}`).join(", "),
  };
  const spent = states.filter((s) => s.exceeded);
  if (spent.length > 0) {
    const retryAfter = Math.max(...spent.map((s) => s.resetSeconds));
    const what = spent.map((s) => `${s.policy.points} requests per ${WINDOW_WORDS[s.policy.windowSeconds] ?? `${s.policy.windowSeconds} s`}${s.policy.name === "default" ? "" : ` (${s.policy.name})`}`).join(" and ");
    throw new ApiError(429, "rate_limited", `Too many requests: the limit is ${what}. Try again in ${retryAfter} s.`, { retryAfterSeconds: retryAfter, policies: spent.map((s) => s.policy.name) }, { ...headers, "Retry-After": String(retryAfter) });
  }
  return headers;
}
