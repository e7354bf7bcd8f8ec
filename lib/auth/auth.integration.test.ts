import pg from "pg";
import { describe, expect, it } from "vitest";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { db } from "@/lib/db";
import { accountWithTestPassword, signInContextPerTest, TEST_PASSWORD, testPasswordHash, WRONG_PASSWORD } from "@/test/sign-in";
import { authenticate, AuthenticationError, endSession, LOCK_AFTER_FAILURES, LOCK_MINUTES } from "./service";

const PASSWORD = TEST_PASSWORD;
const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CONTEXT = signInContextPerTest({ userAgent: CHROME_ON_WINDOWS, method: "POST", path: "/api/auth/callback/credentials" });

function signInUser(options: { status?: "active" | "suspended" } = {}) {
  return accountWithTestPassword({ status: options.status, department: "Finance" });
}

/** Entries about one user, oldest first. */
function entriesAbout(userId: string) {
  return db.auditLog.findMany({ where: { subjectUserId: userId }, orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
}

function sessionsOf(userId: string) {
  return db.auditSession.findMany({ where: { userId }, orderBy: { loginTime: "asc" } });
}

async function failure(promise: Promise<unknown>): Promise<AuthenticationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return error as AuthenticationError;
}

describe("authenticate", () => {
  it("signs in with the right password: audit entry, success session with device and browser, failure count reset", async () => {
    const user = await signInUser();
    await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 3 } });

    // Email matching ignores case and surrounding spaces.
    const result = await authenticate({ email: `  ${user.email.toUpperCase()} `, password: PASSWORD, context: CONTEXT });
    expect(result).toMatchObject({ id: user.id, name: user.name, email: user.email, role: "employee" });
    expect(result.sessionId).toMatch(/^[\w-]{20,}$/);

    const [entry, ...more] = await entriesAbout(user.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actionType: "auth.login_succeeded", eventType: "login", eventCategory: "security", status: "success",
      userId: user.id, userName: user.name, userEmail: user.email, userRole: "employee", userDepartment: "Finance",
      sessionId: sessionRef(result.sessionId), ipAddress: CONTEXT.ip, userAgent: CHROME_ON_WINDOWS, requestMethod: "POST",
      objectType: "user", objectId: user.id,
    });

    const [session, ...others] = await sessionsOf(user.id);
    expect(others).toEqual([]);
    expect(session).toMatchObject({
      sessionId: result.sessionId, loginStatus: "success", userName: user.name, userEmail: user.email,
      ipAddress: CONTEXT.ip, userAgent: CHROME_ON_WINDOWS, deviceType: "desktop", browserInfo: "Chrome 131 on Windows 10",
      authenticationMethod: "password", logoutTime: null,
      // Three wrong passwords came just before: the session opens flagged.
      isSuspicious: true,
    });
    expect(session?.securityFlags).toEqual(expect.arrayContaining(["failures_before_success"]));

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.failedLoginCount).toBe(0);
    expect(after.lockedUntil).toBeNull();
    expect(after.lastLoginAt).not.toBeNull();
  });

  it("records a wrong password as a failed sign-in with a failure session", async () => {
    const user = await signInUser();
    const error = await failure(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }));
    expect(error.reason).toBe("invalid");
    expect(error.unlockAt).toBeUndefined();

    const [entry, ...more] = await entriesAbout(user.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actionType: "auth.login_failed", eventType: "login", status: "failure", errorCode: "wrong_password", riskLevel: "medium", userId: user.id, ipAddress: CONTEXT.ip });
    expect(entry!.additionalData).toEqual({ consecutiveFailures: 1 });

    const [session] = await sessionsOf(user.id);
    expect(session).toMatchObject({ loginStatus: "failure", terminationReason: "wrong_password", ipAddress: CONTEXT.ip, deviceType: "desktop", browserInfo: "Chrome 131 on Windows 10", sessionDurationSeconds: 0 });
    expect(session!.logoutTime).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(1);
  });

  it("locks the account on the sixth wrong password in a row, refuses even the right one while locked, and unlocks after the cool-down", async () => {
    const user = await signInUser();
    expect(LOCK_AFTER_FAILURES).toBe(6);
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) {
      expect((await failure(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }))).reason).toBe("invalid");
    }
    const startedAt = Date.now();
    const locked = await failure(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }));
    expect(locked.reason).toBe("locked");
    expect(locked.unlockAt).toBeInstanceOf(Date);
    const ahead = locked.unlockAt!.getTime() - startedAt;
    expect(ahead).toBeGreaterThan(LOCK_MINUTES * 60_000 - 5_000);
    expect(ahead).toBeLessThanOrEqual(LOCK_MINUTES * 60_000 + 5_000);

    let entries = await entriesAbout(user.id);
    expect(entries.map((e) => e.actionType)).toEqual([...Array(LOCK_AFTER_FAILURES).fill("auth.login_failed"), "auth.locked_out"]);
    expect(entries.at(-2)!.additionalData).toEqual({ consecutiveFailures: 6 });
    const lockout = entries.at(-1)!;
    expect(lockout).toMatchObject({ riskLevel: "high", eventType: "warning", status: "warning", userId: user.id });
    expect(lockout.newValues).toEqual({ lockedUntil: locked.unlockAt!.toISOString() });

    let sessions = await sessionsOf(user.id);
    expect(sessions.map((s) => s.loginStatus)).toEqual([...Array(LOCK_AFTER_FAILURES - 1).fill("failure"), "locked"]);
    expect(sessions.at(-1)).toMatchObject({ terminationReason: "account_locked", isSuspicious: true, securityFlags: ["lockout"] });
    let stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedLoginCount).toBe(6);
    expect(stored.lockedUntil).toEqual(locked.unlockAt);

    // While locked, the right password is refused as locked too, and recorded.
    const stillLocked = await failure(authenticate({ email: user.email, password: PASSWORD, context: CONTEXT }));
    expect(stillLocked.reason).toBe("locked");
    expect(stillLocked.unlockAt).toEqual(locked.unlockAt);
    entries = await entriesAbout(user.id);
    expect(entries.at(-1)).toMatchObject({ actionType: "auth.login_failed", eventType: "access_denied", errorCode: "locked", status: "failure" });
    sessions = await sessionsOf(user.id);
    expect(sessions.at(-1)).toMatchObject({ loginStatus: "locked", terminationReason: "locked" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeNull();

    // The cool-down passes.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    // A wrong password after the lock has expired starts a fresh count instead of relocking.
    const fresh = await failure(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }));
    expect(fresh.reason).toBe("invalid");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(1);

    const result = await authenticate({ email: user.email, password: PASSWORD, context: CONTEXT });
    expect(result.id).toBe(user.id);
    stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedLoginCount).toBe(0);
    expect(stored.lockedUntil).toBeNull();
    expect((await entriesAbout(user.id)).at(-1)!.actionType).toBe("auth.login_succeeded");
  });

  it("records an unknown email as a failure by an unknown user, with no user id", async () => {
    const email = `nobody-${Date.now()}@acme.test`;
    const error = await failure(authenticate({ email: email.toUpperCase(), password: WRONG_PASSWORD, context: CONTEXT }));
    expect(error.reason).toBe("invalid");

    const entries = await db.auditLog.findMany({ where: { userEmail: email } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actionType: "auth.login_failed", eventType: "login", status: "failure", errorCode: "unknown_account",
      userId: null, subjectUserId: null, userName: "Unknown user", objectType: "user", objectName: email, ipAddress: CONTEXT.ip,
    });
    const sessions = await db.auditSession.findMany({ where: { userEmail: email } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ userId: null, userName: "Unknown user", loginStatus: "failure", terminationReason: "unknown_account" });
  });

  it("refuses a suspended user with the right password as a wrong password, and records the attempt as suspended", async () => {
    const user = await signInUser({ status: "suspended" });
    const error = await failure(authenticate({ email: user.email, password: PASSWORD, context: CONTEXT }));
    expect(error.reason).toBe("invalid");

    const [entry, ...more] = await entriesAbout(user.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actionType: "auth.login_suspended", eventType: "access_denied", status: "failure", errorCode: "suspended", riskLevel: "high", userId: user.id });
    const sessions = await sessionsOf(user.id);
    expect(sessions.map((s) => s.loginStatus)).toEqual(["failure"]);
    expect(sessions[0]).toMatchObject({ terminationReason: "suspended" });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lastLoginAt).toBeNull();
    // It counts toward the lockout like a wrong password, or the count would tell them apart.
    expect(stored.failedLoginCount).toBe(1);
  });
});

