import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

/**
 * A keyed fingerprint of a password hash, carried in the session token so a session
 * ends once the password changes, whichever way it was changed. Keyed with
 * AUTH_SECRET, so the token (readable through /api/auth/session) reveals nothing
 * about the hash.
 */
export function passwordStamp(passwordHash: string): string {
  return createHmac("sha256", env.AUTH_SECRET).update(passwordHash).digest("base64url").slice(0, 22);
}
