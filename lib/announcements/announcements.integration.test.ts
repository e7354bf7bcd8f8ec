// Announcements on real PostgreSQL under the runtime role: authoring rules and audit,
// the feed's scope and window, receipts and reach, the deleted-author case, the
// scheduled start, and role authorization on every endpoint and action. The session
// lookup is replaced by the person under test and nothing else.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { auditFor, createUser, REQUEST } from "@/test/factories";
import { GET as listRoute, POST as createRoute } from "@/app/api/announcements/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/announcements/[id]/route";
import { GET as receiptsRoute, POST as receiptRoute } from "@/app/api/announcements/[id]/receipts/route";
import { GET as reachRoute } from "@/app/api/announcements/[id]/reach/route";
import { archiveAnnouncementAction, createAnnouncementAction, editAnnouncementAction, announcementReceiptAction } from "./actions";
import { countUnreadForViewer, getAnnouncement, getReach, listFeed } from "./queries";
import { pickReachPeople } from "./reach";
import { publishDueAnnouncements } from "./schedule";
import { createAnnouncement, recordDeliveries, recordReceipt, updateAnnouncement } from "./service";
import { ruleOfAudience, termsOfRule } from "./audience";
import { pktWindow } from "./window";

// Outside a request Next.js cannot revalidate; the actions' own work is what is tested.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/navigation")>()) }));
// The action client reads the request's headers, which only exist inside a request.
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
let admin: Person, hr: Person, lead: Person, employee: Person, auditor: Person, manager: Person;

function signIn(p: Person | null) {
  session.user = p ? { ...p.actor, title: null, managerId: p.user.managerId, sessionId: `session-${p.user.id}` } : null;
}

// A fixed "now" keeps every test off today's date: 10 Dec 2026, 12:00 PKT.
const NOW = new Date("2026-12-10T07:00:00Z");
const FIELDS = { title: "Holiday notice", body: "Office **closed**.", audience: "all", startDate: "2026-12-09", endDate: "2026-12-12" };

async function call(route: (r: Request, c?: { params?: Promise<Record<string, string>> }) => Promise<Response>, path: string, init: RequestInit = {}, params?: Record<string, string>) {
  const res = await route(
    new Request(`http://localhost${path}`, { ...init, headers: { "user-agent": "vitest", "content-type": "application/json", ...(init.headers ?? {}) } }),
    params ? { params: Promise.resolve(params) } : undefined,
  );
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: res.status, body: body as Record<string, unknown> & { data?: unknown; error?: { code: string; message: string; details?: unknown } }, headers: res.headers };
}

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Aisha Admin" });
  hr = await createUser({ role: "hr_operations", name: "Bilal HR" });
  lead = await createUser({ role: "team_lead", name: "Erum Lead" });
  await createUser({ role: "team_lead", name: "Zara Lead" });
  employee = await createUser({ role: "employee", name: "Faisal Employee" });
  auditor = await createUser({ role: "auditor", name: "Clara Auditor" });
  manager = await createUser({ role: "manager", name: "Daniyal Manager" });
});

