import type { RequestContext } from "@/lib/service-context";
import { isUuid } from "@/lib/uuid";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { passwordStamp } from "./password-stamp";
import type { Role } from "../access/permissions";
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

/** The person a session signs in, as checkSession read them. */
export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  title: string | null;
  managerId: string | null;
  departmentName: string;
};

export type SessionCheck = { ok: true; user: SessionUser } | { ok: false; ended?: SessionEndReason };

type SessionRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: string;
  title: string | null;
  manager_id: string | null;
  password_hash: string;
  department_name: string | null;
  session_user_id: string | null;
  logout_time: Date | null;
  login_time: Date | null;
  last_activity_time: Date | null;
};

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
  if (!userId || !sessionId || !isUuid(userId)) return { ok: false };
  // The person, their department and the session in one round trip (this runs on every request).
  const [row] = await db.$queryRaw<SessionRow[]>`
    SELECT u.id::text AS id, u.name, u.email, u.role::text AS role, u.status::text AS status, u.title, u.manager_id::text AS manager_id,
           u.password_hash, d.name AS department_name,
           s.user_id::text AS session_user_id, s.logout_time, s.login_time, s.last_activity_time
      FROM users u
      LEFT JOIN departments d ON d.id = u.department_id
      LEFT JOIN audit_sessions s ON s.session_id = ${sessionId}
     WHERE u.id = ${userId}::uuid`;
  if (!row || !row.login_time || !row.last_activity_time || row.logout_time || row.session_user_id !== row.id) return { ok: false };

  const end = async (reason: SessionEndReason, endedAt: Date = now): Promise<SessionCheck> => {
    await endSession({ sessionId, context, reason, endedAt });
    return { ok: false, ended: reason };
  };
  if (row.status !== "active") return end("suspended");
  if (claims.role !== row.role) return end("role_changed");
  if (claims.passwordStamp !== passwordStamp(row.password_hash)) return end("password_changed");
  const expiresAt = row.login_time.getTime() + limits.absoluteMs;
  if (now.getTime() >= expiresAt) return end("expired", new Date(expiresAt));
  const idleAt = row.last_activity_time.getTime() + limits.idleMs;
  if (now.getTime() >= idleAt) return end("idle", new Date(idleAt));

  if (now.getTime() - row.last_activity_time.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    // Guarded: never reopens the clock of a session closed meanwhile, never moves it back.
    await db.auditSession.updateMany({
      where: { sessionId, logoutTime: null, lastActivityTime: { lt: now } },
      data: { lastActivityTime: now },
    });
  }
  return {
    ok: true,
    user: { id: row.id, name: row.name, email: row.email, role: row.role, title: row.title, managerId: row.manager_id, departmentName: row.department_name ?? "" },
  };
}
