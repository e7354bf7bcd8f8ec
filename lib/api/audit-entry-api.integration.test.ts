// GET /api/audit-logs/{id} and /api/audit-logs/actors end to end on real PostgreSQL,
// with masking on read: the session lookup is replaced by the person under test and
// nothing else.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { MASK } from "@/lib/audit/write/rules";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { GET as entryRoute } from "@/app/api/audit-logs/[id]/route";
import { GET as actorsRoute } from "@/app/api/audit-logs/actors/route";
import { GET as searchRoute } from "@/app/api/audit-logs/search/route";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
let manager: Person, employee: Person, peer: Person, outsider: Person, auditor: Person, hr: Person;
let sensitiveId: string, plainId: string, outsiderId: string;

function signIn(p: Person | null) {
  session.user = p ? { ...p.actor, title: null, managerId: p.user.managerId, sessionId: `session-${p.user.id}` } : null;
}

async function getEntry(id: string) {
  const res = await entryRoute(new Request(`http://localhost/api/audit-logs/${id}`, { headers: { "user-agent": "vitest" } }), { params: Promise.resolve({ id }) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function get(route: (r: Request) => Promise<Response>, path: string) {
  const res = await route(new Request(`http://localhost${path}`, { headers: { "user-agent": "vitest" } }));
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  manager = await createUser({ role: "manager", name: "Maryam Manager" });
  employee = await createUser({ role: "employee", name: "Ayesha Khan", managerId: manager.user.id, department: "Finance" });
  peer = await createUser({ role: "employee", name: "Bilal Peer", managerId: manager.user.id });
  outsider = await createUser({ role: "employee", name: "Omar Outsider" });
  auditor = await createUser({ role: "auditor", name: "Aud Itor" });
  hr = await createUser({ role: "hr_operations", name: "Hina HR" });
  const object = { type: "user", id: employee.user.id, name: "Ayesha Khan" };
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "update", category: "user_management", actionType: "user.compensation_changed", description: "Promotion with a raise",
      actor: actorFromUser(hr.actor), object, subjectUserId: employee.user.id,
      before: { title: "Developer", baseSalary: 100_000 }, after: { title: "Senior developer", baseSalary: 150_000 },
      additionalData: { reason: "Annual review" },
    });
  });
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "update", category: "user_management", actionType: "user.updated", description: "Desk moved",
      actor: actorFromUser(hr.actor), object, subjectUserId: employee.user.id, before: { desk: "A1" }, after: { desk: "B2" },
    });
  });
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "update", category: "user_management", actionType: "user.updated", description: "Outsider desk",
      actor: actorFromUser(outsider.actor), object: { type: "user", id: outsider.user.id, name: "Omar Outsider" }, subjectUserId: outsider.user.id,
      before: { desk: "C1" }, after: { desk: "C2" },
    });
  });
  const id = (actionType: string, objectId: string) => db.auditLog.findFirstOrThrow({ where: { actionType, objectId } }).then((r) => r.id);
  sensitiveId = await id("user.compensation_changed", employee.user.id);
  plainId = await id("user.updated", employee.user.id);
  outsiderId = await id("user.updated", outsider.user.id);
});

