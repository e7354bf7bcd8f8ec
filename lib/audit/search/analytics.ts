import "server-only";
// The audit log's chart data for a search: events over time and counts by category,
// risk, outcome, actor and action, over the same viewer-scoped rows the list shows
// (searchWhere), in one SQL round trip (GROUPING SETS over the filtered rows).
//
// Charts always cover a bounded window: the search's `created:` range, or the last
// 30 days when it has none (the result says so).
//
// Two ways to count, with the same result. A search an auditor can run over the whole
// log with only the terms the rollups keep (category, type, action, risk, status, dates
// and working hours) is counted from the rollups (migration 20261130040000_audit_rollups) plus the
// entries past their watermark, so a 90-day chart reads a few thousand rollup rows
// instead of millions of entries. Any other search (a scoped viewer, an actor, free
// text, an IP block, an entity) reads the filtered entries, which such terms keep few.
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { REACH, reachLevel, type Viewer } from "@/lib/access/scope";
import { CUSTOM_PLAN, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditCategory, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import type { ServiceContext } from "@/lib/service-context";
import { fromPktWallMs, pktDayKey, startOfPktDay, toPktWallMs } from "@/lib/time";
import { pktWallSql } from "@/lib/time-sql";
import { addDays, formatQuery, type SearchQuery, type SearchTerm } from "./parse";
import { endOfPktDay, searchWhere } from "./where";

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

const LAST_INSTANT = new Date("9999-12-31T18:59:59.999Z"); // 9999-12-31 23:59:59.999 PKT

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
  // A range ending on the calendar's last day (9999-12-31) has no day after it: the window ends with that day.
  const to = toDay ? (endOfPktDay(toDay) ?? LAST_INSTANT) : now;
  const defaulted = fromDay === null;
  // The default covers the 30 PKT calendar days ending with the window's last day.
  const from = fromDay ? startOfPktDay(fromDay) : startOfPktDay(addDays(pktDayKey(new Date(to.getTime() - 1)), 1 - DEFAULT_WINDOW_DAYS));
  // An empty range (from after to) still charts; it just counts nothing.
  return { from, to: to < from ? from : to, bucket: bucketFor(from, to < from ? from : to), defaulted };
}

type Row = { kind: "time" | "category" | "risk" | "status" | "actor" | "action"; k1: string; k2: string | null; n: number };

// hours: holds for whole PKT hours (working hours start and end on the hour), so an hourly row answers it.
const HOURLY_TERMS: ReadonlySet<SearchTerm["key"]> = new Set(["category", "type", "action", "risk", "status", "created", "hours"]);
const ACTOR_TERMS: ReadonlySet<SearchTerm["key"]> = new Set(["category", "risk", "created"]);

/** Which counts this search may take from the rollups: none, all but the top actors, or all. */
export function rollupUse(ast: SearchQuery, viewer: Viewer): "none" | "hourly" | "all" {
  if (reachLevel(viewer, REACH.audit) !== "all") return "none";
  if (!ast.terms.every((t) => HOURLY_TERMS.has(t.key))) return "none";
  // Weekly actor counts cannot leave out a day inside a week.
  const actors = ast.terms.every((t) => ACTOR_TERMS.has(t.key) && !(t.key === "created" && t.negated));
  return actors ? "all" : "hourly";
}

/**
 * The whole PKT weeks (Monday 00:00 to Monday 00:00) inside the window, as instants;
 * from === to when none fits.
 */
export function wholeWeeks(window: Pick<AnalyticsWindow, "from" | "to">): { from: Date; to: Date } {
  const monday = (instant: number, up: boolean) => {
    const wall = toPktWallMs(instant);
    const dayStart = wall - (((wall % DAY) + DAY) % DAY);
    const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday 0
    let start = dayStart - weekday * DAY;
    if (up && start < wall) start += 7 * DAY;
    return fromPktWallMs(start);
  };
  const from = monday(window.from.getTime(), true);
  const to = monday(window.to.getTime(), false);
  return from < to ? { from: new Date(from), to: new Date(to) } : { from: window.to, to: window.to };
}

// Buckets are PKT wall-clock hours/days/weeks (weeks start Monday), as text so no
// driver reads a zone-less timestamp as UTC.
const bucketSql = (bucket: AnalyticsBucket) =>
  Prisma.sql`to_char(date_trunc(${bucket}, ${pktWallSql(Prisma.raw("event_timestamp"))}), 'YYYY-MM-DD"T"HH24:MI')`;

/**
 * The entries not rolled up yet: past their chain's watermark, read per chain through
 * the (chain_id, chain_seq) index (LATERAL, and OFFSET 0 so the planner keeps it that
 * way rather than scanning the window's entries to find the few past it). The rows
 * keep audit_logs' columns, so the search's SQL applies as written.
 */
const TAIL = Prisma.sql`(SELECT t.* FROM audit_rollup_watermarks w
  CROSS JOIN LATERAL (SELECT * FROM audit_logs x WHERE x.chain_id = w.chain_id AND x.chain_seq > w.last_seq OFFSET 0) t) tail`;

