import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { inlineSql } from "./csv-copy";
import { countCsvRecords } from "./csv-count";

describe("countCsvRecords", () => {
  it("counts newlines outside quotes, across chunk boundaries", () => {
    const text = 'a,b\n"multi\nline",x\n"say ""hi""\n",y\nlast,z\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const state = { quoted: false };
      const n = countCsvRecords(bytes.subarray(0, cut), state) + countCsvRecords(bytes.subarray(cut), state);
      expect(n).toBe(4);
    }
  });
});

describe("inlineSql", () => {
  it("writes values in as literals the database reads back unchanged", async () => {
    const tricky = ["O'Brien \\ 50%", "'); DROP TABLE users; --", 'quote " and \\" back', "E'\\x41'", "$1 $$ dollar"];
    for (const value of tricky) {
      const sql = Prisma.sql`SELECT ${value}::text AS s, ${new Date("2026-01-01T00:00:00Z")} AS d, ${[value, "c'd"]}::text[] AS arr, ${3} AS n, ${null}::text AS z`;
      const text = inlineSql(sql);
      const [row] = await db.$queryRawUnsafe<Array<{ s: string; d: Date; arr: string[]; n: number; z: null }>>(text);
      expect(row).toEqual({ s: value, d: new Date("2026-01-01T00:00:00Z"), arr: [value, "c'd"], n: 3, z: null });
    }
    expect(await db.$queryRaw`SELECT to_regclass('users') IS NOT NULL AS ok`).toEqual([{ ok: true }]);
  });
});
