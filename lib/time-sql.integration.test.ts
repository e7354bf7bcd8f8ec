// Each SQL label of time-sql.ts must read exactly as its lib/time.ts twin writes it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatDate, formatDateTime, formatIsoPkt, isPktWorkingHours, pktDayKey } from "@/lib/time";
import { isoSql, pktDateSql, pktDateTimeSql, pktIsoSql, pktWallSql, pktWorkingHoursSql } from "./time-sql";

const instants = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59.999Z"), noInvalidDate: true });

describe("PKT labels computed by PostgreSQL", () => {
  it("print an instant as toISOString(), formatDateTime(), formatDate(), formatIsoPkt() and pktDayKey() do (across PKT midnight)", async () => {
    const fixed = [new Date("2026-03-10T17:00:00.000Z"), new Date("2026-03-10T18:59:59.999Z"), new Date("2026-03-10T19:00:00.000Z"), new Date("2026-01-01T04:05:06.007Z")];
    // Since December 2009 only: before it Pakistan kept summer time some years, which the
    // IANA rules (lib/time.ts) know and SQL's fixed +05:00 does not (as above).
    const dates = [...fixed, ...fc.sample(instants, { numRuns: 300, seed: 20261207 }).filter((d) => d >= new Date("2009-12-01T00:00:00Z"))];
    const t = Prisma.raw("t");
    const rows = await db.$queryRaw<Array<{ iso: string; label: string; day: string; pkt: string; key: string }>>(Prisma.sql`
      SELECT ${isoSql(t)} AS iso, ${pktDateTimeSql(t)} AS label, ${pktDateSql(t)} AS day, ${pktIsoSql(t)} AS pkt,
             to_char(${pktWallSql(t)}, 'YYYY-MM-DD') AS key
        FROM unnest(${dates.map((d) => d.toISOString())}::timestamptz[]) WITH ORDINALITY AS x(t, n) ORDER BY n`);
    expect(rows.map((r) => r.iso)).toEqual(dates.map((d) => d.toISOString()));
    expect(rows.map((r) => r.label)).toEqual(dates.map((d) => formatDateTime(d)));
    expect(rows.map((r) => r.day)).toEqual(dates.map((d) => formatDate(d)));
    expect(rows.map((r) => r.key)).toEqual(dates.map((d) => pktDayKey(d)));
    // formatIsoPkt writes the offset of the moment (+06:00 in the summers of 2008-09); the
    // SQL writes PKT's fixed one, so only the years since are compared.
    const recent = rows.map((r, i) => [r.pkt, dates[i]!] as const).filter(([, d]) => d >= new Date("2009-12-01T00:00:00Z"));
    expect(recent.map(([pkt]) => pkt)).toEqual(recent.map(([, d]) => formatIsoPkt(d)));
    expect(rows[0]).toMatchObject({ label: "10 Mar 2026, 22:00 PKT", day: "10 Mar 2026", pkt: "2026-03-10T22:00:00.000+05:00" });
  });
});

describe("PKT working hours computed by PostgreSQL", () => {
  it("agree with isPktWorkingHours() at the edges (08:00, 18:59, 19:00 PKT, Friday night, the weekend) and anywhere", async () => {
    const fixed = [
      new Date("2026-03-11T03:00:00Z"), // Wednesday 08:00 PKT: in
      new Date("2026-03-11T02:59:59.999Z"), // 07:59: out
      new Date("2026-03-11T13:59:59.999Z"), // 18:59: in
      new Date("2026-03-11T14:00:00Z"), // 19:00: out
      new Date("2026-03-13T19:30:00Z"), // Saturday 00:30 PKT (Friday in UTC): out
      new Date("2026-03-14T06:00:00Z"), // Saturday 11:00: out
      new Date("2026-03-16T04:00:00Z"), // Monday 09:00: in
    ];
    // Since December 2009 only: before it Pakistan kept summer time some years, which the
    // IANA rules (lib/time.ts) know and SQL's fixed +05:00 does not (as above).
    const dates = [...fixed, ...fc.sample(instants, { numRuns: 300, seed: 20261207 }).filter((d) => d >= new Date("2009-12-01T00:00:00Z"))];
    const rows = await db.$queryRaw<Array<{ working: boolean }>>(Prisma.sql`
      SELECT ${pktWorkingHoursSql(Prisma.raw("t"))} AS working
        FROM unnest(${dates.map((d) => d.toISOString())}::timestamptz[]) WITH ORDINALITY AS x(t, n) ORDER BY n`);
    expect(rows.map((r) => r.working)).toEqual(dates.map((d) => isPktWorkingHours(d)));
    expect(rows.slice(0, fixed.length).map((r) => r.working)).toEqual([true, false, true, false, false, false, true]);
  });
});
