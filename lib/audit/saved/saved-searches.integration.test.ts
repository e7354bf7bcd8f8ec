// Saved audit searches through the service and the JSON API (bearer tokens with the
// audit:read scope, as scripts use it): who sees which (private, shared with auditors,
// pinned for everyone), who may change which, the parser's word on a bad query, a
// duplicate name, and an audit entry in words for every change.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/test/factories";
import { getSavedSearch, listSavedSearches } from "./queries";
import { createSavedSearch, deleteSavedSearch, updateSavedSearch } from "./service";

type Person = Awaited<ReturnType<typeof createUser>>;
type ErrorBody = { error: { code: string; message: string; details?: { position?: number; term?: string } } };
type Saved = { id: string; name: string; q: string; columns: string[]; view: string; visibility: string; shared: boolean; pinned: boolean; pinnedBy: string | null; owner: { id: string; name: string }; mine: boolean };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CODE = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+\b/;

async function tokenOf(p: Person, scopes: Array<"audit:read" | "alerts:read"> = ["audit:read"]) {
  return (await createToken({ ...p.ctx, name: "saved searches", scopes, expiresInDays: 1 })).token;
}

async function call(token: string, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const request = new Request(`http://127.0.0.1${path}`, init);
  const id = /^\/api\/saved-searches\/([^/?]+)/.exec(path)?.[1];
  if (id) {
    const route = await import("@/app/api/saved-searches/[id]/route");
    return (method === "PATCH" ? route.PATCH : route.DELETE)(request, { params: Promise.resolve({ id }) });
  }
  const route = await import("@/app/api/saved-searches/route");
  return (method === "POST" ? route.POST : route.GET)(request);
}

async function listed(token: string): Promise<Saved[]> {
  const res = await call(token, "GET", "/api/saved-searches");
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Saved[] }).data;
}

async function people() {
  const admin = await createUser({ role: "admin", name: "Ada Admin" });
  const auditor = await createUser({ role: "auditor", name: "Aud Itor" });
  const other = await createUser({ role: "auditor", name: "Otto Auditor" });
  const manager = await createUser({ role: "manager", name: "Mona Manager" });
  const employee = await createUser({ role: "employee", name: "Emil Employee", managerId: manager.user.id });
  return { admin, auditor, other, manager, employee };
}

