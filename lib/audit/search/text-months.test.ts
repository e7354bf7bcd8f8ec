import { describe, expect, it } from "vitest";
import { judgeTextMonths, rangesSql, searchRanges, splitRanges, type SealedMonth } from "./text-months";

const month = (m: number, entries: number, common: string[], pairs: Record<string, number>): SealedMonth => ({
  start: new Date(Date.UTC(2026, m, 1)),
  end: new Date(Date.UTC(2026, m + 1, 1)),
  entries,
  common,
  pairs: new Map(Object.entries(pairs)),
});

describe("judgeTextMonths", () => {
  it("leaves out a month where two common words never meet, and keeps one where they do", () => {
    const verdict = judgeTextMonths([month(5, 1000, ["kiwi", "mango"], {}), month(6, 1000, ["kiwi", "mango"], { "kiwi mango": 10 })], ["mango", "kiwi"]);
    expect(verdict.excluded.map((m) => m.start.getUTCMonth())).toEqual([5]);
    expect(verdict.density).toBe(10 / 2000);
  });

  it("says nothing of a month where fewer than two of the words are common, except that an empty month holds nothing", () => {
    const verdict = judgeTextMonths([month(5, 1000, ["kiwi"], {}), month(6, 0, [], {})], ["kiwi", "mango"]);
    expect(verdict.excluded.map((m) => m.start.getUTCMonth())).toEqual([6]);
    expect(verdict.density).toBeNull();
  });

  it("bounds three words by their rarest pair, and leaves the month out when any pair never meets", () => {
    const all = { "kiwi mango": 40, "kiwi papaya": 7, "mango papaya": 12 };
    expect(judgeTextMonths([month(5, 100, ["kiwi", "mango", "papaya"], all)], ["papaya", "kiwi", "mango"])).toMatchObject({ excluded: [], density: 7 / 100 });
    const missing = { "kiwi mango": 40, "mango papaya": 12 };
    expect(judgeTextMonths([month(5, 100, ["kiwi", "mango", "papaya"], missing)], ["papaya", "kiwi", "mango"]).excluded).toHaveLength(1);
  });

  it("leaves a month out on two common words even when a third word is not common there, but takes no density from it", () => {
    const verdict = judgeTextMonths([month(5, 100, ["kiwi", "mango"], {})], ["kiwi", "mango", "rare"]);
    expect(verdict.excluded).toHaveLength(1);
    expect(verdict.density).toBeNull();
  });

  it("counts a word given twice once", () => {
    expect(judgeTextMonths([month(5, 100, ["kiwi", "mango"], { "kiwi mango": 3 })], ["kiwi", "kiwi", "mango"]).density).toBe(3 / 100);
  });
});

const at = (m: number, d = 1) => new Date(Date.UTC(2026, m, d));
const r = (a: Date, b: Date) => ({ start: a, end: b });

describe("searchRanges", () => {
  const partitions = [5, 6, 7, 8, 9, 10, 11].map((m) => r(at(m), at(m + 1))).reverse();
  it("joins adjacent months, leaves out the excluded ones, and stops at the clock", () => {
    expect(searchRanges(partitions, [r(at(7), at(8))], at(9, 16))).toEqual([r(at(5), at(7)), r(at(8), at(9, 16))]);
  });
  it("is empty when every month before the clock is left out", () => {
    expect(searchRanges(partitions, [5, 6, 7].map((m) => r(at(m), at(m + 1))), at(8))).toEqual([]);
  });
});

describe("splitRanges", () => {
  it("cuts a range that spans the point, and keeps the others whole", () => {
    expect(splitRanges([r(at(3), at(4)), r(at(5), at(9))], at(7))).toEqual([[r(at(3), at(4)), r(at(5), at(7))], [r(at(7), at(9))]]);
    expect(splitRanges([r(at(3), at(4))], at(4))).toEqual([[r(at(3), at(4))], []]);
  });
});

describe("rangesSql", () => {
  it("is FALSE for no range, and one bounded range a range otherwise", () => {
    expect(rangesSql([]).sql).toBe("FALSE");
    expect(rangesSql([r(at(5), at(6))]).sql).toBe("(event_timestamp >= ? AND event_timestamp < ?)");
    const two = rangesSql([r(at(5), at(6)), r(at(7), at(8))]);
    expect(two.sql).toBe("((event_timestamp >= ? AND event_timestamp < ?) OR (event_timestamp >= ? AND event_timestamp < ?))");
    expect(two.values).toEqual([at(5), at(6), at(7), at(8)]);
  });
});
