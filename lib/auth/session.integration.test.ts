import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changeRole, suspendUser } from "@/lib/people/service";
import { createUser } from "@/test/factories";
import { handlers } from "./config";
import { hashPassword } from "./password";
import { authenticate, type AuthenticatedUser } from "./service";
import { checkSession, sessionLimits, type SessionClaims } from "./session-check";
import { sessionRef } from "@/lib/audit/write/session-ref";

const PASSWORD = "Correct-Horse-Battery-Staple-7731";
const CONTEXT = { ip: "198.51.100.23", userAgent: "vitest", method: "GET", path: "/tasks" };
const MINUTE = 60_000;

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** A real sign-in: an open audit session and the claims its token carries. */
async function signedIn(role: "employee" | "manager" = "employee") {
  const { user } = await createUser({ role });
  await db.user.update({ where: { id: user.id }, data: { passwordHash } });
  const result = await authenticate({ email: user.email, password: PASSWORD, context: { ...CONTEXT, method: "POST", path: "/sign-in" } });
  const session = await db.auditSession.findUniqueOrThrow({ where: { sessionId: result.sessionId } });
  return { user, result, claims: claimsOf(result), loginTime: session.loginTime };
}

function claimsOf(result: AuthenticatedUser): SessionClaims {
  return { userId: result.id, sessionId: result.sessionId, role: result.role, passwordStamp: result.passwordStamp };
}

function at(loginTime: Date, minutes: number) {
  return new Date(loginTime.getTime() + minutes * MINUTE);
}

// Audit rows carry a hash of the session id, never the id itself.
function endedEntries(sessionId: string) {
  return db.auditLog.findMany({ where: { sessionId: sessionRef(sessionId), actionType: { in: ["auth.session_ended", "auth.signed_out"] } } });
}

describe("session limits", () => {
  it("default to 8 hours from sign-in and 30 minutes idle", () => {
    expect(sessionLimits()).toEqual({ absoluteMs: 8 * 60 * MINUTE, idleMs: 30 * MINUTE });
  });

  it("end a session 8 hours after sign-in however active it is, and close its audit session as expired", async () => {
    const { claims, loginTime } = await signedIn();
    // A request every 25 minutes keeps it from going idle...
    for (let minutes = 25; minutes < 8 * 60; minutes += 25) {
      const check = await checkSession({ claims, context: CONTEXT, now: at(loginTime, minutes) });
      expect(check.ok, `at +${minutes} min`).toBe(true);
    }
    // ...but not past the absolute lifetime.
    const check = await checkSession({ claims, context: CONTEXT, now: at(loginTime, 8 * 60) });
    expect(check).toEqual({ ok: false, ended: "expired" });

    const row = await db.auditSession.findUniqueOrThrow({ where: { sessionId: claims.sessionId } });
    expect(row.terminationReason).toBe("expired");
    expect(row.logoutTime).toEqual(at(loginTime, 8 * 60));
    expect(row.sessionDurationSeconds).toBe(8 * 3600);
    const [entry, ...more] = await endedEntries(claims.sessionId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actionType: "auth.session_ended", eventType: "logout", userId: claims.userId, requestPath: "/tasks" });
    expect(entry!.additionalData).toEqual({ durationSeconds: 8 * 3600, reason: "expired" });

    // Signed out for good: a later request (even "earlier" by the clock) is refused and records nothing.
    expect(await checkSession({ claims, context: CONTEXT, now: at(loginTime, 60) })).toEqual({ ok: false });
    expect(await endedEntries(claims.sessionId)).toHaveLength(1);
  });

  it("end a session after 30 minutes without a request, counted from the last request", async () => {
    const { claims, loginTime } = await signedIn();
    expect((await checkSession({ claims, context: CONTEXT, now: at(loginTime, 29) })).ok).toBe(true);
    const row = await db.auditSession.findUniqueOrThrow({ where: { sessionId: claims.sessionId } });
    expect(row.lastActivityTime).toEqual(at(loginTime, 29));
    expect((await checkSession({ claims, context: CONTEXT, now: at(loginTime, 58) })).ok).toBe(true);

    expect(await checkSession({ claims, context: CONTEXT, now: at(loginTime, 88) })).toEqual({ ok: false, ended: "idle" });
    const closed = await db.auditSession.findUniqueOrThrow({ where: { sessionId: claims.sessionId } });
    expect(closed).toMatchObject({ terminationReason: "idle", sessionDurationSeconds: 88 * 60 });
    // It ended when the idle limit ran out, not when someone came back to find it.
    expect(closed.logoutTime).toEqual(at(loginTime, 88));
    expect(closed.lastActivityTime).toEqual(at(loginTime, 58));
    expect((await checkSession({ claims, context: CONTEXT, now: at(loginTime, 89) })).ok).toBe(false);
  });

  it("close an expired session once when several requests find it expired at the same time", async () => {
    const { claims, loginTime } = await signedIn();
    const checks = await Promise.all(
      Array.from({ length: 6 }, () => checkSession({ claims, context: CONTEXT, now: at(loginTime, 45) })),
    );
    expect(checks.every((c) => !c.ok)).toBe(true);
    expect(await endedEntries(claims.sessionId)).toHaveLength(1);
  });
});