describe("who sees which saved search", () => {
  it("keeps a private one to its owner, shows a shared one to every auditor (with the owner's name), and a pinned one to everyone, first", async () => {
    const { admin, auditor, other, manager, employee } = await people();
    const [tAuditor, tOther, tManager, tEmployee] = await Promise.all([tokenOf(auditor), tokenOf(other), tokenOf(manager), tokenOf(employee)]);

    const privateRes = await call(tAuditor, "POST", "/api/saved-searches", { name: "My night shift", q: "hours:off risk:>=high" });
    expect(privateRes.status).toBe(201);
    const mine = ((await privateRes.json()) as { data: Saved }).data;
    expect(privateRes.headers.get("location")).toBe(`/api/saved-searches/${mine.id}`);
    expect(mine).toMatchObject({ name: "My night shift", q: "hours:off risk:>=high", view: "results", visibility: "private", mine: true, columns: ["time", "actor", "action", "description", "risk", "status"] });

    const sharedRes = await call(tAuditor, "POST", "/api/saved-searches", { name: "Exports", q: "type:export", columns: ["status", "entity", "entity"], view: "insights", shared: true });
    expect(sharedRes.status).toBe(201);
    const shared = ((await sharedRes.json()) as { data: Saved }).data;
    expect(shared).toMatchObject({ visibility: "shared", view: "insights", columns: ["time", "action", "entity", "status"] });

    const pinned = await createSavedSearch({ ...admin.ctx, name: "Privilege changes outside working hours", q: "action:user.role_changed,user.activated hours:off", pinned: true });

    // The owner: all three, the pinned one first.
    expect((await listed(tAuditor)).map((s) => s.name)).toEqual(["Privilege changes outside working hours", "Exports", "My night shift"]);
    // Another auditor: the shared one (named as the owner's) and the pinned one, never the private one.
    const seenByOther = await listed(tOther);
    expect(seenByOther.map((s) => s.name)).toEqual(["Privilege changes outside working hours", "Exports"]);
    expect(seenByOther[1]).toMatchObject({ owner: { id: auditor.user.id, name: "Aud Itor" }, mine: false });
    expect(seenByOther[0]).toMatchObject({ visibility: "pinned", pinnedBy: "Ada Admin", owner: { name: "Ada Admin" } });
    expect(await getSavedSearch(other.user, mine.id)).toBeNull();
    // Everyone who may open the audit log sees the pinned one, and only it.
    for (const t of [tManager, tEmployee]) expect((await listed(t)).map((s) => s.id)).toEqual([pinned.id]);
    expect((await listSavedSearches(admin.user)).map((s) => s.name)).toEqual(["Privilege changes outside working hours", "Exports"]);
  });

  it("applies a pinned search within each person's own reach: an employee's results are their own entries", async () => {
    const { admin, employee, other } = await people();
    const pinned = await createSavedSearch({ ...admin.ctx, name: "Everything created", q: "type:create", pinned: true });
    // Creations by the employee (their token) and by someone else (a saved search).
    const tEmployee = await tokenOf(employee);
    await createSavedSearch({ ...other.ctx, name: "Someone else's", q: "" });
    const seen = (await listed(tEmployee)).find((s) => s.id === pinned.id)!;
    const { GET } = await import("@/app/api/audit-logs/route");
    const res = await GET(new Request(`http://127.0.0.1/api/audit-logs?q=${encodeURIComponent(seen.q)}&limit=200`, { headers: { authorization: `Bearer ${tEmployee}` } }));
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { data: Array<{ actor: { id: string | null }; subject: { id: string } | null; eventType: string }> }).data;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.eventType).toBe("create");
      expect([row.actor.id, row.subject?.id]).toContain(employee.user.id);
    }
    // The same search over the whole log, as the admin who pinned it, finds the other's too.
    const all = await GET(new Request(`http://127.0.0.1/api/audit-logs?q=${encodeURIComponent(seen.q)}&limit=200`, { headers: { authorization: `Bearer ${await tokenOf(admin)}` } }));
    const everyone = ((await all.json()) as { data: Array<{ actor: { id: string | null } }> }).data;
    expect(everyone.some((row) => row.actor.id === other.user.id)).toBe(true);
  });
});