describe("endSession", () => {
  it("closes the session once, with its duration, and records the sign-out", async () => {
    const user = await signInUser();
    const { sessionId } = await authenticate({ email: user.email, password: PASSWORD, context: CONTEXT });
    await new Promise((r) => setTimeout(r, 1100));

    await endSession({ sessionId, context: { ...CONTEXT, path: "/api/auth/signout" } });
    const session = await db.auditSession.findUniqueOrThrow({ where: { sessionId } });
    expect(session.logoutTime).not.toBeNull();
    expect(session.logoutTime!.getTime()).toBeGreaterThan(session.loginTime.getTime());
    expect(session.sessionDurationSeconds).toBeGreaterThanOrEqual(1);
    expect(session.terminationReason).toBe("user_signed_out");

    const entries = await entriesAbout(user.id);
    expect(entries.map((e) => e.actionType)).toEqual(["auth.login_succeeded", "auth.signed_out"]);
    expect(entries[1]).toMatchObject({ eventType: "logout", userId: user.id, sessionId: sessionRef(sessionId), objectType: "audit_session", objectId: session.id, requestPath: "/api/auth/signout" });
    expect(entries[1]!.additionalData).toEqual({ durationSeconds: session.sessionDurationSeconds });

    // Signing out again changes nothing and records nothing.
    await endSession({ sessionId, context: CONTEXT });
    expect(await db.auditSession.findUniqueOrThrow({ where: { sessionId } })).toEqual(session);
    expect(await entriesAbout(user.id)).toHaveLength(2);
    // Nor does an unknown session.
    const count = await db.auditLog.count();
    await endSession({ sessionId: "no-such-session", context: CONTEXT });
    expect(await db.auditLog.count()).toBe(count);
  });
});

