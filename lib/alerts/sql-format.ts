// The labels of lib/alerts/labels.ts computed by PostgreSQL, so a scan can find, label
// and raise its conditions in one statement without shipping every row to Node and
// back (times: lib/time-sql.ts). sql-format.integration.test.ts holds each one to its
// TypeScript twin.
import { Prisma } from "@/lib/generated/prisma/client";

/** formatWaiting(now - since): "3h 05m" under two days, "12 days" after, "—" when negative. */
export function waitingSql(since: Prisma.Sql, now: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT CASE WHEN w.m < 0 THEN '—' WHEN w.m >= 2880 THEN (w.m / 1440) || ' days'
                                 WHEN w.m >= 60 THEN (w.m / 60) || 'h ' || lpad((w.m % 60)::text, 2, '0') || 'm' ELSE w.m || 'm' END
                       FROM (SELECT floor(extract(epoch FROM (${now}) - (${since})) / 60)::bigint AS m) w)`;
}

/** Math.round(x) for x ≥ 0 in float8 (PostgreSQL's round(float8) rounds half to even). */
export function jsRoundSql(x: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`floor((${x})::float8 + 0.5)`;
}