describe("who may change which", () => {
  it("lets only admins pin (403 otherwise, on record), only the owner change or delete, and hides others' private ones (404)", async () => {
    const { admin, auditor, other, employee } = await people();
    const [tAuditor, tOther, tEmployee, tAdmin] = await Promise.all([tokenOf(auditor), tokenOf(other), tokenOf(employee), tokenOf(admin)]);
    const priv = await createSavedSearch({ ...auditor.ctx, name: "Private one", q: "risk:critical" });
    const shared = await createSavedSearch({ ...auditor.ctx, name: "Shared one", q: "status:failure", shared: true });

    // Pinning: refused to an auditor (their own too) and to an employee creating one.
    const refusedPin = await call(tAuditor, "PATCH", `/api/saved-searches/${shared.id}`, { pinned: true });
    expect(refusedPin.status).toBe(403);
    expect(((await refusedPin.json()) as ErrorBody).error).toMatchObject({ code: "forbidden", message: "Only admins can pin a search for everyone." });
    const employeePin = await call(tEmployee, "POST", "/api/saved-searches", { name: "Mine", pinned: true });
    expect(employeePin.status).toBe(403);
    // Sharing needs the whole log.
    const employeeShare = await call(tEmployee, "POST", "/api/saved-searches", { name: "Mine", shared: true });
    expect(employeeShare.status).toBe(403);
    expect(((await employeeShare.json()) as ErrorBody).error.message).toMatch(/whole audit log can share/);
    expect(await db.savedSearch.count({ where: { ownerId: employee.user.id } })).toBe(0);
    const refusals = await db.auditLog.findMany({ where: { userId: { in: [auditor.user.id, employee.user.id] }, eventType: "access_denied" } });
    expect(refusals.length).toBeGreaterThanOrEqual(3);

    // Someone else's private search: 404 to every verb, as if it did not exist.
    for (const [method, body] of [["PATCH", { name: "Taken" }], ["PATCH", { pinned: true }], ["DELETE", undefined]] as const) {
      const res = await call(method === "PATCH" && "pinned" in (body ?? {}) ? tAdmin : tOther, method, `/api/saved-searches/${priv.id}`, body);
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
    }
    // Someone else's shared search: seen, but not theirs to rename or delete.
    expect((await call(tOther, "PATCH", `/api/saved-searches/${shared.id}`, { name: "Mine now" })).status).toBe(403);
    expect((await call(tOther, "DELETE", `/api/saved-searches/${shared.id}`)).status).toBe(403);
    expect((await call(tAdmin, "PATCH", `/api/saved-searches/${shared.id}`, { q: "risk:low" })).status).toBe(403);

    // An admin pins the auditor's shared search; everyone now sees it; the admin unpins it.
    const pinnedRes = await call(tAdmin, "PATCH", `/api/saved-searches/${shared.id}`, { pinned: true });
    expect(pinnedRes.status).toBe(200);
    expect(((await pinnedRes.json()) as { data: Saved }).data).toMatchObject({ visibility: "pinned", pinnedBy: "Ada Admin", owner: { name: "Aud Itor" }, mine: false });
    const ours = async (t: string) => (await listed(t)).filter((s) => s.id === shared.id || s.id === priv.id).map((s) => s.name);
    expect(await ours(tEmployee)).toEqual(["Shared one"]);
    expect(await updateSavedSearch({ ...admin.ctx, id: shared.id, pinned: false })).toEqual({ changed: true });
    expect(await ours(tEmployee)).toEqual([]);
    // Changing nothing changes nothing, and records nothing.
    expect(await updateSavedSearch({ ...auditor.ctx, id: shared.id, name: "Shared one", shared: true })).toEqual({ changed: false });

    // The owner renames, unshares and deletes.
    const renamed = await call(tAuditor, "PATCH", `/api/saved-searches/${shared.id}`, { name: "Failures", shared: false, view: "insights" });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { data: Saved }).data).toMatchObject({ name: "Failures", visibility: "private", view: "insights" });
    expect((await call(tAuditor, "DELETE", `/api/saved-searches/${shared.id}`)).status).toBe(204);
    expect((await call(tAuditor, "DELETE", `/api/saved-searches/${shared.id}`)).status).toBe(404);
  });

  it("needs the audit:read scope on a token", async () => {
    const { auditor } = await people();
    const res = await call(await tokenOf(auditor, ["alerts:read"]), "GET", "/api/saved-searches");
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: "insufficient_scope" });
  });
});

describe("what a saved search may be", () => {
  it("refuses a duplicate name (409, on create and on rename), an invalid query (400 with the parser's reason and position) and bad fields (400)", async () => {
    const { auditor, other } = await people();
    const t = await tokenOf(auditor);
    expect((await call(t, "POST", "/api/saved-searches", { name: "Night", q: "hours:off" })).status).toBe(201);
    const dup = await call(t, "POST", "/api/saved-searches", { name: "  Night ", q: "risk:high" });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as ErrorBody).error).toMatchObject({ code: "conflict", message: 'You already have a saved search named "Night". Choose another name.' });
    // The same name is someone else's to use.
    await expect(createSavedSearch({ ...other.ctx, name: "Night" })).resolves.toMatchObject({ name: "Night" });
    const day = await createSavedSearch({ ...auditor.ctx, name: "Day", q: "hours:working" });
    const clash = await call(t, "PATCH", `/api/saved-searches/${day.id}`, { name: "Night" });
    expect(clash.status).toBe(409);

    const bad = await call(t, "POST", "/api/saved-searches", { name: "Broken", q: "action:user.* bogus:1" });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: "invalid_query", details: { position: 14, term: "bogus:1" } });
    expect(body.error.message).toMatch(/^Unknown key "bogus"/);
    expect((await call(t, "PATCH", `/api/saved-searches/${day.id}`, { q: "hours:sometimes" })).status).toBe(400);
    await expect(updateSavedSearch({ ...auditor.ctx, id: day.id, q: 'actor:"unterminated' })).rejects.toMatchObject({ name: "SearchQueryError" });

    for (const wrong of [{ name: "" }, { name: "x".repeat(121) }, { name: "ok", extra: 1 }, { name: "ok", columns: ["salary"] }, { name: "ok", view: "charts" }, { name: "ok", shared: "yes" }]) {
      const res = await call(t, "POST", "/api/saved-searches", wrong);
      expect(res.status, JSON.stringify(wrong)).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe("invalid_input");
    }
    expect(await db.savedSearch.count({ where: { ownerId: auditor.user.id } })).toBe(2);
    // The table holds the name rule too.
    await expect(db.savedSearch.updateMany({ where: { id: day.id }, data: { name: "   " } })).rejects.toThrow();
  });
});

