import type { RequestContext } from "@/lib/audit/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { passwordStamp } from "./password-stamp";
import { endSession, type SessionEndReason } from "./service";

// Last activity is written at most once a minute per session, not on every request.
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

export type SessionLimits = { absoluteMs: number; idleMs: number };

export function sessionLimits(): SessionLimits {
  return { absoluteMs: env.SESSION_ABSOLUTE_MINUTES * 60_000, idleMs: env.SESSION_IDLE_MINUTES * 60_000 };
}

/** What the session token says: who signed in, as which role, with which password. */
export type SessionClaims = { userId: string; sessionId: string; role: string; passwordStamp?: string };

type CheckSessionOptions = {
  claims: SessionClaims;
  /** The request being served, for the audit entry when the check ends the session. */
  context: RequestContext;
  now?: Date;
  limits?: SessionLimits;
};

export type SessionCheck =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof loadUser>>> }
  | { ok: false; ended?: SessionEndReason };

function loadUser(userId: string) {
  return db.user.findUnique({ where: { id: userId }, include: { department: { select: { name: true } } } });
}

/**
 * Decides on the server, from the database, whether a session token still signs
 * someone in. The token alone never does: its audit session must be open, the person
 * active with the role and password the token was issued for, within the absolute
 * lifetime from sign-in and the idle timeout since the last request. A session that
 * fails any of these is closed in audit_sessions (with the reason) and is treated as
 * signed out from then on, whatever the cookie says.
 */
export async function checkSession({ claims, context, now = new Date(), limits = sessionLimits() }: CheckSessionOptions): Promise<SessionCheck> {
  const { userId, sessionId } = claims;
  if (!userId || !sessionId) return { ok: false };
  const [user, session] = await Promise.all([
    loadUser(userId),
    db.auditSession.findUnique({ where: { sessionId }, select: { userId: true, logoutTime: true, loginTime: true, lastActivityTime: true } }),
  ]);
  if (!user || !session || session.logoutTime || session.userId !== user.id) return { ok: false };

  const end = async (reason: SessionEndReason, endedAt: Date = now): Promise<SessionCheck> => {
    await endSession({ sessionId, context, reason, endedAt });
    return { ok: false, ended: reason };
  };
  if (user.status !== "active") return end("suspended");
  if (claims.role !== user.role) return end("role_changed");
  if (claims.passwordStamp !== passwordStamp(user.passwordHash)) return end("password_changed");
  const expiresAt = session.loginTime.getTime() + limits.absoluteMs;
  if (now.getTime() >= expiresAt) return end("expired", new Date(expiresAt));
  const idleAt = session.lastActivityTime.getTime() + limits.idleMs;
  if (now.getTime() >= idleAt) return end("idle", new Date(idleAt));

  if (now.getTime() - session.lastActivityTime.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    // Guarded: never reopens the clock of a session closed meanwhile, never moves it back.
    await db.auditSession.updateMany({
      where: { sessionId, logoutTime: null, lastActivityTime: { lt: now } },
      data: { lastActivityTime: now },
    });
  }
  return { ok: true, user };
}
