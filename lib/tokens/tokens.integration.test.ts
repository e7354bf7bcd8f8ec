// Personal API tokens end to end: minted by the service, used through the route wrapper
// as `Authorization: Bearer`, limited by both the token's scopes and the owner's role.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { authenticateToken } from "./authenticate";
import { hashToken } from "./format";
import { createToken, revokeToken } from "./service";

const HOUR = 3_600_000;
const bearer = (token: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
type ErrorBody = { error: { code: string; message: string; details?: { missingScope?: string } } };

async function auditLogs(token: string, query = "") {
  const { GET } = await import("@/app/api/audit-logs/route");
  return GET(new Request(`http://127.0.0.1/api/audit-logs${query}`, bearer(token)));
}

describe("creating a token", () => {
  it("returns the secret once and stores only its SHA-256, with an audit entry that holds no secret", async () => {
    const owner = await createUser({ name: "Tariq Token" });
    const created = await createToken({ ...owner.ctx, name: "SIEM pull", scopes: ["audit:read", "audit:read"], expiresInDays: 30 });
    expect(created.token).toMatch(/^hrg_[0-9A-Za-z]{36}$/);
    expect(created.scopes).toEqual(["audit:read"]);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(Buffer.from(row.secretHash).equals(hashToken(created.token))).toBe(true);
    expect(JSON.stringify({ ...row, secretHash: null })).not.toContain(created.token.slice(8));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 24 * HOUR);
    const [entry] = await db.auditLog.findMany({ where: { objectId: created.id, actionType: "api_token.created" } });
    expect(entry).toMatchObject({ eventCategory: "security", userId: owner.user.id });
    expect(JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(created.token.slice(8));
  });

  it("refuses no scope, an unknown scope and an expiry past 365 days", async () => {
    const owner = await createUser();
    await expect(createToken({ ...owner.ctx, name: "x", scopes: [], expiresInDays: 30 })).rejects.toThrow("Choose at least one scope.");
    await expect(createToken({ ...owner.ctx, name: "x", scopes: ["root" as never], expiresInDays: 30 })).rejects.toThrow(/Scopes are some of/);
    await expect(createToken({ ...owner.ctx, name: "x", scopes: ["audit:read"], expiresInDays: 366 })).rejects.toThrow("at most 365 days");
    expect(await db.apiToken.count({ where: { userId: owner.user.id } })).toBe(0);
  });
});

describe("a bearer token through the route wrapper", () => {
  it("acts as its owner within the owner's reach: an employee's audit:read token reads the employee's own entries only", async () => {
    const employee = await createUser({ name: "Esha Employee" });
    const other = await createUser({ name: "Omar Other" });
    const mine = await createToken({ ...employee.ctx, name: "mine", scopes: ["audit:read"], expiresInDays: 1 });
    await createToken({ ...other.ctx, name: "theirs", scopes: ["audit:read"], expiresInDays: 1 });
    const res = await auditLogs(mine.token, "?limit=200");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ actor: { id: string | null }; subject: { id: string } | null }> };
    expect(body.data.length).toBeGreaterThan(0);
    for (const row of body.data) expect([row.actor.id, row.subject?.id]).toContain(employee.user.id);
  });

  it("needs the route's scope: audit:read cannot export (403 naming audit:export), and a cookie-only route refuses any token", async () => {
    const auditor = await createUser({ role: "auditor" });
    const { token } = await createToken({ ...auditor.ctx, name: "read only", scopes: ["audit:read"], expiresInDays: 1 });
    const { GET: exportRoute } = await import("@/app/api/audit-logs/export/route");
    const refused = await exportRoute(new Request("http://127.0.0.1/api/audit-logs/export?format=csv", bearer(token)));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope", scope="audit:export"');
    expect(((await refused.json()) as ErrorBody).error).toMatchObject({ code: "insufficient_scope", details: { missingScope: "audit:export" } });
    const { GET: tokensRoute } = await import("@/app/api/tokens/route");
    const cookieOnly = await tokensRoute(new Request("http://127.0.0.1/api/tokens", bearer(token)));
    expect(cookieOnly.status).toBe(403);
    expect(((await cookieOnly.json()) as ErrorBody).error.code).toBe("forbidden");
  });

  it("never reaches past the owner's role: an employee's audit:read token is refused the auditors' route", async () => {
    const employee = await createUser();
    const { token } = await createToken({ ...employee.ctx, name: "t", scopes: ["audit:read"], expiresInDays: 1 });
    const { GET } = await import("@/app/api/audit-alerts/route");
    const res = await GET(new Request("http://127.0.0.1/api/audit-alerts", bearer(token)));
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe("forbidden");
  });

  it("cannot resolve someone else's alert with a manager's alerts:write token", async () => {
    const manager = await createUser({ role: "manager", name: "Token Manager" });
    const member = await createUser({ managerId: manager.user.id, name: "Token Member" });
    await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(Date.now() - 13 * HOUR) } });
    await (await import("@/lib/alerts/run")).runScan("missing_checkout");
    const alert = await db.alert.findFirstOrThrow({ where: { recipientUserId: manager.user.id, subjectUserId: member.user.id } });
    const stranger = await createUser({ role: "manager" });
    const { token } = await createToken({ ...stranger.ctx, name: "w", scopes: ["alerts:write"], expiresInDays: 1 });
    const { POST } = await import("@/app/api/alerts/[id]/resolve/route");
    const res = await POST(new Request(`http://127.0.0.1/api/alerts/${alert.id}/resolve`, bearer(token, { method: "POST" })), { params: Promise.resolve({ id: alert.id }) });
    expect(res.status).toBe(404);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("OPEN");
  });

  it("answers 401 with WWW-Authenticate for a malformed, revoked or expired token, and for a suspended owner's, on the next request", async () => {
    const owner = await createUser();
    const created = await createToken({ ...owner.ctx, name: "t", scopes: ["audit:read"], expiresInDays: 1 });
    expect((await auditLogs(created.token)).status).toBe(200);
    const invalid = async (token: string) => {
      const res = await auditLogs(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect(((await res.json()) as ErrorBody).error.code).toBe("invalid_token");
    };
    await invalid(`${created.token.slice(0, -1)}${created.token.endsWith("A") ? "B" : "A"}`);
    await invalid("");

    const expired = await createToken({ ...owner.ctx, name: "old", scopes: ["audit:read"], expiresInDays: 1 }, new Date(Date.now() - 2 * 24 * HOUR));
    await invalid(expired.token);

    expect(await revokeToken({ ...owner.ctx, id: created.id })).toEqual({ revoked: true });
    await invalid(created.token);
    expect(await revokeToken({ ...owner.ctx, id: created.id })).toEqual({ revoked: false });

    const live = await createToken({ ...owner.ctx, name: "live", scopes: ["audit:read"], expiresInDays: 1 });
    await db.user.update({ where: { id: owner.user.id }, data: { status: "suspended" } });
    await invalid(live.token);
  });
});

