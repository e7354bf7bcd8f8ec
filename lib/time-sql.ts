// The SQL side of lib/time.ts: the same PKT wall time and labels, computed by
// PostgreSQL for statements that label rows where they are (a scan's alerts, an
// audited check-in's record name, the CSV export's COPY, the charts' buckets). Each is
// held to its TypeScript twin in time-sql.integration.test.ts.
import { Prisma } from "@/lib/generated/prisma/client";
import { DISPLAY_TZ, PKT_ISO_OFFSET, PKT_WORKING_HOURS } from "@/lib/time";

const zone = Prisma.raw(`'${DISPLAY_TZ}'`);

/** A timestamptz as PKT wall time (a zone-less timestamp). */
export function pktWallSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((${at}) AT TIME ZONE ${zone})`;
}

/** Date.prototype.toISOString() of a timestamptz: "2026-03-11T05:00:00.000Z". */
export function isoSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char((${at}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** formatDateTime(): "10 Mar 2026, 22:00 PKT". */
export function pktDateTimeSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(to_char(${pktWallSql(at)}, 'FMDD Mon YYYY, HH24:MI') || ' PKT')`;
}

/** formatDate(): "10 Mar 2026". */
export function pktDateSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${pktWallSql(at)}, 'FMDD Mon YYYY')`;
}

/** formatIsoPkt(): "2026-01-15T10:00:00.123+05:00". */
export function pktIsoSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(to_char(${pktWallSql(at)}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') || ${Prisma.raw(`'${PKT_ISO_OFFSET}'`)})`;
}

/** isPktWorkingHours(): a weekday (ISO 1–5) in PKT, from 08:00 to before 19:00. Never NULL for a non-NULL instant. */
export function pktWorkingHoursSql(at: Prisma.Sql): Prisma.Sql {
  const wall = pktWallSql(at);
  const { start, end } = PKT_WORKING_HOURS;
  return Prisma.sql`(extract(isodow FROM ${wall}) <= 5 AND extract(hour FROM ${wall}) >= ${Prisma.raw(String(start))} AND extract(hour FROM ${wall}) < ${Prisma.raw(String(end))})`;
}