describe("authoring", () => {
  it("creates a live announcement, queues announcement_created to the own channel of each person in its audience, and audits the new values", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, audience: "TEAM_LEAD", pinned: true, now: NOW });
    expect(a).toMatchObject({ audience: "team_lead", pinned: true, createdByName: "Bilal HR", broadcastAt: NOW });
    expect(a.startDate.toISOString()).toBe("2026-12-08T19:00:00.000Z");
    expect(a.endDate.toISOString()).toBe("2026-12-12T18:59:59.999Z");
    const events = await db.outboxMessage.findMany({ where: { channel: "realtime", payload: { path: ["data", "announcementId"], equals: a.id } } });
    const leads = await db.user.findMany({ where: { role: "team_lead", status: "active" }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true } });
    expect(leads.length).toBeGreaterThan(0);
    expect(events.map((e) => e.payload)).toEqual([
      { channel: leads.map((l) => `private-user-${l.id}`), event: "announcement_created", data: { announcementId: a.id, title: "Holiday notice", audience: "team_lead", audienceSummary: "Team leads", pinned: true, requiresAck: false } },
    ]);
    const [entry] = await auditFor(a.id);
    expect(entry).toMatchObject({ actionType: "announcement.created", eventType: "create", eventCategory: "announcements", oldValues: {} });
    expect(entry?.newValues).toMatchObject({ title: "Holiday notice", audience: "Team leads", startDate: "2026-12-09", endDate: "2026-12-12", pinned: true });
  });

  it("sends 'all' to every active person's channel (100 channels an event), and a scheduled one to nobody yet", async () => {
    const all = await createAnnouncement({ ...admin.ctx, ...FIELDS, title: "For everyone", now: NOW });
    const scheduled = await createAnnouncement({ ...admin.ctx, ...FIELDS, title: "Next week", startDate: "2026-12-15", endDate: "2026-12-16", now: NOW });
    const events = async (id: string) => (await db.outboxMessage.findMany({ where: { payload: { path: ["data", "announcementId"], equals: id } } })).map((e) => (e.payload as { channel: string[] }).channel);
    const everyone = await db.user.findMany({ where: { status: "active" }, select: { id: true } });
    const sent = await events(all.id);
    expect(sent.every((channels) => channels.length <= 100)).toBe(true);
    expect(sent.flat().sort()).toEqual(everyone.map((u) => `private-user-${u.id}`).sort());
    expect(sent.flat()).toContain(`private-user-${auditor.user.id}`);
    expect(await events(scheduled.id)).toEqual([]);
    expect(scheduled.broadcastAt).toBeNull();
  });

  it("refuses authors other than Admin and HR Operations, whatever the input", async () => {
    for (const p of [lead, employee, auditor, manager]) {
      await expect(createAnnouncement({ ...p.ctx, ...FIELDS, now: NOW })).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("refuses an unknown audience with the list of values, an end before the start, and an end already past", async () => {
    await expect(createAnnouncement({ ...hr.ctx, ...FIELDS, audience: "auditors", now: NOW })).rejects.toThrow(/Audience must be one of: all, employee, manager/);
    await expect(createAnnouncement({ ...hr.ctx, ...FIELDS, startDate: "2026-12-12", endDate: "2026-12-11", now: NOW })).rejects.toThrow("The end date cannot be before the start date.");
    await expect(createAnnouncement({ ...hr.ctx, ...FIELDS, startDate: "2026-12-01", endDate: "2026-12-09", now: NOW })).rejects.toThrow(/has passed/);
  });

  it("edits with old and new values of the changed fields only, and archives through isActive=false", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Parking", now: NOW });
    await updateAnnouncement({ ...admin.ctx, id: a.id, title: "Parking rules", endDate: "2026-12-20", now: NOW });
    await updateAnnouncement({ ...admin.ctx, id: a.id, isActive: false, now: NOW });
    const [, edited, archived] = await auditFor(a.id);
    expect(edited).toMatchObject({ actionType: "announcement.updated", oldValues: { title: "Parking", endDate: "2026-12-12" }, newValues: { title: "Parking rules", endDate: "2026-12-20" } });
    expect(archived).toMatchObject({ actionType: "announcement.archived", oldValues: { isActive: true }, newValues: { isActive: false } });
    const row = await db.announcement.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.isActive).toBe(false);
    expect(row.archivedAt).not.toBeNull();
    // Saving the same values again changes nothing and records nothing.
    await updateAnnouncement({ ...admin.ctx, id: a.id, isActive: false, now: NOW });
    expect(await auditFor(a.id)).toHaveLength(3);
  });

  it("refuses an edit that puts the end before the start, and edits by other roles", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, now: NOW });
    await expect(updateAnnouncement({ ...hr.ctx, id: a.id, endDate: "2026-12-01", now: NOW })).rejects.toThrow("The end date cannot be before the start date.");
    await expect(updateAnnouncement({ ...lead.ctx, id: a.id, isActive: false, now: NOW })).rejects.toMatchObject({ code: "forbidden" });
    expect((await db.announcement.findUniqueOrThrow({ where: { id: a.id } })).isActive).toBe(true);
  });
});

