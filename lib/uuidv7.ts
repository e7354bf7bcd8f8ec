import { randomFillSync } from "node:crypto";

// Random bytes are drawn from the OS in 4 KiB blocks: a call per id costs more than
// the rest of an audited write's id handling together.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function randomBytes16(): Buffer {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const b = Buffer.from(POOL.subarray(offset, offset + 16));
  offset += 16;
  return b;
}

/** RFC 9562 UUIDv7: time-ordered, so audit ids sort roughly by creation. */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes16();
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