describe("the audit trail of saved searches", () => {
  it("records every create, rename, change, share, pin and delete in words, category compliance, about the owner", async () => {
    const { admin, auditor } = await people();
    const created = await createSavedSearch({ ...auditor.ctx, name: "Late exports", q: "type:export hours:off" });
    await updateSavedSearch({ ...auditor.ctx, id: created.id, name: "Exports after hours" });
    await updateSavedSearch({ ...auditor.ctx, id: created.id, q: "type:export hours:off risk:>=medium", columns: ["actor", "subject"] });
    await updateSavedSearch({ ...auditor.ctx, id: created.id, shared: true });
    await updateSavedSearch({ ...admin.ctx, id: created.id, pinned: true });
    await updateSavedSearch({ ...admin.ctx, id: created.id, pinned: false });
    await updateSavedSearch({ ...auditor.ctx, id: created.id, shared: false });
    await deleteSavedSearch({ ...auditor.ctx, id: created.id });
    expect(await db.savedSearch.count({ where: { id: created.id } })).toBe(0);

    const entries = await db.auditLog.findMany({ where: { objectId: created.id }, orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
    expect(entries.map((e) => [e.actionType, e.actionDescription])).toEqual([
      ["saved_search.created", 'Aud Itor saved the audit search "Late exports" (private)'],
      ["saved_search.renamed", 'Aud Itor renamed their saved search "Late exports" to "Exports after hours"'],
      ["saved_search.changed", 'Aud Itor changed the search, the columns of their saved search "Exports after hours"'],
      ["saved_search.shared", 'Aud Itor shared their saved search "Exports after hours" with auditors'],
      ["saved_search.pinned", `Ada Admin pinned Aud Itor's saved search "Exports after hours" for everyone who opens the audit log`],
      ["saved_search.unpinned", `Ada Admin unpinned Aud Itor's saved search "Exports after hours"`],
      ["saved_search.unshared", 'Aud Itor stopped sharing their saved search "Exports after hours" with auditors'],
      ["saved_search.deleted", 'Aud Itor deleted their saved search "Exports after hours" (private)'],
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({ eventCategory: "compliance", subjectUserId: auditor.user.id, objectType: "saved_search" });
      expect(e.actionDescription).not.toMatch(UUID);
      expect(e.actionDescription.replace(/"[^"]*"/g, "")).not.toMatch(CODE);
      expect(e.objectName).toMatch(/^Saved search "/);
    }
    expect(entries[0]!.newValues).toMatchObject({ name: "Late exports", query: "type:export hours:off", view: "Results", visibility: "private", columns: ["Time (PKT)", "Actor", "Action", "Description", "Risk", "Status"] });
    expect(entries[2]!.newValues).toMatchObject({ columns: ["Time (PKT)", "Actor", "Action", "About"] });
    expect(entries.filter((e) => e.userId === admin.user.id).map((e) => e.riskLevel)).toEqual(["medium", "medium"]);
  });
});
