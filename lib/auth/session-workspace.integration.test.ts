// The sessions workspace's facts: flags judged at sign-in against the person's history,
// counters kept as the session works, and an administrator ending a session.
import { describe, expect, it, vi } from "vitest";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { actorFromUser } from "@/lib/audit/write/actor";
import { listAuditSessions } from "@/lib/audit/search/activity-logs";
import { db } from "@/lib/db";
import { createUser, uniqueTestIp } from "@/test/factories";
import { accountWithTestPassword, TEST_PASSWORD } from "@/test/sign-in";
import { endSessionAsAdmin } from "./end-session";
import { authenticate } from "./service";
import { countSessionUse, flushSessionUse, isPageView } from "./session-activity";
import { checkSession } from "./session-check";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function signIn(email: string, ip: string, userAgent = CHROME) {
  const result = await authenticate({ email, password: TEST_PASSWORD, context: { ip, userAgent, method: "POST", path: "/sign-in" } });
  const row = await db.auditSession.findUniqueOrThrow({ where: { sessionId: result.sessionId } });
  return { result, row };
}

describe("flags at sign-in", () => {
  it("a known address and device raise nothing new; a new address on a new device is suspicious, and so is a second address while the first session is open", async () => {
    const user = await accountWithTestPassword();
    const home = uniqueTestIp();
    const first = await signIn(user.email, home);
    expect(first.row.securityFlags).not.toEqual(expect.arrayContaining(["new_address"]));
    expect(first.row.securityFlags).not.toEqual(expect.arrayContaining(["new_device"]));

    // Same address, same browser after an update: nothing new. (The first is still open, but from this address.)
    const again = await signIn(user.email, home, CHROME.replace("Chrome/131", "Chrome/132"));
    expect(again.row.securityFlags).not.toEqual(expect.arrayContaining(["new_address"]));
    expect(again.row.securityFlags).not.toEqual(expect.arrayContaining(["new_device"]));
    expect(again.row.securityFlags).not.toEqual(expect.arrayContaining(["concurrent_addresses"]));

    const away = await signIn(user.email, uniqueTestIp(), FIREFOX);
    expect(away.row.securityFlags).toEqual(expect.arrayContaining(["new_address", "new_device", "concurrent_addresses"]));
    expect(away.row.isSuspicious).toBe(true);
    expect(away.row.riskScore).toBeGreaterThanOrEqual(75);
    // The sign-in's audit entry says so too.
    const entry = await db.auditLog.findFirstOrThrow({ where: { subjectUserId: user.id, actionType: "auth.login_succeeded" }, orderBy: [{ eventTimestamp: "desc" }, { id: "desc" }] });
    expect(entry.additionalData).toMatchObject({ suspicious: true, securityFlags: expect.arrayContaining(["new_address", "new_device"]) });
  });

  it("the suspicious filter narrows the list to flagged sessions, and to the others", async () => {
    const user = await accountWithTestPassword();
    await signIn(user.email, uniqueTestIp());
    await signIn(user.email, uniqueTestIp(), FIREFOX);
    const { ctx } = await createUser({ role: "auditor" });
    const flagged = await listAuditSessions({ ...ctx, user_id: user.id, suspicious: "true", limit: 50, order: "newest" });
    const calm = await listAuditSessions({ ...ctx, user_id: user.id, suspicious: "false", limit: 50, order: "newest" });
    expect(flagged.data.map((s) => s.browser)).toEqual(["Firefox 133 on Linux"]);
    expect(calm.data.map((s) => s.browser)).toEqual(["Chrome 131 on Windows 10"]);
  });
});

describe("counters kept as the session works", () => {
  it("page views and API calls gather and are written in one statement; changes move with their audit entries", async () => {
    const user = await accountWithTestPassword();
    const { result } = await signIn(user.email, uniqueTestIp());
    for (let i = 0; i < 3; i++) countSessionUse(result.sessionId, "page");
    countSessionUse(result.sessionId, "api");
    countSessionUse(result.sessionId, "api");
    await flushSessionUse();
    // Two changes and one failed attempt recorded in the session: two count.
    await auditedTransaction(async (_tx, audit) => {
      const base = { category: "time_attendance", actor: actorFromUser(user), context: { sessionId: result.sessionId }, object: { type: "fixture", name: "A fixture" } } as const;
      audit.record({ ...base, eventType: "create", actionType: "fixture.created", description: "Created a fixture" });
      audit.record({ ...base, eventType: "update", actionType: "fixture.updated", description: "Changed a fixture" });
      audit.record({ ...base, eventType: "update", actionType: "fixture.updated", description: "Tried to change a fixture", status: "failure" });
    });
    const row = await db.auditSession.findUniqueOrThrow({ where: { sessionId: result.sessionId } });
    expect(row).toMatchObject({ pageViews: 3, apiCalls: 2, dataModificationCount: 2 });
  });

  it("counts documents and navigations as page views, never prefetches, actions or API calls", () => {
    const h = (headers: Record<string, string>) => new Headers(headers);
    expect(isPageView(h({}), "/audit")).toBe(true);
    expect(isPageView(h({ rsc: "1" }), "/audit")).toBe(true);
    expect(isPageView(h({ "next-router-prefetch": "1" }), "/audit")).toBe(false);
    expect(isPageView(h({ "next-action": "abc" }), "/audit")).toBe(false);
    expect(isPageView(h({}), "/api/alerts")).toBe(false);
    expect(isPageView(h({}), undefined)).toBe(false);
  });
});

