// yazl checks each zip member's CRC-32 with buffer-crc32, in JavaScript: about 3.4 ns a
// byte here, the largest single cost of a big bundle after the database. Node (20.15+)
// computes the same CRC-32 natively (zlib.crc32, ~30× faster). This points
// buffer-crc32's `unsigned` (the one function yazl calls) at it; the value is the same
// (fast-crc.test.ts checks both against each other and the zip against the verifier).
import { createRequire } from "node:module";
import zlib from "node:zlib";

type Crc32Module = { unsigned: (buf: Buffer | string, previous?: number | Buffer) => number };

export function nativeCrc32ForZip(): boolean {
  if (typeof zlib.crc32 !== "function") return false;
  const crc = createRequire(import.meta.url)("buffer-crc32") as Crc32Module & { __native?: boolean };
  if (crc.__native) return true;
  const original = crc.unsigned;
  crc.unsigned = (buf, previous) => {
    if (previous !== undefined && typeof previous !== "number") return original(buf, previous);
    return zlib.crc32(typeof buf === "string" ? Buffer.from(buf) : buf, previous ?? 0);
  };
  crc.__native = true;
  return true;
}
