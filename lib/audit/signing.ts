import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical";

// Checkpoints and archive records are signed with a key the database never sees, so
// someone who can rewrite rows (even a superuser) cannot also forge the signatures.
export function sign(key: string, payload: unknown): string {
  return createHmac("sha256", key).update(canonicalJson(payload)).digest("base64url");
}

export function signatureValid(key: string, payload: unknown, signature: string): boolean {
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
