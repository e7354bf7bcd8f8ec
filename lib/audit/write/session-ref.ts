import { createHash } from "node:crypto";

/**
 * What audit_logs and data_access_logs store for a session: a SHA-256 prefix of its id.
 * The id is the bearer secret in the session token (audit_sessions keeps it as the
 * key), so anyone who may read the log must not be able to lift a live session from
 * it; the prefix still links an entry to its session (compute the same ref from
 * audit_sessions.session_id). 32 hex digits (128 bits) keep collisions out of reach.
 */
export function sessionRef(sessionId: string | null | undefined): string {
  if (!sessionId) return "";
  return createHash("sha256").update(sessionId, "utf8").digest("hex").slice(0, 32);
}
