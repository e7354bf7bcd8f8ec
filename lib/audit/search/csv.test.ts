import { describe, expect, it } from "vitest";
import { neutralizeCell } from "./csv";

describe("CSV export cells", () => {
  it("neutralizes a leading =, +, -, @, tab or CR and leaves other text alone", () => {
    for (const c of ["=", "+", "-", "@", "\t", "\r"]) expect(neutralizeCell(`${c}1+1`)).toBe(`'${c}1+1`);
    for (const v of ["", "a=1", "Ayesha", " =1", "'=1"]) expect(neutralizeCell(v)).toBe(v);
  });
});
