// The scans label their alerts in SQL (sql-format.ts); each label must read exactly as
// the TypeScript formatter the rest of the app uses would write it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatWaiting } from "./labels";
import { jsRoundSql, waitingSql } from "./sql-format";

describe("labels computed by PostgreSQL", () => {
  it("waitingSql reads a wait as formatWaiting() does, at each boundary and at random", async () => {
    const MIN = 60_000;
    const fixed = [-1, 0, MIN - 1, MIN, 59 * MIN, 60 * MIN, 65 * MIN + 59_999, 48 * 60 * MIN - 1, 48 * 60 * MIN, 12 * 24 * 60 * MIN + 5];
    const waits = [...fixed, ...fc.sample(fc.integer({ min: 0, max: 40 * 24 * 60 * MIN }), 300)];
    const now = new Date("2026-03-11T05:00:00.000Z");
    const rows = await db.$queryRaw<Array<{ label: string }>>(Prisma.sql`
      SELECT ${waitingSql(Prisma.raw("since"), Prisma.sql`${now}::timestamptz`)} AS label
        FROM unnest(${waits.map((ms) => new Date(now.getTime() - ms).toISOString())}::timestamptz[]) WITH ORDINALITY AS x(since, n) ORDER BY n`);
    expect(rows.map((r) => r.label)).toEqual(waits.map((ms) => formatWaiting(ms)));
  });

  it("jsRoundSql rounds halves up as Math.round does (round(float8) would round them to even)", async () => {
    const xs = [0.5, 1.5, 2.5, 12.5, 149.99999, 150.5, ...fc.sample(fc.double({ min: 0, max: 1e6, noNaN: true }), 200)];
    const rows = await db.$queryRaw<Array<{ r: number }>>(Prisma.sql`
      SELECT ${jsRoundSql(Prisma.raw("x"))} AS r FROM unnest(${xs}::float8[]) WITH ORDINALITY AS v(x, n) ORDER BY n`);
    expect(rows.map((r) => r.r)).toEqual(xs.map((x) => Math.round(x)));
  });
});
