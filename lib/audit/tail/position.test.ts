import { describe, expect, it } from "vitest";
import { advance, decodePosition, encodePosition, rangesBetween } from "./position";

describe("tail positions", () => {
  it("round-trip as event ids, chains in order", () => {
    const p = new Map([[3, 10], [0, 7], [12, 1]]);
    expect(encodePosition(p)).toBe("0:7.3:10.12:1");
    expect(decodePosition("0:7.3:10.12:1")).toEqual(p);
  });

  it("refuse anything else", () => {
    for (const bad of ["", "x", "1:", ":1", "1:2.1:3", "1:2..3:4", "1:-2", `1:${"9".repeat(17)}`, "1:2 ", "a".repeat(401)]) expect(decodePosition(bad)).toBeNull();
  });

  it("name the ranges between two positions, capped per chain", () => {
    const from = new Map([[0, 5], [1, 9]]);
    const to = new Map([[0, 8], [1, 9], [2, 4]]);
    expect(rangesBetween(from, to)).toEqual([{ chain: 0, after: 5, upTo: 8 }, { chain: 2, after: 0, upTo: 4 }]);
    expect(rangesBetween(from, to, 2)).toEqual([{ chain: 0, after: 5, upTo: 7 }, { chain: 2, after: 0, upTo: 2 }]);
    expect(rangesBetween(to, from)).toEqual([]);
  });

  it("only move forward", () => {
    const p = new Map([[0, 5]]);
    expect(advance(p, 0, 3)).toEqual(p);
    expect(advance(p, 0, 6)).toEqual(new Map([[0, 6]]));
    expect(advance(p, 1, 2)).toEqual(new Map([[0, 5], [1, 2]]));
  });
});
