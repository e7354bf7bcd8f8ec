import "server-only";
// The audit log's chart data for a search: events over time and counts by category,
// risk, outcome, actor and action, over the same viewer-scoped rows the list shows
// (searchWhere), in one SQL round trip (GROUPING SETS over the filtered rows).
//
// Charts always cover a bounded window: the search's `created:` range, or the last
// 30 days when it has none (the result says so). This reads the filtered rows; for a
// 90-day chart over a 10-million-entry log the next step is per-hour rollups kept with
// the writes, used when the search has no row-level filter. Not built yet.
import { recordDataAccess } from "@/lib/audit/data-access";
import type { Viewer } from "@/lib/auth/scope";
import { db } from "@/lib/db";
import type { AuditCategory, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import type { ServiceContext } from "@/lib/service-context";
import { DISPLAY_TZ, pktDayKey, startOfPktDay } from "@/lib/time";
import { addDays, formatQuery, type SearchQuery } from "./parse";
import { searchWhere } from "./query";

export const DEFAULT_WINDOW_DAYS = 30;
export const TOP_N = 10;

export type AnalyticsBucket = "hour" | "day" | "week";

export type AnalyticsWindow = {
  /** UTC instants, from inclusive, to exclusive. */
  from: Date;
  to: Date;
  bucket: AnalyticsBucket;
  /** The search named no `created:` start, so the window's start is a default (last 30 days). */
  defaulted: boolean;
};

export type AuditAnalytics = {
  window: AnalyticsWindow;
  total: number;
  /** One point per bucket in the window, empty ones included; `start` is PKT wall time, yyyy-MM-ddTHH:mm. */
  overTime: Array<{ start: string; count: number }>;
  byCategory: Array<{ category: AuditCategory; count: number }>;
  byRisk: Array<{ risk: RiskLevel; count: number }>;
  byStatus: Array<{ status: AuditOutcome; count: number }>;
  /** By the name stored on the entry (a renamed person keeps old entries' name), with the role at the time. */
  topActors: Array<{ name: string; role: string; count: number }>;
  topActions: Array<{ action: string; count: number }>;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hour buckets up to 2 days, days up to 120, weeks beyond. */
export function bucketFor(from: Date, to: Date): AnalyticsBucket {
  const span = to.getTime() - from.getTime();
  if (span <= 2 * DAY) return "hour";
  if (span <= 120 * DAY) return "day";
  return "week";
}

/**
 * The window a search's charts cover: the intersection of its (non-negated) `created:`
 * ranges, ending now when open-ended, starting 30 PKT days before its end when the
 * search gives no start.
 */
export function analyticsWindow(ast: SearchQuery, now: Date = new Date()): AnalyticsWindow {
  let fromDay: string | null = null;
  let toDay: string | null = null;
  for (const t of ast.terms) {
    if (t.key !== "created" || t.negated) continue;
    if (t.range.from && (!fromDay || t.range.from > fromDay)) fromDay = t.range.from;
    if (t.range.to && (!toDay || t.range.to < toDay)) toDay = t.range.to;
  }
  const to = toDay ? startOfPktDay(addDays(toDay, 1)) : now;
  const defaulted = fromDay === null;
  // The default covers the 30 PKT calendar days ending with the window's last day.
  const from = fromDay ? startOfPktDay(fromDay) : startOfPktDay(addDays(pktDayKey(new Date(to.getTime() - 1)), 1 - DEFAULT_WINDOW_DAYS));
  // An empty range (from after to) still charts; it just counts nothing.
  return { from, to: to < from ? from : to, bucket: bucketFor(from, to < from ? from : to), defaulted };
}

type Row = { kind: "time" | "category" | "risk" | "status" | "actor" | "action"; k1: string; k2: string | null; n: number };

/** Chart data for the viewer's search, within analyticsWindow(ast). */
export async function auditAnalytics({ viewer, ast, now }: { viewer: Viewer; ast: SearchQuery; now?: Date }): Promise<AuditAnalytics> {
  const window = analyticsWindow(ast, now);
  // Buckets are PKT wall-clock hours/days/weeks (weeks start Monday), as text so no
  // driver reads a zone-less timestamp as UTC.
  const rows = await db.$queryRaw<Row[]>`
    WITH f AS (
      SELECT to_char(date_trunc(${window.bucket}, event_timestamp AT TIME ZONE ${DISPLAY_TZ}), 'YYYY-MM-DD"T"HH24:MI') AS bucket,
             event_category::text AS category, risk_level::text AS risk, status::text AS status,
             user_name, user_role, action_type
      FROM audit_logs
      WHERE event_timestamp >= ${window.from} AND event_timestamp < ${window.to} AND ${searchWhere(ast, viewer)}
    ), g AS (
      SELECT CASE
               WHEN GROUPING(bucket) = 0 THEN 'time'
               WHEN GROUPING(category) = 0 THEN 'category'
               WHEN GROUPING(risk) = 0 THEN 'risk'
               WHEN GROUPING(status) = 0 THEN 'status'
               WHEN GROUPING(user_name) = 0 THEN 'actor'
               ELSE 'action'
             END AS kind,
             coalesce(bucket, category, risk, status, user_name, action_type) AS k1,
             user_role AS k2,
             count(*)::int AS n
      FROM f
      GROUP BY GROUPING SETS ((bucket), (category), (risk), (status), (user_name, user_role), (action_type))
    )
    SELECT kind, k1, k2, n FROM (
      SELECT g.*, row_number() OVER (PARTITION BY kind ORDER BY n DESC, k1, k2) AS rank FROM g
    ) ranked
    WHERE kind NOT IN ('actor', 'action') OR rank <= ${TOP_N}`;

  const of = (kind: Row["kind"]) => rows.filter((r) => r.kind === kind);
  const desc = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  const counts = new Map(of("time").map((r) => [r.k1, r.n]));
  return {
    window,
    total: of("time").reduce((s, r) => s + r.n, 0),
    overTime: bucketStarts(window).map((start) => ({ start, count: counts.get(start) ?? 0 })),
    byCategory: of("category").map((r) => ({ category: r.k1 as AuditCategory, count: r.n })).sort(desc),
    byRisk: of("risk").map((r) => ({ risk: r.k1 as RiskLevel, count: r.n })),
    byStatus: of("status").map((r) => ({ status: r.k1 as AuditOutcome, count: r.n })).sort(desc),
    topActors: of("actor").map((r) => ({ name: r.k1 ?? "", role: r.k2 ?? "", count: r.n })).sort(desc),
    topActions: of("action").map((r) => ({ action: r.k1, count: r.n })).sort(desc),
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** PKT wall-clock labels of every bucket that overlaps the window, in order (as the SQL writes them). */
export function bucketStarts({ from, to, bucket }: AnalyticsWindow): string[] {
  // PKT has no daylight saving: wall time is UTC + 5 h throughout.
  const offset = 5 * HOUR;
  const label = (wall: number) => {
    const d = new Date(wall);
    return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  };
  const step = bucket === "hour" ? HOUR : bucket === "day" ? DAY : 7 * DAY;
  let wall = from.getTime() + offset;
  wall -= wall % (bucket === "hour" ? HOUR : DAY);
  if (bucket === "week") wall -= ((new Date(wall).getUTCDay() + 6) % 7) * DAY; // back to Monday
  const out: string[] = [];
  for (const end = to.getTime() + offset; wall < end && out.length < 2000; wall += step) out.push(label(wall));
  return out;
}

type ViewOptions = ServiceContext & { ast: SearchQuery; criteria?: Record<string, unknown> };

/** The chart data as the API serves it, with one data-access row saying what was charted. */
export async function viewAuditAnalytics({ actor, request, ast, criteria }: ViewOptions) {
  const a = await auditAnalytics({ viewer: actor, ast });
  await recordDataAccess({
    actor, request, accessType: "view", accessMethod: "api", dataCategory: "system_data", dataType: "audit_log_analytics",
    recordCount: a.total, sensitivity: "restricted", purpose: "Audit log charts",
    searchCriteria: { q: formatQuery(ast), ...criteria },
  });
  const { from, to, ...window } = a.window;
  return { data: { ...a, window: { ...window, from: from.toISOString(), to: to.toISOString() } } };
}