describe("GET /api/audit-logs/{id}", () => {
  it("shows an auditor a sensitive entry as stored (writer-masked salary only), with the page's labels and the record history", async () => {
    signIn(auditor);
    const r = await getEntry(sensitiveId);
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    expect(r.body.data).toMatchObject({
      id: sensitiveId, action: "user.compensation_changed", sensitive: true, masked: false,
      oldValues: { title: "Developer", baseSalary: MASK }, newValues: { title: "Senior developer", baseSalary: MASK },
      additionalData: { reason: "Annual review" }, actor: { name: "Hina HR" }, subject: { id: employee.user.id, name: "Ayesha Khan" },
      chain: { contentMatches: true, position: expect.stringMatching(/^\d+$/) },
    });
    expect(r.body.data.at).toMatch(/Z$/);
    const sections = r.body.sections as Array<{ title: string; fields: Array<{ key: string; label: string; text: string }> }>;
    expect(sections.map((s) => s.title)).toEqual(["Event", "Actor (as recorded)", "Request", "Outcome and flags", "Retention and integrity", "Additional data"]);
    const field = (key: string) => sections.flatMap((s) => s.fields).find((f) => f.key === key);
    expect(field("at")?.label).toBe("Time (PKT)");
    expect(field("actorRole")).toMatchObject({ label: "Role", text: "HR Operations" });
    expect(field("about")).toMatchObject({ label: "About", text: "Ayesha Khan" });
    expect(field("contentHash")?.text).toBe("✓ Matches the stored entry");
    expect(field("additionalData.reason")).toMatchObject({ label: "Reason", text: "Annual review" });
    expect(field("recordReference")?.text).toBe("(linked record)");
    expect(r.body.history.steps.map((s: { entry: { id: string } }) => s.entry.id)).toEqual([sensitiveId, plainId]);
    expect(r.body.history.steps[1].state).toEqual({ title: "Senior developer", baseSalary: MASK, desk: "B2" });
  });

  it("masks a direct report's sensitive entry for their manager, keys kept, and leaves the plain entries of the record readable", async () => {
    signIn(manager);
    const r = await getEntry(sensitiveId);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      sensitive: true, masked: true,
      oldValues: { title: MASK, baseSalary: MASK }, newValues: { title: MASK, baseSalary: MASK }, additionalData: { reason: MASK },
      changedFields: ["baseSalary", "title"],
    });
    expect(JSON.stringify(r.body)).not.toMatch(/Developer|Senior developer|Annual review/);
    const sensitive = r.body.sections.flatMap((s: { fields: Array<{ key: string; text: string }> }) => s.fields).find((f: { key: string }) => f.key === "sensitive");
    expect(sensitive.text).toBe("Yes (values are masked for you)");
    const [first, second] = r.body.history.steps;
    expect(first.entry).toMatchObject({ id: sensitiveId, masked: true, newValues: { title: MASK } });
    expect(second.entry).toMatchObject({ id: plainId, masked: false, newValues: { desk: "B2" } });
    expect(second.state).toEqual({ title: MASK, baseSalary: MASK, desk: "B2" });
  });

  it("masks the viewer's own sensitive entries too: the employee it is about, and the HR actor who made it (no audit:view_sensitive)", async () => {
    for (const who of [employee, hr]) {
      signIn(who);
      const r = await getEntry(sensitiveId);
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ masked: true, newValues: { title: MASK } });
    }
    signIn(employee);
    expect((await getEntry(plainId)).body.data).toMatchObject({ masked: false, newValues: { desk: "B2" } });
  });

  it("answers an entry outside the viewer's scope with 404 and the one error body, like one that does not exist", async () => {
    for (const who of [employee, manager, peer]) {
      signIn(who);
      const r = await getEntry(outsiderId);
      expect(r).toMatchObject({ status: 404, body: { error: { code: "not_found", message: expect.any(String) } } });
      expect(Object.keys(r.body)).toEqual(["error"]);
    }
    signIn(peer);
    expect((await getEntry(sensitiveId)).status).toBe(404);
    signIn(auditor);
    const missing = await getEntry("0190a0a0-0000-7000-8000-000000000099");
    expect(missing.body).toEqual((await (async () => { signIn(employee); return getEntry(outsiderId); })()).body);
  });

  it("answers a malformed id with 400 and signed-out callers with 401", async () => {
    signIn(auditor);
    const bad = await getEntry("not-a-uuid");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input", details: { issues: [{ field: "id" }] } } } });
    signIn(null);
    expect((await getEntry(sensitiveId)).status).toBe(401);
  });

  it("writes one data-access row per opened entry, marked as an API read", async () => {
    signIn(manager);
    const where = { userId: manager.user.id, dataType: "audit_log_entry", auditLogId: plainId };
    const before = await db.dataAccessLog.count({ where });
    await getEntry(plainId);
    const rows = await db.dataAccessLog.findMany({ where, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ accessMethod: "api", accessType: "view" });
    const refused = await db.dataAccessLog.count({ where: { userId: manager.user.id, auditLogId: outsiderId } });
    await getEntry(outsiderId);
    expect(await db.dataAccessLog.count({ where: { userId: manager.user.id, auditLogId: outsiderId } })).toBe(refused);
  });

  it("flags list rows the viewer will read masked", async () => {
    const q = encodeURIComponent("entity:user");
    signIn(manager);
    const mine = await get(searchRoute, `/api/audit-logs/search?q=${q}`);
    const flag = (rows: Array<{ id: string; masked: boolean }>) => Object.fromEntries(rows.map((r) => [r.id, r.masked]));
    expect(flag(mine.body.data)).toEqual({ [sensitiveId]: true, [plainId]: false });
    signIn(auditor);
    const all = flag((await get(searchRoute, `/api/audit-logs/search?q=${q}`)).body.data);
    expect([all[sensitiveId], all[plainId], all[outsiderId]]).toEqual([false, false, false]);
  });
});

describe("GET /api/audit-logs/actors", () => {
  type Suggestion = { id: string; name: string; email: string; role: string; roleLabel: string; department: string };
  const names = (body: { data: Suggestion[] }) => body.data.map((p) => p.name);

  it("gives an employee only themself, whatever they type", async () => {
    signIn(employee);
    const r = await get(actorsRoute, "/api/audit-logs/actors?q=");
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([{ id: employee.user.id, name: "Ayesha Khan", email: employee.user.email, role: "employee", roleLabel: "Employee", department: "Finance" }]);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=omar")).body)).toEqual([]);
    expect(names((await get(actorsRoute, `/api/audit-logs/actors?q=${encodeURIComponent(employee.user.email.toUpperCase())}`)).body)).toEqual(["Ayesha Khan"]);
  });

  it("gives a manager only themself and their direct reports, by name or email", async () => {
    signIn(manager);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors")).body)).toEqual(["Ayesha Khan", "Bilal Peer", "Maryam Manager"]);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=pee")).body)).toEqual(["Bilal Peer"]);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=Outsider")).body)).toEqual([]);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=Hina")).body)).toEqual([]);
  });

  it("gives an auditor anyone, at most 10, and treats LIKE wildcards literally", async () => {
    signIn(auditor);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=omar")).body)).toEqual(["Omar Outsider"]);
    for (let i = 0; i < 11; i++) await createUser({ name: `Zed Filler ${String(i).padStart(2, "0")}` });
    const many = await get(actorsRoute, "/api/audit-logs/actors?q=zed%20filler");
    expect(many.body.data).toHaveLength(10);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=%25")).body)).toEqual([]);
    expect(names((await get(actorsRoute, "/api/audit-logs/actors?q=_")).body)).toEqual([]);
  });

  it("refuses signed-out callers and over-long input in the one error body", async () => {
    signIn(null);
    expect((await get(actorsRoute, "/api/audit-logs/actors?q=a")).status).toBe(401);
    signIn(employee);
    const long = await get(actorsRoute, `/api/audit-logs/actors?q=${"a".repeat(201)}`);
    expect(long).toMatchObject({ status: 400, body: { error: { code: "invalid_input", details: { issues: [{ field: "q" }] } } } });
  });
});
