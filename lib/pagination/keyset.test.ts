import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { keysetPage, keysetSql, keysetWhere } from "./keyset";

const AT = new Date("2026-01-31T18:30:00.123Z");
const ID = "0190aaaa-0000-7000-8000-000000000001";

type Row = { pinned: boolean; at: Date; id: string };
type Condition = Record<string, unknown>;

/** Whether `row` meets one branch of a keysetWhere condition, as PostgreSQL would judge it. */
function meets(row: Row, branch: Condition): boolean {
  return Object.entries(branch).every(([field, test]) => {
    const value = row[field as keyof Row];
    if (test !== null && typeof test === "object" && !(test instanceof Date)) {
      const [[op, bound]] = Object.entries(test) as [[string, Date | string]];
      return op === "lt" ? value < bound : value > bound;
    }
    return test instanceof Date ? (value as Date).getTime() === test.getTime() : value === test;
  });
}

/** The sort both lists use, each field in turn: -1, 0 or 1. */
function compare(a: Row, b: Row): number {
  for (const f of ["pinned", "at", "id"] as const) {
    const x = f === "at" ? a.at.getTime() : a[f];
    const y = f === "at" ? b.at.getTime() : b[f];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

describe("keysetWhere", () => {
  it("spells the (time, id) tuple comparison as Prisma OR branches, either way", () => {
    expect(keysetWhere("desc", { createdAt: AT, id: ID })).toEqual({ OR: [{ createdAt: { lt: AT } }, { createdAt: AT, id: { lt: ID } }] });
    expect(keysetWhere("asc", { name: "Ayesha", id: ID })).toEqual({ OR: [{ name: { gt: "Ayesha" } }, { name: "Ayesha", id: { gt: ID } }] });
    expect(keysetWhere("desc", { id: ID })).toEqual({ OR: [{ id: { lt: ID } }] });
    expect(keysetWhere("desc", undefined)).toEqual({});
  });

  it("names the one boolean value past a flag, since Prisma has no lt/gt on booleans", () => {
    expect(keysetWhere("desc", { pinned: true, startDate: AT, id: ID })).toEqual({
      OR: [{ pinned: false }, { pinned: true, startDate: { lt: AT } }, { pinned: true, startDate: AT, id: { lt: ID } }],
    });
    expect(keysetWhere("desc", { pinned: false, startDate: AT, id: ID })).toEqual({
      OR: [{ pinned: false, startDate: { lt: AT } }, { pinned: false, startDate: AT, id: { lt: ID } }],
    });
    expect(keysetWhere("asc", { pinned: false, id: ID }).OR![0]).toEqual({ pinned: true });
  });

  it("keeps exactly the rows after the key in the list's order", () => {
    const row = fc.record({
      pinned: fc.boolean(),
      at: fc.constantFrom(...[0, 1, 2].map((d) => new Date(AT.getTime() + d))),
      id: fc.constantFrom("0190aaaa-0000-7000-8000-00000000000a", "0190aaaa-0000-7000-8000-00000000000b", "0190aaaa-0000-7000-8000-00000000000c"),
    });
    fc.assert(fc.property(fc.array(row, { maxLength: 30 }), row, fc.constantFrom("asc" as const, "desc" as const), (rows, key, order) => {
      const { OR } = keysetWhere(order, { pinned: key.pinned, at: key.at, id: key.id });
      const kept = rows.filter((r) => OR!.some((branch) => meets(r, branch as Condition)));
      const after = rows.filter((r) => (order === "desc" ? compare(r, key) < 0 : compare(r, key) > 0));
      expect(kept).toEqual(after);
    }));
  });
});

describe("keysetSql", () => {
  it("writes the row comparison the audit search has always run", () => {
    const values = [Prisma.sql`${AT}::timestamptz`, Prisma.sql`${ID}::uuid`];
    const desc = keysetSql("desc", ["event_timestamp", "id"], values);
    expect(desc.text).toBe("(event_timestamp, id) < ($1::timestamptz, $2::uuid)");
    expect(desc.values).toEqual([AT, ID]);
    expect(keysetSql("asc", ["event_timestamp", "id"], values).text).toBe("(event_timestamp, id) > ($1::timestamptz, $2::uuid)");
    expect(desc.text).toBe(Prisma.sql`(event_timestamp, id) < (${AT}::timestamptz, ${ID}::uuid)`.text);
  });
});

describe("keysetPage", () => {
  it("shows `size` rows and a cursor after the last only when more were read", () => {
    expect(keysetPage([1, 2, 3], 2, (last) => `after ${last}`)).toEqual({ rows: [1, 2], next: "after 2" });
    expect(keysetPage([1, 2], 2, (last) => `after ${last}`)).toEqual({ rows: [1, 2], next: null });
    expect(keysetPage([], 2, (last) => `after ${last}`)).toEqual({ rows: [], next: null });
  });
});