describe("an administrator ends a session", () => {
  it("closes it with the administrator on record; the person is signed out on their next request", async () => {
    const user = await accountWithTestPassword();
    const { result, row } = await signIn(user.email, uniqueTestIp());
    const claims = { userId: result.id, sessionId: result.sessionId, role: result.role, passwordStamp: result.passwordStamp };
    const context = { ip: "198.51.100.9", userAgent: "vitest", method: "GET", path: "/tasks" };
    expect((await checkSession({ claims, context })).ok).toBe(true);

    const admin = await createUser({ role: "admin", name: "Ayesha Admin" });
    await expect(endSessionAsAdmin({ ...admin.ctx, id: row.id })).resolves.toEqual({ id: row.id, ended: true });
    expect(await checkSession({ claims, context })).toEqual({ ok: false });
    const closed = await db.auditSession.findUniqueOrThrow({ where: { id: row.id } });
    expect(closed).toMatchObject({ terminationReason: "ended_by_admin", terminatedBy: admin.user.id });
    expect(closed.logoutTime).not.toBeNull();
    const entry = await db.auditLog.findFirstOrThrow({ where: { actionType: "auth.session_ended_by_admin", subjectUserId: user.id } });
    expect(entry).toMatchObject({ userId: admin.user.id, eventCategory: "security", objectType: "audit_session", objectId: row.id });
    expect(entry.actionDescription).toBe(`Ayesha Admin ended ${user.name}'s session after 0 min`);

    await expect(endSessionAsAdmin({ ...admin.ctx, id: row.id })).rejects.toMatchObject({ code: "conflict", message: "This session has already ended." });
    await expect(endSessionAsAdmin({ ...admin.ctx, id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses anyone but an administrator, on record, and leaves the session open", async () => {
    const user = await accountWithTestPassword();
    const { row } = await signIn(user.email, uniqueTestIp());
    for (const role of ["auditor", "manager", "employee"] as const) {
      const other = await createUser({ role });
      await expect(endSessionAsAdmin({ ...other.ctx, id: row.id })).rejects.toMatchObject({ code: "forbidden" });
      const denied = await db.auditLog.findFirstOrThrow({ where: { userId: other.user.id, eventType: "access_denied" } });
      expect(denied.actionDescription).toContain("Tried to end someone's sign-in session");
    }
    expect((await db.auditSession.findUniqueOrThrow({ where: { id: row.id } })).logoutTime).toBeNull();
  });

  it("does not end an API token's session (revoking the token does) or a refused sign-in", async () => {
    const admin = await createUser({ role: "admin" });
    const token = await db.auditSession.create({
      data: { sessionId: `token:${crypto.randomUUID()}`, userId: admin.user.id, userName: "x", userEmail: "x@acme.test", loginStatus: "success", authenticationMethod: "api_key" },
    });
    await expect(endSessionAsAdmin({ ...admin.ctx, id: token.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("revoke the token") });
    const refused = await db.auditSession.create({ data: { sessionId: `refused-${crypto.randomUUID()}`, userName: "x", userEmail: "x@acme.test", loginStatus: "failure", logoutTime: new Date() } });
    await expect(endSessionAsAdmin({ ...admin.ctx, id: refused.id })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("counters when the database refuses them", () => {
  it("keeps the counts for the next write, and drops them after five failed writes in a row", async () => {
    const user = await accountWithTestPassword();
    const { result } = await signIn(user.email, uniqueTestIp());
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const write = vi.spyOn(db, "$executeRaw").mockRejectedValue(new Error("database unavailable"));
    countSessionUse(result.sessionId, "page");
    await flushSessionUse();
    write.mockRestore();
    await flushSessionUse(); // the retried counts land
    expect((await db.auditSession.findUniqueOrThrow({ where: { sessionId: result.sessionId } })).pageViews).toBe(1);

    const failing = vi.spyOn(db, "$executeRaw").mockRejectedValue(new Error("database gone"));
    countSessionUse(result.sessionId, "page");
    for (let i = 0; i < 6; i++) await flushSessionUse();
    expect(errors.mock.calls.at(-1)?.[0]).toContain("dropping the counts of 1 session(s)");
    failing.mockRestore();
    await flushSessionUse(); // nothing left to write
    expect((await db.auditSession.findUniqueOrThrow({ where: { sessionId: result.sessionId } })).pageViews).toBe(1);
    errors.mockRestore();
  });
});
