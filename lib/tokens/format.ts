// The token's text: `hrg_`, 30 base62 characters of randomness (178 bits), and a
// 6-character base62 CRC-32 of those 30, so a secret scanner (or this server, before
// any database read) can tell a real token from a typo. Only SHA-256 of the whole text
// is stored: with 178 random bits there is nothing to guess or precompute, so a slow
// password hash would add cost to every request and no protection.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "hrg_";
const BODY_LENGTH = 30;
const CHECK_LENGTH = 6;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SHAPE = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECK_LENGTH}}$`);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function randomBody(): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = "";
  while (out.length < BODY_LENGTH) {
    for (const byte of randomBytes(BODY_LENGTH)) {
      if (byte < 248 && out.length < BODY_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** A new token: its text (shown once), the hash to store, and the hint to show in lists. */
export function generateToken(): { token: string; hash: Buffer; hint: string } {
  const body = randomBody();
  const token = `${TOKEN_PREFIX}${body}${base62(crc32(body), CHECK_LENGTH)}`;
  return { token, hash: hashToken(token), hint: token.slice(0, TOKEN_PREFIX.length + 4) };
}

/** Whether `text` is shaped like a token of ours and its checksum holds. */
export function isWellFormedToken(text: string): boolean {
  if (!SHAPE.test(text)) return false;
  const body = text.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY_LENGTH);
  return text.slice(TOKEN_PREFIX.length + BODY_LENGTH) === base62(crc32(body), CHECK_LENGTH);
}
