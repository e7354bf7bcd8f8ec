import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nativeCrc32ForZip } from "./fast-crc";

describe("the native CRC-32 given to yazl", () => {
  it("equals buffer-crc32's own, in one piece and in running pieces", () => {
    const crc = createRequire(import.meta.url)("buffer-crc32") as { unsigned: (b: Buffer, p?: number) => number };
    const data = [Buffer.from(""), Buffer.from("hello"), randomBytes(100_000), Buffer.from("héllo ✓ ••••••")];
    const before = data.map((d) => crc.unsigned(d));
    const running = data.reduce((p, d) => crc.unsigned(d, p), 0);
    expect(nativeCrc32ForZip()).toBe(true);
    expect(data.map((d) => crc.unsigned(d))).toEqual(before);
    expect(data.reduce((p, d) => crc.unsigned(d, p), 0)).toBe(running);
    expect(before[1]).toBe(0x3610a686);
  });
});
