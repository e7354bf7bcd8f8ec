// The action client end to end: real actions, the real audit log, and request headers
// stamped by a real server on loopback (as instrumentation.ts does in the app). Only the
// session lookup, Next's request headers and the cache are stood in for.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { installRequestStamp } from "@/lib/auth/request-stamp";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";

const current = vi.hoisted(() => ({ user: null as CurrentUser | null | Error, headers: new Headers() }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => {
    if (current.user instanceof Error) throw current.user;
    return current.user;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => current.headers, cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { checkInAction, checkOutAction } = await import("@/lib/attendance/actions");
const { verifyAuditAction } = await import("@/lib/audit/integrity/actions");
const { actionErrorMessage, actionPath } = await import("@/lib/safe-action");

let server: http.Server;
let port: number;
let seen = new Headers();

beforeAll(async () => {
  installRequestStamp();
  server = http.createServer((req, res) => {
    seen = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") seen.set(name, value);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(() => vi.restoreAllMocks());

/** The headers the app sees for a server action posted from `page` (a POST to the page's URL). */
async function postedFrom(page: string, headers: Record<string, string> = {}): Promise<Headers> {
  await fetch(`http://127.0.0.1:${port}${page}`, { method: "POST", headers: { "next-action": "0123abcd", "user-agent": "vitest-browser", ...headers }, body: "[]" });
  return seen;
}

async function signedIn(role: "employee" | "auditor") {
  const person = await createUser({ role });
  current.user = { ...person.actor, title: null, managerId: null, sessionId: `session-${person.user.id}` };
  return person;
}

describe("the action client's context", () => {
  it("records the page the action was posted from, with the request's facts, not a made-up path", async () => {
    const person = await signedIn("employee");
    current.headers = await postedFrom("/attendance?tab=today");
    expect(await checkInAction({})).toEqual({});
    const entry = await db.auditLog.findFirstOrThrow({ where: { userId: person.user.id, actionType: "attendance_session.checked_in" } });
    expect(entry).toMatchObject({ requestPath: "/attendance", requestMethod: "POST", ipAddress: "127.0.0.1", userAgent: "vitest-browser", sessionId: sessionRef(`session-${person.user.id}`), userName: person.actor.name });
  });

  it("names the action where the request carries no path the server stamped", async () => {
    const person = await signedIn("employee");
    current.headers = await postedFrom("/attendance");
    await checkInAction({});
    current.headers = new Headers({ "user-agent": "vitest-browser" });
    await checkOutAction({});
    const entry = await db.auditLog.findFirstOrThrow({ where: { userId: person.user.id, actionType: "attendance_session.checked_out" } });
    expect(entry.requestPath).toBe("server action checkOut");
    expect(actionPath(await postedFrom("/tasks", { "x-action-forwarded": "1" }), "startTask")).toBe("server action startTask");
  });
});

describe("the action client's errors", () => {
  it("records a refused action as one access_denied entry and shows the refusal", async () => {
    const person = await signedIn("employee");
    current.headers = await postedFrom("/audit");
    expect(await verifyAuditAction({})).toEqual({ serverError: "You are not allowed to verify the audit log." });
    const denied = await db.auditLog.findMany({ where: { userId: person.user.id, eventType: "access_denied" } });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actionType: "access.denied", requestPath: "/audit", objectName: "/audit", errorMessage: "You are not allowed to verify the audit log." });
  });

  it("records nothing for a request with no session, and asks the person to sign in", async () => {
    current.user = null;
    current.headers = await postedFrom("/audit");
    const before = await db.auditLog.count({ where: { eventType: "access_denied" } });
    expect(await verifyAuditAction({})).toEqual({ serverError: "Your session has ended. Please sign in again." });
    expect(await db.auditLog.count({ where: { eventType: "access_denied" } })).toBe(before);
  });

  it("logs an unexpected error under an id and shows only a message naming that id", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    current.user = new Error("connect ECONNREFUSED postgres://app:secret@db");
    const result = await verifyAuditAction({});
    const errorId = /^Something went wrong \(error ([0-9a-f-]{36})\)\. Nothing was changed/.exec(result.serverError ?? "")?.[1];
    expect(errorId).toBeDefined();
    expect(result.serverError).not.toContain("secret");
    expect(logged).toHaveBeenCalledWith(`[action] unexpected error ${errorId}`, current.user);
  });

  it("passes an expected failure's message through and logs nothing (the pure piece)", async () => {
    const log = vi.fn();
    const { ServiceError } = await import("@/lib/errors");
    expect(await actionErrorMessage(new ServiceError("That alert was not found.", "not_found"), undefined, log)).toBe("That alert was not found.");
    expect(log).not.toHaveBeenCalled();
  });
});
