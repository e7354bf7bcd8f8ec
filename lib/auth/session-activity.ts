import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

/**
 * The page views and API calls of each signed-in session, counted as the session works
 * (spec 001 AuditSession: page_views, api_calls). A request does not pay a database
 * write for its count: counts gather in this process and one statement adds them all
 * every FLUSH_MS (and when the buffer is large). What a crash can lose is the last
 * interval's counts, never an audit entry or a data-access row (those counters move in
 * the statement that writes the row).
 */
const FLUSH_MS = 2_000;
const MAX_PENDING_SESSIONS = 500;

type Counts = { pageViews: number; apiCalls: number };
const pending = new Map<string, Counts>();
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> = Promise.resolve();
/** Failed writes in a row; past MAX_RETRIES the counts held are dropped (the database is gone, not busy). */
let failures = 0;
const MAX_RETRIES = 5;

export type SessionUse = "page" | "api";

/**
 * Whether a request that reads the session cookie is a page view: a document or a
 * client navigation to a page, not a prefetch, not a server action (its changes are
 * counted with its audit entries) and not an API call (the route wrapper counts those,
 * token calls included).
 */
export function isPageView(h: { get(name: string): string | null }, path: string | null | undefined): boolean {
  if (!path || path.startsWith("/api/")) return false;
  if (h.get("next-action")) return false;
  return !(h.get("next-router-prefetch") || h.get("purpose") === "prefetch" || h.get("sec-purpose")?.includes("prefetch"));
}

function add(sessionId: string, more: Counts): void {
  const counts = pending.get(sessionId) ?? { pageViews: 0, apiCalls: 0 };
  pending.set(sessionId, { pageViews: counts.pageViews + more.pageViews, apiCalls: counts.apiCalls + more.apiCalls });
}

/** A flush within FLUSH_MS, unless one is due already. */
function schedule(): void {
  if (timer) return;
  timer = setTimeout(() => void flushSessionUse(), FLUSH_MS);
  timer.unref();
}

/** Counts one use of a session; written within FLUSH_MS. */
export function countSessionUse(sessionId: string, use: SessionUse): void {
  add(sessionId, use === "page" ? { pageViews: 1, apiCalls: 0 } : { pageViews: 0, apiCalls: 1 });
  if (pending.size >= MAX_PENDING_SESSIONS) void flushSessionUse();
  else schedule();
}

/** Writes the gathered counts now (tests call it; the timer does otherwise). */
export function flushSessionUse(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  if (pending.size === 0) return flushing;
  const batch = [...pending];
  pending.clear();
  const rows = Prisma.join(batch.map(([id, c]) => Prisma.sql`(${id}, ${c.pageViews}::int, ${c.apiCalls}::int)`));
  flushing = flushing
    .then(() =>
      db.$executeRaw`
        UPDATE audit_sessions s
           SET page_views = s.page_views + v.page_views, api_calls = s.api_calls + v.api_calls
          FROM (VALUES ${rows}) AS v(session_id, page_views, api_calls)
         WHERE s.session_id = v.session_id`,
    )
    .then(
      () => {
        failures = 0;
      },
      (error: unknown) => {
        // Counters are not evidence, so a failed write never fails a request: it is
        // reported and its counts go back in the buffer for the next flush, a few times.
        failures++;
        if (failures > MAX_RETRIES) {
          console.error(`[session-activity] dropping the counts of ${batch.length} session(s) after ${MAX_RETRIES} failed writes`, error);
          failures = 0;
          return;
        }
        console.error("[session-activity] could not write session counters; retrying with the next flush", error);
        for (const [id, counts] of batch) add(id, counts);
        schedule();
      },
    );
  return flushing;
}