describe("whose session", () => {
  it("signs in the person and session the token names, and nobody for a token naming another's session or no valid id", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const check = await checkSession({ claims: a.claims, context: CONTEXT });
    expect(check).toMatchObject({ ok: true, user: { id: a.user.id, email: a.user.email, role: "employee", departmentName: "Engineering" } });
    expect(await checkSession({ claims: { ...a.claims, sessionId: b.claims.sessionId }, context: CONTEXT })).toEqual({ ok: false });
    expect(await checkSession({ claims: { ...a.claims, sessionId: "no-such-session" }, context: CONTEXT })).toEqual({ ok: false });
    expect(await checkSession({ claims: { ...a.claims, userId: "not-a-uuid" }, context: CONTEXT })).toEqual({ ok: false });
  });
});

describe("role change, suspension and password change", () => {
  it("end sessions on the next request", async () => {
    const { actor: admin } = await createUser({ role: "admin" });
    const request = { ...CONTEXT, method: "POST", path: "/admin/people" };

    const promoted = await signedIn("employee");
    expect((await checkSession({ claims: promoted.claims, context: CONTEXT })).ok).toBe(true);
    await changeRole({ actor: admin, request, userId: promoted.user.id, role: "manager" });
    expect(await checkSession({ claims: promoted.claims, context: CONTEXT })).toEqual({ ok: false, ended: "role_changed" });

    const suspended = await signedIn("employee");
    await suspendUser({ actor: admin, request, userId: suspended.user.id });
    expect((await checkSession({ claims: suspended.claims, context: CONTEXT })).ok).toBe(false);
    expect((await db.auditSession.findUniqueOrThrow({ where: { sessionId: suspended.claims.sessionId } })).terminationReason).toBe("suspended");

    const reset = await signedIn("employee");
    await db.user.update({ where: { id: reset.user.id }, data: { passwordHash: await hashPassword("A-New-Password-2026!") } });
    expect(await checkSession({ claims: reset.claims, context: CONTEXT })).toEqual({ ok: false, ended: "password_changed" });

    // A token from before this check existed (no password stamp) is not trusted either.
    const old = await signedIn("employee");
    expect((await checkSession({ claims: { ...old.claims, passwordStamp: undefined }, context: CONTEXT })).ok).toBe(false);

    for (const s of [promoted, suspended, reset]) {
      // And every later request too, with the sign-in's own claims.
      expect((await checkSession({ claims: s.claims, context: CONTEXT })).ok).toBe(false);
    }
  });
});

describe("Auth.js's own POST /api/auth/signout", () => {
  it("closes the audit session, so a copy of the cookie is refused afterwards", async () => {
    const { claims } = await signedIn();
    const base = "http://127.0.0.1:3000/api/auth";
    const csrf = await handlers.GET(new NextRequest(`${base}/csrf`));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.startsWith("authjs.csrf-token="))!.split(";")[0]!;
    const sessionCookie = await encode({
      token: { sub: claims.userId, uid: claims.userId, role: claims.role, sid: claims.sessionId, pws: claims.passwordStamp },
      secret: process.env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });

    const response = await handlers.POST(
      new NextRequest(`${base}/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${csrfCookie}; authjs.session-token=${sessionCookie}` },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in" }).toString(),
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token=;"))).toBe(true);

    const row = await db.auditSession.findUniqueOrThrow({ where: { sessionId: claims.sessionId } });
    expect(row.logoutTime).not.toBeNull();
    expect(row.terminationReason).toBe("user_signed_out");
    const [entry] = await endedEntries(claims.sessionId);
    expect(entry).toMatchObject({ actionType: "auth.signed_out", userId: claims.userId, requestPath: "/api/auth/signout" });
    expect((await checkSession({ claims, context: CONTEXT })).ok).toBe(false);
  });
});