describe("what sign-in stores", () => {
  it("never stores a password or its hash in any audit row, and the trail verifies", async () => {
    const user = await signInUser();
    await failure(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }));
    const { sessionId } = await authenticate({ email: user.email, password: PASSWORD, context: CONTEXT });
    await endSession({ sessionId, context: CONTEXT });
    await failure(authenticate({ email: "ghost@acme.test", password: PASSWORD, context: CONTEXT }));
    const suspended = await signInUser({ status: "suspended" });
    await failure(authenticate({ email: suspended.email, password: PASSWORD, context: CONTEXT }));

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      for (const table of ["audit_logs", "audit_sessions", "data_access_logs", "audit_checkpoints", "audit_archives"]) {
        const { rows } = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${table} t`);
        if (table === "audit_logs") expect(rows.length).toBeGreaterThanOrEqual(5);
        for (const { j } of rows) {
          expect(j).not.toContain(PASSWORD);
          expect(j).not.toContain(WRONG_PASSWORD);
          expect(j).not.toContain(await testPasswordHash());
          expect(j).not.toContain("$argon2");
        }
      }
    } finally {
      await client.end();
    }
    // Every sign-in record in this file is part of an intact hash chain.
    expect((await verifyAuditLog()).problems).toEqual([]);
  });
});
