import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { actorFromUser, anonymousActor } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import type { Actor, RequestContext } from "@/lib/service-context";
import type { Role } from "../access/permissions";
import { burnVerifyTime, verifyPassword } from "./password";
import { passwordStamp } from "./password-stamp";
import { countUnknownAccountFailure, signInSucceeded, takeSignInAttempt, unknownAccountLockedUntil, type SignInThrottle } from "./rate-limit";
import { assessSignIn } from "./session-flags";
import { sessionLimits } from "./session-check";
import { describeUserAgent } from "./user-agent";

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 6;
export const LOCK_MINUTES = 15;

// Only these answers, so a sign-in never reveals whether an account exists or is
// suspended ("throttled" is about the client's attempts, for any email alike).
export type AuthFailure = "invalid" | "locked" | "throttled";

export class AuthenticationError extends Error {
  constructor(
    readonly reason: AuthFailure,
    readonly unlockAt?: Date,
  ) {
    super(reason);
    this.name = "AuthenticationError";
  }
}

// Emails without an account fail and lock like real ones, counted in PostgreSQL so the
// rule holds across app instances (lib/auth/rate-limit.ts).
const UNKNOWN_ACCOUNT_RULE = { lockAfter: LOCK_AFTER_FAILURES, lockMinutes: LOCK_MINUTES };

export type AuthenticatedUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  sessionId: string;
  /** Fingerprint of the password signed in with; a session ends when it changes. */
  passwordStamp: string;
};

type AuthenticateOptions = { email: string; password: string; context: RequestContext };

function sessionFields(context: RequestContext) {
  const ua = context.userAgent ?? "";
  return { ipAddress: context.ip ?? "", userAgent: ua, ...describeUserAgent(ua) };
}

/**
 * Checks a password sign-in. Every outcome is written to the audit log and as an
 * audit session: success, a wrong password, a lockout, a suspended or unknown account.
 * The caller only ever learns "invalid" or "locked", after the same number of failures
 * and about the same work (one argon2 verify) whether or not the account exists; a
 * suspended account's right password counts as a failure like a wrong one.
 */