describe("the feed", () => {
  it("shows active announcements whose PKT-day window contains now, for everyone or the viewer's role, pinned first then newest", async () => {
    const day = (d: string) => new Date(`${d}T07:00:00Z`);
    const make = (title: string, audience: string, start: string, end: string, extra: { pinned?: boolean; isActive?: boolean } = {}) =>
      db.announcement.create({ data: { title, body: "b", audience: audience as never, audienceTerms: { createMany: { data: termsOfRule(ruleOfAudience(audience as never)) } }, ...pktWindow(start, end), createdById: hr.user.id, createdByName: "Bilal HR", pinned: extra.pinned ?? false, isActive: extra.isActive ?? true } });
    await make("F older", "team_lead", "2027-02-01", "2027-02-10");
    await make("F newer", "all", "2027-02-03", "2027-02-10");
    await make("F pinned old", "team_lead", "2027-01-20", "2027-02-10", { pinned: true });
    await make("F employees only", "employee", "2027-02-01", "2027-02-10");
    await make("F archived", "all", "2027-02-01", "2027-02-10", { isActive: false });
    await make("F ends the 4th", "all", "2027-02-01", "2027-02-04");
    const titles = async (p: Person, now: Date) => (await listFeed({ viewer: p.actor, now })).rows.map((r) => r.title).filter((t) => t.startsWith("F "));
    expect(await titles(lead, day("2027-02-04"))).toEqual(["F pinned old", "F newer", "F ends the 4th", "F older"]);
    expect(await titles(employee, day("2027-02-04"))).toEqual(["F newer", "F ends the 4th", "F employees only"]);
    // An auditor is in no role audience: only "all".
    expect(await titles(auditor, day("2027-02-04"))).toEqual(["F newer", "F ends the 4th"]);
    // "F ends the 4th" lasts through 23:59:59.999 PKT on the 4th (18:59:59.999 UTC) and not a millisecond more.
    expect(await titles(auditor, new Date("2027-02-04T18:59:59.999Z"))).toContain("F ends the 4th");
    expect(await titles(auditor, new Date("2027-02-04T19:00:00.000Z"))).toEqual(["F newer"]);
    // "F newer" starts at 00:00 PKT on the 3rd, which is 19:00 UTC on the 2nd.
    expect(await titles(auditor, new Date("2027-02-02T18:59:59.999Z"))).toEqual(["F ends the 4th"]);
    expect(await titles(auditor, new Date("2027-02-02T19:00:00.000Z"))).toEqual(["F newer", "F ends the 4th"]);
  });

  it("keeps showing the stored author name after the author's account is deleted", async () => {
    const author = await createUser({ role: "hr_operations", name: "Leaving Author" });
    const a = await createAnnouncement({ ...author.ctx, ...FIELDS, title: "Orphaned", now: NOW });
    await db.user.delete({ where: { id: author.user.id } });
    const row = (await listFeed({ viewer: employee.actor, now: NOW })).rows.find((r) => r.id === a.id);
    expect(row).toMatchObject({ title: "Orphaned", authorName: "Leaving Author" });
    expect((await getAnnouncement({ viewer: employee.actor, id: a.id, now: NOW })).authorName).toBe("Leaving Author");
  });

  it("hides an announcement that is not for the viewer (not found, not forbidden); authors see any", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, audience: "manager", now: NOW });
    await expect(getAnnouncement({ viewer: employee.actor, id: a.id, now: NOW })).rejects.toMatchObject({ code: "not_found" });
    expect(await getAnnouncement({ viewer: manager.actor, id: a.id, now: NOW })).toMatchObject({ targeted: true });
    expect(await getAnnouncement({ viewer: admin.actor, id: a.id, now: NOW })).toMatchObject({ targeted: false, canManage: true });
  });
});

