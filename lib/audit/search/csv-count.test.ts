import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countCsvRecords } from "./csv-count";

/** The plain definition, byte by byte. */
function reference(bytes: Uint8Array, state: { quoted: boolean }): number {
  let n = 0;
  for (const b of bytes) {
    if (b === 34) state.quoted = !state.quoted;
    else if (b === 10 && !state.quoted) n++;
  }
  return n;
}

describe("countCsvRecords", () => {
  it("counts what the byte-by-byte definition counts, however the stream is cut", () => {
    const text = fc.array(fc.constantFrom("a", ",", '"', "\n", "é"), { maxLength: 60 }).map((cs) => new TextEncoder().encode(cs.join("")));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 3 }), (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, k) => bytes.subarray(from, [...points, bytes.length][k]));
        const fast = { quoted: false };
        const plain = { quoted: false };
        const counted = chunks.reduce((sum, c) => sum + countCsvRecords(c, fast), 0);
        expect(counted).toBe(reference(bytes, plain));
        expect(fast.quoted).toBe(plain.quoted);
      }),
      { numRuns: 2000 },
    );
  });
});