describe("revoking and watching tokens", () => {
  it("lets only the owner (or an admin) revoke, audits it, and audits a first use from another address", async () => {
    const owner = await createUser({ name: "Rida Revoker" });
    const created = await createToken({ ...owner.ctx, name: "ci", scopes: ["alerts:read"], expiresInDays: 7 });
    const stranger = await createUser();
    await expect(revokeToken({ ...stranger.ctx, id: created.id })).rejects.toMatchObject({ code: "not_found" });

    const first = await authenticateToken(created.token, { ...REQUEST, ip: "198.51.100.4" });
    expect(first).toMatchObject({ tokenId: created.id, scopes: ["alerts:read"], user: { id: owner.user.id, sessionId: `token:${created.id}` } });
    await authenticateToken(created.token, { ...REQUEST, ip: "198.51.100.4" });
    await authenticateToken(created.token, { ...REQUEST, ip: "198.51.100.9" });
    const uses = await db.auditLog.findMany({ where: { objectId: created.id, actionType: "api_token.used_from_new_address" }, orderBy: { eventTimestamp: "asc" } });
    expect(uses.map((u) => u.ipAddress)).toEqual(["198.51.100.4", "198.51.100.9"]);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedIp).toBe("198.51.100.9");

    const admin = await createUser({ role: "admin" });
    expect(await revokeToken({ ...admin.ctx, id: created.id })).toEqual({ revoked: true });
    const [revoked] = await db.auditLog.findMany({ where: { objectId: created.id, actionType: "api_token.revoked" } });
    expect(revoked).toMatchObject({ eventCategory: "security", userId: admin.user.id, subjectUserId: owner.user.id });
    expect(revoked!.actionDescription).toContain("Rida Revoker's API token");
  });

  it("shows a used token as an api_key session in its owner's GET /api/audit-sessions, closed when it is revoked", async () => {
    const owner = await createUser({ name: "Sana Sessions" });
    const created = await createToken({ ...owner.ctx, name: "nightly pull", scopes: ["audit:read"], expiresInDays: 7 });
    const { GET: sessions } = await import("@/app/api/audit-sessions/route");
    type SessionRow = { sessionRef: string; authenticationMethod: string; ip: string; browser: string; logoutTime: string | null; terminationReason: string; terminatedBy: { name: string } | null };
    const list = async () => {
      const res = await sessions(new Request("http://127.0.0.1/api/audit-sessions", bearer(created.token, { headers: { "user-agent": "curl/8.5.0" } })));
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: SessionRow[] }).data.filter((s) => s.authenticationMethod === "api_key");
    };
    const open = await list();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ device: "script", browser: "curl 8.5 (script)", logoutTime: null });
    await list(); // a second use opens no second session
    expect(await db.auditSession.count({ where: { userId: owner.user.id, authenticationMethod: "api_key" } })).toBe(1);

    await revokeToken({ ...owner.ctx, id: created.id });
    const [closed] = await db.auditSession.findMany({ where: { userId: owner.user.id, authenticationMethod: "api_key" } });
    expect(closed).toMatchObject({ terminationReason: "api_token_revoked", terminatedBy: owner.user.id });
    expect(closed!.logoutTime).not.toBeNull();
    expect(closed!.sessionDurationSeconds).toBeGreaterThanOrEqual(0);
  });
});