describe("receipts and reach", () => {
  it("records delivery, reading and acknowledgement once each, counts unread, and shows the author who has not", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Sign the policy", audience: "team_lead", requiresAck: true, now: NOW });
    const unreadBefore = await countUnreadForViewer(lead.actor, NOW);
    expect(await recordDeliveries({ ...lead.ctx, ids: [a.id], now: NOW })).toBe(1);
    // Delivery for someone outside the audience records nothing.
    expect(await recordDeliveries({ ...employee.ctx, ids: [a.id], now: NOW })).toBe(0);
    expect(await recordReceipt({ ...lead.ctx, id: a.id, action: "read", now: NOW })).toEqual({ changed: true });
    expect(await recordReceipt({ ...lead.ctx, id: a.id, action: "read", now: NOW })).toEqual({ changed: false });
    expect(await countUnreadForViewer(lead.actor, NOW)).toBe(unreadBefore - 1);
    expect(await recordReceipt({ ...lead.ctx, id: a.id, action: "acknowledge", now: NOW })).toEqual({ changed: true });
    expect(await recordReceipt({ ...lead.ctx, id: a.id, action: "acknowledge", now: NOW })).toEqual({ changed: false });
    await expect(recordReceipt({ ...employee.ctx, id: a.id, action: "acknowledge", now: NOW })).rejects.toMatchObject({ code: "not_found" });
    expect((await auditFor(a.id)).map((e) => e.actionType)).toEqual(["announcement.created", "announcement.read", "announcement.acknowledged"]);

    const reach = await getReach({ viewer: hr.actor, id: a.id, request: REQUEST });
    const leads = await db.user.count({ where: { role: "team_lead", status: "active" } });
    expect(reach.counts).toEqual({ targeted: leads, emailed: 0, delivered: 1, read: 1, acknowledged: 1 });
    const notAcknowledged = pickReachPeople(reach.people, { requiresAck: true, show: "not_acknowledged", pageSize: 10_000 }).rows;
    expect(notAcknowledged.map((p) => p.name)).toContain("Zara Lead");
    expect(notAcknowledged.map((p) => p.name)).not.toContain("Erum Lead");
    await expect(getReach({ viewer: lead.actor, id: a.id, request: REQUEST })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.dataAccessLog.count({ where: { dataType: "announcement_receipts", userId: hr.user.id } })).toBeGreaterThan(0);
  });

  it("refuses to acknowledge an announcement that does not ask for it", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, now: NOW });
    await expect(recordReceipt({ ...employee.ctx, id: a.id, action: "acknowledge", now: NOW })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("publishDueAnnouncements", () => {
  it("broadcasts a scheduled start exactly once, even when run concurrently, with a system audit entry", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Starts on the 20th", audience: "intern", startDate: "2026-12-20", endDate: "2026-12-22", now: NOW });
    expect((await publishDueAnnouncements({ now: NOW })).published.map((p) => p.id)).not.toContain(a.id);
    // Someone who joins before the start is in the audience: it is resolved as the window opens.
    const joiner = await createUser({ role: "intern", name: "Late Intern" });
    const start = new Date("2026-12-19T19:00:00Z");
    const runs = await Promise.all([1, 2, 3, 4].map(() => publishDueAnnouncements({ now: start })));
    expect(runs.flatMap((r) => r.published.map((p) => p.id)).filter((id) => id === a.id)).toHaveLength(1);
    expect(await publishDueAnnouncements({ now: new Date("2026-12-20T10:00:00Z") })).toEqual({ published: [] });
    const events = await db.outboxMessage.findMany({ where: { payload: { path: ["data", "announcementId"], equals: a.id } } });
    const interns = await db.user.findMany({ where: { role: "intern", status: "active" }, select: { id: true } });
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as { channel: string[] }).channel.sort()).toEqual(interns.map((u) => `private-user-${u.id}`).sort());
    expect((events[0]!.payload as { channel: string[] }).channel).toContain(`private-user-${joiner.user.id}`);
    expect((await auditFor(a.id)).map((e) => e.actionType)).toEqual(["announcement.created", "announcement.broadcast"]);
  });

  it("never broadcasts an archived or already expired announcement", async () => {
    const archived = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Archived later", startDate: "2026-12-24", endDate: "2026-12-25", now: NOW });
    await updateAnnouncement({ ...hr.ctx, id: archived.id, isActive: false, now: NOW });
    const expired = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Missed", startDate: "2026-12-26", endDate: "2026-12-26", now: NOW });
    const { published } = await publishDueAnnouncements({ now: new Date("2026-12-28T00:00:00Z") });
    expect(published.map((p) => p.id)).not.toContain(expired.id);
    expect((await publishDueAnnouncements({ now: new Date("2026-12-24T10:00:00Z") })).published.map((p) => p.id)).not.toContain(archived.id);
  });
});