/** Chart data for the viewer's search, within analyticsWindow(ast). */
export async function auditAnalytics({ viewer, ast, now }: { viewer: Viewer; ast: SearchQuery; now?: Date }): Promise<AuditAnalytics> {
  const window = analyticsWindow(ast, now);
  const use = rollupUse(ast, viewer);
  const inWindow = Prisma.sql`event_timestamp >= ${window.from} AND event_timestamp < ${window.to} AND ${searchWhere(ast, viewer)}`;
  const b = bucketSql(window.bucket);
  // Rows to count (n each): the entries themselves, or the rollups plus the tail.
  const counted =
    use === "none"
      ? Prisma.sql`SELECT ${b} AS bucket, event_category::text AS category, risk_level::text AS risk, status::text AS status, user_name, user_role, action_type, 1 AS n
                   FROM audit_logs WHERE ${inWindow}`
      : Prisma.sql`SELECT ${b} AS bucket, event_category::text AS category, risk_level::text AS risk, status::text AS status, NULL::text AS user_name, NULL::text AS user_role, action_type, n
                   FROM audit_rollup_hourly WHERE ${inWindow}
                   UNION ALL
                   SELECT ${b}, event_category::text, risk_level::text, status::text, user_name, user_role, action_type, 1
                   FROM ${TAIL} WHERE ${inWindow}`;
  const weeks = wholeWeeks(window);
  // Without a category or risk term, the per-person totals (a row per person a day or
  // week) count the same as the per-category-and-risk rows, from a tenth of the rows.
  const totals = !ast.terms.some((t) => t.key === "category" || t.key === "risk");
  const [weekly, daily] = totals
    ? [Prisma.raw("audit_rollup_actor_totals_weekly"), Prisma.raw("audit_rollup_actor_totals_daily")]
    : [Prisma.raw("audit_rollup_actors_weekly"), Prisma.raw("audit_rollup_actors_daily")];
  const actors =
    use === "all"
      ? Prisma.sql`SELECT user_name, user_role, sum(n)::int AS n FROM (
                     SELECT user_name, user_role, n FROM ${weekly}
                      WHERE event_timestamp >= ${weeks.from} AND event_timestamp < ${weeks.to} AND ${inWindow}
                     UNION ALL
                     SELECT user_name, user_role, n FROM ${daily}
                      WHERE (event_timestamp < ${weeks.from} OR event_timestamp >= ${weeks.to}) AND ${inWindow}
                     UNION ALL
                     SELECT user_name, user_role, 1 FROM ${TAIL} WHERE ${inWindow}) x
                   GROUP BY user_name, user_role`
      : use === "hourly"
        ? Prisma.sql`SELECT user_name, user_role, count(*)::int AS n FROM audit_logs WHERE ${inWindow} GROUP BY user_name, user_role`
        : null;
  const [rows, actorRows] = await Promise.all([
    chartRows(counted, actors === null),
    actors
      ? db.$queryRaw<Array<{ user_name: string; user_role: string; n: number }>>`${CUSTOM_PLAN}
          SELECT user_name, user_role, n FROM (${actors}) a ORDER BY n DESC, user_name, user_role LIMIT ${TOP_N}`
      : Promise.resolve(null),
  ]);
  if (actorRows) rows.push(...actorRows.map((a): Row => ({ kind: "actor", k1: a.user_name, k2: a.user_role, n: a.n })));
  return toAnalytics(window, rows);
}

/** The grouped counts of `counted` in one round trip; the top actors too when asked. */
async function chartRows(counted: Prisma.Sql, withActors: boolean): Promise<Row[]> {
  const actorSet = withActors ? Prisma.sql`, (user_name, user_role)` : Prisma.empty;
  return db.$queryRaw<Row[]>`${CUSTOM_PLAN}
    WITH f AS (${counted}), g AS (
      SELECT CASE
               WHEN GROUPING(bucket) = 0 THEN 'time'
               WHEN GROUPING(category) = 0 THEN 'category'
               WHEN GROUPING(risk) = 0 THEN 'risk'
               WHEN GROUPING(status) = 0 THEN 'status'
               WHEN GROUPING(action_type) = 0 THEN 'action'
               ELSE 'actor'
             END AS kind,
             coalesce(bucket, category, risk, status, action_type, ${withActors ? Prisma.sql`user_name` : Prisma.sql`NULL`}) AS k1,
             ${withActors ? Prisma.sql`user_role` : Prisma.sql`NULL::text`} AS k2,
             sum(n)::int AS n
      FROM f
      GROUP BY GROUPING SETS ((bucket), (category), (risk), (status), (action_type)${actorSet})
    )
    SELECT kind, k1, k2, n FROM (
      SELECT g.*, row_number() OVER (PARTITION BY kind ORDER BY n DESC, k1, k2) AS rank FROM g
    ) ranked
    WHERE kind NOT IN ('actor', 'action') OR rank <= ${TOP_N}`;
}

function toAnalytics(window: AnalyticsWindow, rows: Row[]): AuditAnalytics {
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
  const label = (wall: number) => {
    const d = new Date(wall);
    return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  };
  const step = bucket === "hour" ? HOUR : bucket === "day" ? DAY : 7 * DAY;
  let wall = toPktWallMs(from.getTime());
  wall -= wall % (bucket === "hour" ? HOUR : DAY);
  if (bucket === "week") wall -= ((new Date(wall).getUTCDay() + 6) % 7) * DAY; // back to Monday
  const out: string[] = [];
  for (const end = toPktWallMs(to.getTime()); wall < end && out.length < 2000; wall += step) out.push(label(wall));
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