export async function authenticate({ email, password, context }: AuthenticateOptions): Promise<AuthenticatedUser> {
  const normalized = email.trim().toLowerCase();
  // Before anything else, so a refused attempt costs no lookup, no argon2 and (past the
  // first refusal of a window) no audit row.
  const throttle = await takeSignInAttempt({ email: normalized, ip: context.ip ?? null });
  if (throttle) return refuseThrottled({ email: normalized, context, throttle });
  const user = await db.user.findUnique({ where: { email: normalized }, include: { department: true } });

  if (!user) return failUnknownAccount({ email: normalized, password, context });

  // Refused before argon2, so a locked account costs no hashing. Not the final word:
  // the lock is checked again in the statement that accepts a right password.
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await refuseLocked({ email: normalized, context, user, unlockAt: user.lockedUntil });
  }

  const passwordOk = await verifyPassword(user.passwordHash, password);
  if (!passwordOk || user.status !== "active") {
    return countFailure({ user, context, reason: passwordOk ? "suspended" : "wrong_password" });
  }

  const now = new Date();
  const sessionId = newSessionId();
  const accepted = await auditedTransaction(async (tx, audit) => {
    // One guarded write: a lock that landed while argon2 ran (concurrent wrong
    // passwords) makes this change nothing, and the right password is refused.
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = ${now}, updated_at = ${now}
      WHERE id = ${user.id}::uuid AND status = 'active' AND (locked_until IS NULL OR locked_until <= now())
      RETURNING id`;
    if (rows.length === 0) throw new NotAccepted();
    const fields = sessionFields(context);
    const risk = await assessSignIn(tx, { userId: user.id, ip: fields.ipAddress, browserInfo: fields.browserInfo, failuresBefore: user.failedLoginCount, at: now, idleMs: sessionLimits().idleMs });
    await tx.auditSession.create({
      data: {
        sessionId,
        userId: user.id,
        userName: user.name,
        userEmail: user.email,
        loginStatus: "success",
        loginTime: now,
        lastActivityTime: now,
        ...fields,
        ...risk,
      },
    });
    audit.record({
      eventType: "login",
      category: "security",
      actionType: "auth.login_succeeded",
      description: `${user.name} signed in`,
      actor: actorFromUser(user),
      context: { ...context, sessionId },
      object: { type: "user", id: user.id, name: user.name },
      subjectUserId: user.id,
      ...(risk.securityFlags.length > 0 ? { additionalData: { securityFlags: risk.securityFlags, suspicious: risk.isSuspicious } } : {}),
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof NotAccepted) return false;
    throw error;
  });
  if (accepted) {
    await signInSucceeded({ email: normalized, ip: context.ip ?? null });
    return { id: user.id, name: user.name, email: user.email, role: user.role, sessionId, passwordStamp: passwordStamp(user.passwordHash) };
  }

  const current = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { department: true } });
  if (current.status !== "active") return countFailure({ user: current, context, reason: "suspended" });
  // Locked meanwhile (or a lock that expired again in the instant since): still refused.
  return refuseLocked({ email: normalized, context, user: current, unlockAt: current.lockedUntil ?? new Date() });
}

async function failUnknownAccount(options: { email: string; password: string; context: RequestContext }): Promise<never> {
  const { email, password, context } = options;
  // A locked real account is refused before argon2; so is a locked unknown email.
  const lockedUntil = await unknownAccountLockedUntil(email, UNKNOWN_ACCOUNT_RULE);
  if (!lockedUntil) await burnVerifyTime(password);
  const result = lockedUntil ? null : await countUnknownAccountFailure(email, UNKNOWN_ACCOUNT_RULE);
  await recordFailure({ email, context, reason: "unknown_account", failures: result?.failures });
  const until = lockedUntil ?? result?.lockedUntil;
  throw until ? new AuthenticationError("locked", until) : new AuthenticationError("invalid");
}

const THROTTLE_SCOPES = { account: "this account", ip: "this address", global: "all clients" } as const;

/** Over a rate limit: refused unread; only the first refusal of a window is recorded. */
async function refuseThrottled(o: { email: string; context: RequestContext; throttle: SignInThrottle }): Promise<never> {
  const { email, context, throttle } = o;
  if (throttle.first) {
    await auditedTransaction(async (_tx, audit) => {
      audit.record({
        eventType: "access_denied",
        category: "security",
        actionType: "auth.login_throttled",
        description: `Sign-in attempts for ${email} refused: too many from ${THROTTLE_SCOPES[throttle.scope]} until ${throttle.retryAt.toISOString()} (further refusals in this window are not recorded)`,
        actor: anonymousActor(email),
        context,
        object: { type: "user", name: email },
        status: "failure",
        errorCode: `throttled_${throttle.scope}`,
        riskLevel: "high",
        additionalData: { scope: throttle.scope, retryAt: throttle.retryAt.toISOString() },
      });
    });
  }
  throw new AuthenticationError("throttled", throttle.retryAt);
}

/** The guarded write changed nothing: locked or suspended since the account was read. */
class NotAccepted extends Error {}

type SignInUser = { id: string; name: string; email: string; role: Role; department: { name: string } | null };

async function refuseLocked(options: { email: string; context: RequestContext; user: SignInUser; unlockAt: Date }): Promise<never> {
  await recordFailure({ email: options.email, context: options.context, reason: "locked", user: options.user });
  throw new AuthenticationError("locked", options.unlockAt);
}

/**
 * Counts a failed attempt and locks the account on the LOCK_AFTER_FAILURES-th in ONE
 * statement, so concurrent attempts each add one (a read-then-write would let parallel
 * guesses all write 1). A lock that has expired starts a fresh count; a live lock is
 * kept as it is (attempts already past the check still count), so the account is
 * locked exactly once per run of failures.
 */
type CountFailureOptions = { user: SignInUser; context: RequestContext; reason: "wrong_password" | "suspended" };

async function countFailure({ user, context, reason }: CountFailureOptions): Promise<never> {
  const outcome = await auditedTransaction(async (tx, audit) => {
    const [row] = await tx.$queryRaw<Array<{ failures: number; locked_until: Date | null; was_locked: boolean }>>`
      UPDATE users SET
        failed_login_count = CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END,
        locked_until = CASE
          WHEN locked_until > now() THEN locked_until
          WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END) >= ${LOCK_AFTER_FAILURES}::int
            THEN now() + make_interval(mins => ${LOCK_MINUTES}::int)
          ELSE NULL
        END,
        updated_at = now()
      WHERE id = ${user.id}::uuid
      RETURNING new.failed_login_count AS failures, new.locked_until, coalesce(old.locked_until > now(), false) AS was_locked`;
    if (!row) throw new Error(`User ${user.id} disappeared during sign-in`);
    const failures = Number(row.failures);
    const lockedUntil = row.locked_until;
    const lockNow = lockedUntil !== null && !row.was_locked;
    const now = new Date();
    await tx.auditSession.create({
      data: {
        sessionId: newSessionId(),
        userId: user.id,
        userName: user.name,
        userEmail: user.email,
        loginStatus: lockNow ? "locked" : "failure",
        logoutTime: now,
        sessionDurationSeconds: 0,
        isSuspicious: failures >= 3,
        riskScore: Math.min(100, failures * 15),
        securityFlags: lockNow ? ["lockout"] : failures >= 3 ? ["repeated_failures"] : [],
        terminationReason: lockNow ? "account_locked" : reason,
        ...sessionFields(context),
      },
    });
    audit.record({
      eventType: reason === "suspended" ? "access_denied" : "login",
      category: "security",
      actionType: reason === "suspended" ? "auth.login_suspended" : "auth.login_failed",
      description:
        reason === "suspended"
          ? `Sign-in refused for ${user.email}: account is suspended (${failures} failed in a row)`
          : `Failed sign-in for ${user.email}: wrong password (${failures} in a row)`,
      actor: actorFromUser(user),
      context,
      object: { type: "user", id: user.id, name: user.name },
      subjectUserId: user.id,
      status: "failure",
      errorCode: reason,
      additionalData: { consecutiveFailures: failures },
    });
    if (lockNow) {
      audit.record({
        eventType: "warning",
        category: "security",
        actionType: "auth.locked_out",
        description: `Account ${user.email} locked for ${LOCK_MINUTES} minutes after ${failures} failed sign-ins in a row`,
        actor: actorFromUser(user),
        context,
        object: { type: "user", id: user.id, name: user.name },
        subjectUserId: user.id,
        before: { lockedUntil: null },
        after: { lockedUntil },
        status: "warning",
      });
    }
    return { lockedUntil };
  });
  if (outcome.lockedUntil) throw new AuthenticationError("locked", outcome.lockedUntil);
  throw new AuthenticationError("invalid");
}

type FailureOptions = {
  email: string;
  context: RequestContext;
  reason: "unknown_account" | "locked";
  user?: SignInUser;
  /** Failures in a row, for an unknown email that was counted (not refused as locked). */
  failures?: number;
};

async function recordFailure({ email, context, reason, user, failures }: FailureOptions) {
  const descriptions = {
    unknown_account: `Failed sign-in: no account for ${email}${failures === undefined ? " (refused after too many failures)" : ""}`,
    locked: `Sign-in refused for ${email}: account is locked`,
  };
  await auditedTransaction(async (tx, audit) => {
    await tx.auditSession.create({
      data: {
        sessionId: newSessionId(),
        userId: user?.id ?? null,
        userName: user?.name ?? "Unknown user",
        userEmail: email,
        loginStatus: reason === "locked" ? "locked" : "failure",
        logoutTime: new Date(),
        sessionDurationSeconds: 0,
        isSuspicious: reason !== "unknown_account",
        terminationReason: reason,
        ...sessionFields(context),
      },
    });
    audit.record({
      eventType: reason === "unknown_account" ? "login" : "access_denied",
      category: "security",
      actionType: "auth.login_failed",
      description: descriptions[reason],
      actor: user ? actorFromUser(user) : anonymousActor(email),
      context,
      object: { type: "user", id: user?.id, name: user?.name ?? email },
      subjectUserId: user?.id ?? null,
      status: "failure",
      errorCode: reason,
      ...(failures === undefined ? {} : { additionalData: { consecutiveFailures: failures } }),
    });
  });
}

/** Why a session ended, as audit_sessions.termination_reason records it. */
export type SessionEndReason = "user_signed_out" | "expired" | "idle" | "suspended" | "role_changed" | "password_changed" | "ended_by_admin";

/** Why a session ended, in words for the entry's description (the code stays in termination_reason). */
const END_REASON_WORDS: Record<SessionEndReason, string> = {
  user_signed_out: "signed out",
  expired: "reached its time limit",
  idle: "was idle too long",
  suspended: "the account was suspended",
  role_changed: "the role changed",
  password_changed: "the password changed",
  ended_by_admin: "an administrator ended it",
};

type SignOutOptions = {
  sessionId: string;
  context: RequestContext;
  reason?: SessionEndReason;
  /** When the session ended, if not now: the moment a time limit ran out. */
  endedAt?: Date;
  /** The administrator who ended it (reason ended_by_admin): the entry's actor. */
  endedBy?: Actor;
};

/** The guarded close changed nothing: another request closed the session first. */
class AlreadyEnded extends Error {}

/**
 * Closes the audit session; a closed session is refused on every later request.
 * Returns whether this call closed it. The close is one guarded write, so concurrent
 * requests that all find a session expired close it (and record it) exactly once.
 */
export async function endSession({ sessionId, context, reason = "user_signed_out", endedAt, endedBy }: SignOutOptions): Promise<boolean> {
  const session = await db.auditSession.findUnique({ where: { sessionId } });
  if (!session || session.logoutTime) return false;
  const user = session.userId
    ? await db.user.findUnique({ where: { id: session.userId }, include: { department: true } })
    : null;
  const logoutTime = endedAt ?? new Date();
  const duration = Math.max(0, Math.round((logoutTime.getTime() - session.loginTime.getTime()) / 1000));
  const signedOut = reason === "user_signed_out";
  return auditedTransaction(async (tx, audit) => {
    const closed = await tx.auditSession.updateMany({
      where: { sessionId, logoutTime: null },
      // Signing out is activity; a time limit running out is not.
      data: {
        logoutTime, sessionDurationSeconds: duration, terminationReason: reason,
        ...(signedOut ? { lastActivityTime: logoutTime } : {}), ...(endedBy ? { terminatedBy: endedBy.id } : {}),
      },
    });
    if (closed.count === 0) throw new AlreadyEnded();
    const minutes = Math.round(duration / 60);
    audit.record({
      eventType: "logout",
      category: "security",
      actionType: endedBy ? "auth.session_ended_by_admin" : signedOut ? "auth.signed_out" : "auth.session_ended",
      description: endedBy
        ? `${endedBy.name} ended ${session.userName}'s session after ${minutes} min`
        : `${session.userName} ${signedOut ? "signed out" : `session ended (${END_REASON_WORDS[reason]})`} after ${minutes} min`,
      actor: endedBy
        ? actorFromUser(endedBy)
        : user
          ? actorFromUser(user)
          : { id: null, name: session.userName, email: session.userEmail, role: "", department: "" },
      // The administrator's own request ends the session: the entry records that
      // request (their session), and the ended one is the record.
      context: endedBy ? context : { ...context, sessionId },
      object: { type: "audit_session", id: session.id, name: session.userName },
      subjectUserId: session.userId,
      additionalData: { durationSeconds: duration, ...(signedOut ? {} : { reason }) },
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof AlreadyEnded) return false;
    throw error;
  });
}

function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}