describe("role authorization on every endpoint", () => {
  let target: string;
  beforeAll(async () => {
    target = (await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Endpoint target", startDate: "2026-11-01", endDate: "2030-12-31", requiresAck: true })).id;
  });
  const nonAuthors = () => [lead, employee, auditor, manager];
  const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });

  it("answers 401 to nobody signed in", async () => {
    signIn(null);
    expect((await call(listRoute, "/api/announcements")).status).toBe(401);
    expect((await call(createRoute, "/api/announcements", post(FIELDS))).status).toBe(401);
    expect((await call(receiptRoute, `/api/announcements/${target}/receipts`, post({ action: "read" }), { id: target })).status).toBe(401);
  });

  it("lets Admin and HR Operations create, patch and see receipts", async () => {
    for (const author of [admin, hr]) {
      signIn(author);
      const created = await call(createRoute, "/api/announcements", post({ ...FIELDS, startDate: "2026-11-01", endDate: "2030-12-31", audience: " Employee " }));
      expect(created.status).toBe(201);
      const id = (created.body.data as { id: string; audience: string; audienceLabel: string }).id;
      expect(created.body.data).toMatchObject({ audience: "employee", audienceLabel: "Employees", authorName: author.user.name });
      const patched = await call(patchRoute, `/api/announcements/${id}`, { method: "PATCH", body: JSON.stringify({ isActive: false }) }, { id });
      expect(patched.status).toBe(200);
      expect(patched.body.data).toMatchObject({ isActive: false, status: "archived" });
      const receipts = await call(receiptsRoute, `/api/announcements/${target}/receipts`, {}, { id: target });
      expect(receipts.status).toBe(200);
      expect((receipts.body.data as { counts: { targeted: number } }).counts.targeted).toBeGreaterThan(0);
      const csv = await call(receiptsRoute, `/api/announcements/${target}/receipts?format=csv`, {}, { id: target });
      expect(csv.headers.get("content-type")).toContain("text/csv");
      expect(String(csv.body).split("\r\n")[0]).toBe("Name,Email,Role,Department,Emailed (PKT),Delivered (PKT),Read (PKT),Acknowledged (PKT)");
      expect((await call(listRoute, "/api/announcements?view=all")).status).toBe(200);
    }
  });

  it("creates an announcement for an audience rule (201, custom, said in words), and refuses a rule with the reason and one with both forms", async () => {
    signIn(hr);
    const created = await call(createRoute, "/api/announcements", post({ ...FIELDS, audience: undefined, startDate: "2026-11-01", endDate: "2030-12-31", audienceRule: { roles: ["team_lead", "auditor"], exclude: { people: [lead.user.id] } } }));
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ audience: "custom", audienceLabel: "Team leads and Auditors, except Erum Lead" });
    const id = (created.body.data as { id: string }).id;
    signIn(auditor);
    expect((await call(getRoute, `/api/announcements/${id}`, {}, { id })).status).toBe(200);
    signIn(lead);
    expect((await call(getRoute, `/api/announcements/${id}`, {}, { id })).status).toBe(404);
    signIn(hr);
    const empty = await call(createRoute, "/api/announcements", post({ ...FIELDS, audience: undefined, audienceRule: { exclude: { roles: ["intern"] } } }));
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toContain("Choose who it is for: everyone, roles, departments, teams or people.");
    const both = await call(createRoute, "/api/announcements", post({ ...FIELDS, audienceRule: { everyone: true } }));
    expect(both.status).toBe(400);
    expect(both.body.error?.message).toMatch(/not both/);
  });

  it("pages who an announcement reached by state and name, with counts by department and role", async () => {
    signIn(hr);
    const created = await call(createRoute, "/api/announcements", post({ ...FIELDS, audience: "team_lead", requiresAck: true, startDate: "2026-11-01", endDate: "2030-12-31" }));
    const id = (created.body.data as { id: string }).id;
    signIn(lead);
    expect((await call(receiptRoute, `/api/announcements/${id}/receipts`, post({ action: "acknowledge" }), { id })).status).toBe(200);
    signIn(hr);
    const reach = await call(reachRoute, `/api/announcements/${id}/reach?show=acknowledged`, {}, { id });
    expect(reach.status).toBe(200);
    const data = reach.body.data as { show: string; total: number; people: Array<{ name: string; acknowledgedAt: string }>; byRole: Array<{ name: string; targeted: number; acknowledged: number }>; counts: { targeted: number } };
    expect(data).toMatchObject({ show: "acknowledged", total: 1, people: [{ name: "Erum Lead" }] });
    expect(data.byRole).toEqual([{ name: "Team Lead", targeted: data.counts.targeted, read: 1, acknowledged: 1 }]);
    const behind = (await call(reachRoute, `/api/announcements/${id}/reach?q=zara`, {}, { id })).body.data as { show: string; people: Array<{ name: string }> };
    expect(behind).toMatchObject({ show: "not_acknowledged", people: [{ name: "Zara Lead" }] });
    expect((await call(reachRoute, `/api/announcements/${id}/reach?page=0`, {}, { id })).status).toBe(400);
    signIn(lead);
    expect((await call(reachRoute, `/api/announcements/${id}/reach`, {}, { id })).status).toBe(403);
  });

  it("refuses everyone else with 403 on create, patch, receipts and the authors' list, and changes nothing", async () => {
    for (const p of nonAuthors()) {
      signIn(p);
      const before = await db.announcement.count();
      const created = await call(createRoute, "/api/announcements", post(FIELDS));
      expect(created.status).toBe(403);
      expect(created.body.error?.code).toBe("forbidden");
      expect((await call(patchRoute, `/api/announcements/${target}`, { method: "PATCH", body: JSON.stringify({ isActive: false }) }, { id: target })).status).toBe(403);
      expect((await call(receiptsRoute, `/api/announcements/${target}/receipts`, {}, { id: target })).status).toBe(403);
      expect((await call(receiptsRoute, `/api/announcements/${target}/receipts?format=csv`, {}, { id: target })).status).toBe(403);
      expect((await call(listRoute, "/api/announcements?view=all")).status).toBe(403);
      expect(await db.announcement.count()).toBe(before);
    }
    expect((await db.announcement.findUniqueOrThrow({ where: { id: target } })).isActive).toBe(true);
    expect(await db.auditLog.count({ where: { eventType: "access_denied", userId: employee.user.id } })).toBeGreaterThan(0);
  });

  it("lets everyone read their feed, get what is shown to them, and record their own receipt", async () => {
    for (const p of [...nonAuthors(), admin, hr]) {
      signIn(p);
      const list = await call(listRoute, "/api/announcements");
      expect(list.status).toBe(200);
      expect((list.body.data as Array<{ id: string }>).map((a) => a.id)).toContain(target);
      expect((await call(getRoute, `/api/announcements/${target}`, {}, { id: target })).status).toBe(200);
      const ack = await call(receiptRoute, `/api/announcements/${target}/receipts`, post({ action: "acknowledge" }), { id: target });
      expect(ack.status).toBe(200);
    }
  });

  it("answers 404 for an announcement that is not shown to the person, and 400 in the one error body for bad input", async () => {
    signIn(hr);
    const managersOnly = (await call(createRoute, "/api/announcements", post({ ...FIELDS, audience: "manager", startDate: "2026-11-01", endDate: "2030-12-31" }))).body.data as { id: string };
    signIn(employee);
    expect((await call(getRoute, `/api/announcements/${managersOnly.id}`, {}, { id: managersOnly.id })).status).toBe(404);
    expect((await call(receiptRoute, `/api/announcements/${managersOnly.id}/receipts`, post({ action: "read" }), { id: managersOnly.id })).status).toBe(404);
    expect((await call(getRoute, "/api/announcements/nope", {}, { id: "nope" })).body.error?.code).toBe("invalid_input");
    signIn(hr);
    const bad = await call(createRoute, "/api/announcements", post({ ...FIELDS, audience: "contractors" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_input", details: { issues: [{ field: "audience", message: expect.stringContaining("Audience must be one of") }] } });
    const backwards = await call(createRoute, "/api/announcements", post({ ...FIELDS, startDate: "2026-12-12", endDate: "2026-12-11" }));
    expect(backwards.body.error).toMatchObject({ code: "invalid_input", details: { issues: [{ field: "endDate" }] } });
  });
});

describe("role authorization on every action", () => {
  it("refuses create, edit, archive for non-authors with the service's message, and changes nothing", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Action target", startDate: "2026-11-01", endDate: "2030-12-31" });
    for (const p of [lead, employee, auditor, manager]) {
      signIn(p);
      expect((await createAnnouncementAction({ ...FIELDS, startDate: "2026-11-01", endDate: "2030-12-31" }))?.serverError).toMatch(/Only Admins and HR Operations/);
      expect((await editAnnouncementAction({ id: a.id, ...FIELDS, title: "Hijacked", startDate: "2026-11-01", endDate: "2030-12-31" }))?.serverError).toMatch(/Only Admins and HR Operations/);
      expect((await archiveAnnouncementAction({ id: a.id, isActive: "false" }))?.serverError).toMatch(/Only Admins and HR Operations/);
    }
    expect(await db.announcement.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ title: "Action target", isActive: true });
  });

  it("lets an author archive through the action, and a reader record a receipt", async () => {
    const a = await createAnnouncement({ ...hr.ctx, ...FIELDS, title: "Archive me", startDate: "2026-11-01", endDate: "2030-12-31" });
    signIn(lead);
    expect((await announcementReceiptAction({ id: a.id, action: "read" }))?.data).toEqual({ changed: true });
    signIn(admin);
    const result = await archiveAnnouncementAction({ id: a.id, isActive: "false" });
    expect(result?.serverError).toBeUndefined();
    expect((await db.announcement.findUniqueOrThrow({ where: { id: a.id } })).isActive).toBe(false);
  });
});
