import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { actorFromUser, anonymousActor } from "@/lib/audit/actor";
import { auditedTransaction } from "@/lib/audit/transaction";
import type { RequestContext } from "@/lib/audit/schemas";
import type { Role } from "./permissions";
import { burnVerifyTime, verifyPassword } from "./password";
import { describeUserAgent } from "./user-agent";

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 6;
export const LOCK_MINUTES = 15;

export type AuthFailure = "invalid" | "locked" | "suspended";

export class AuthenticationError extends Error {
  constructor(
    readonly reason: AuthFailure,
    readonly unlockAt?: Date,
  ) {
    super(reason);
    this.name = "AuthenticationError";
  }
}

export type AuthenticatedUser = { id: string; name: string; email: string; role: Role; sessionId: string };

type AuthenticateOptions = { email: string; password: string; context: RequestContext };

function sessionFields(context: RequestContext) {
  const ua = context.userAgent ?? "";
  return { ipAddress: context.ip ?? "", userAgent: ua, ...describeUserAgent(ua) };
}

/**
 * Checks a password sign-in. Every outcome is written to the audit log and as an
 * audit session: success, a wrong password, a lockout, a suspended or unknown account.
 */
export async function authenticate({ email, password, context }: AuthenticateOptions): Promise<AuthenticatedUser> {
  const normalized = email.trim().toLowerCase();
  const now = new Date();
  const user = await db.user.findUnique({ where: { email: normalized }, include: { department: true } });

  if (!user) {
    await burnVerifyTime(password);
    await recordFailure({ email: normalized, context, reason: "unknown_account" });
    throw new AuthenticationError("invalid");
  }

  if (user.lockedUntil && user.lockedUntil > now) {
    await recordFailure({ email: normalized, context, reason: "locked", user });
    throw new AuthenticationError("locked", user.lockedUntil);
  }

  const passwordOk = await verifyPassword(user.passwordHash, password);
  if (!passwordOk) {
    // A lock that has expired starts a fresh count.
    const previous = user.lockedUntil ? 0 : user.failedLoginCount;
    const failures = previous + 1;
    const lockNow = failures >= LOCK_AFTER_FAILURES;
    const lockedUntil = lockNow ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    await auditedTransaction(async (tx, audit) => {
      await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: failures, lockedUntil } });
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
          terminationReason: lockNow ? "account_locked" : "wrong_password",
          ...sessionFields(context),
        },
      });
      audit.record({
        eventType: "login",
        category: "security",
        actionType: "auth.login_failed",
        description: `Failed sign-in for ${user.email}: wrong password (${failures} in a row)`,
        actor: actorFromUser(user),
        context,
        object: { type: "user", id: user.id, name: user.name },
        subjectUserId: user.id,
        status: "failure",
        errorCode: "wrong_password",
        additionalData: { consecutiveFailures: failures },
      });
      if (lockNow) {
        audit.record({
          eventType: "warning",
          category: "security",
          actionType: "auth.locked_out",
          description: `Account ${user.email} locked for ${LOCK_MINUTES} minutes after ${failures} wrong passwords in a row`,
          actor: actorFromUser(user),
          context,
          object: { type: "user", id: user.id, name: user.name },
          subjectUserId: user.id,
          before: { lockedUntil: null },
          after: { lockedUntil },
          status: "warning",
        });
      }
    });
    if (lockNow) throw new AuthenticationError("locked", lockedUntil ?? undefined);
    throw new AuthenticationError("invalid");
  }

  if (user.status !== "active") {
    await recordFailure({ email: normalized, context, reason: "suspended", user });
    throw new AuthenticationError("suspended");
  }

  const sessionId = newSessionId();
  await auditedTransaction(async (tx, audit) => {
    await tx.user.update({
      where: { id: user.id },
      data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
    });
    await tx.auditSession.create({
      data: {
        sessionId,
        userId: user.id,
        userName: user.name,
        userEmail: user.email,
        loginStatus: "success",
        loginTime: now,
        lastActivityTime: now,
        ...sessionFields(context),
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
    });
  });
  return { id: user.id, name: user.name, email: user.email, role: user.role, sessionId };
}

type FailureOptions = {
  email: string;
  context: RequestContext;
  reason: "unknown_account" | "locked" | "suspended";
  user?: { id: string; name: string; email: string; role: string; department: { name: string } | null };
};

async function recordFailure({ email, context, reason, user }: FailureOptions) {
  const descriptions = {
    unknown_account: `Failed sign-in: no account for ${email}`,
    locked: `Sign-in refused for ${email}: account is locked`,
    suspended: `Sign-in refused for ${email}: account is suspended`,
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
      actionType: reason === "suspended" ? "auth.login_suspended" : "auth.login_failed",
      description: descriptions[reason],
      actor: user ? actorFromUser(user) : anonymousActor(email),
      context,
      object: { type: "user", id: user?.id, name: user?.name ?? email },
      subjectUserId: user?.id ?? null,
      status: "failure",
      errorCode: reason,
    });
  });
}

type SignOutOptions = {
  sessionId: string;
  context: RequestContext;
  reason?: "user_signed_out" | "expired" | "suspended";
};

/** Closes the audit session; a closed session is refused on every later request. */
export async function endSession({ sessionId, context, reason = "user_signed_out" }: SignOutOptions): Promise<void> {
  const session = await db.auditSession.findUnique({ where: { sessionId } });
  if (!session || session.logoutTime) return;
  const user = session.userId
    ? await db.user.findUnique({ where: { id: session.userId }, include: { department: true } })
    : null;
  const now = new Date();
  const duration = Math.round((now.getTime() - session.loginTime.getTime()) / 1000);
  await auditedTransaction(async (tx, audit) => {
    await tx.auditSession.update({
      where: { sessionId },
      data: { logoutTime: now, sessionDurationSeconds: duration, terminationReason: reason, lastActivityTime: now },
    });
    audit.record({
      eventType: "logout",
      category: "security",
      actionType: reason === "user_signed_out" ? "auth.signed_out" : "auth.session_ended",
      description: `${session.userName} ${reason === "user_signed_out" ? "signed out" : `session ended (${reason})`} after ${Math.round(duration / 60)} min`,
      actor: user
        ? actorFromUser(user)
        : { id: null, name: session.userName, email: session.userEmail, role: "", department: "" },
      context: { ...context, sessionId },
      object: { type: "audit_session", id: session.id, name: session.userName },
      subjectUserId: session.userId,
      additionalData: { durationSeconds: duration },
    });
  });
}

function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}
