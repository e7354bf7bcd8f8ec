// Anomaly alerts (audit_alerts) closed and listed through the API's route handlers, as
// the browser session (the session lookup replaced by the person under test) and as API
// tokens: resolve and dismiss are audited with old and new values and close the feed
// copies, a second attempt is a 409, an employee is refused (and that is on record),
// a dismissal needs a note, and the list's filters and cursor narrow and page it.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/test/factories";
import { GET as listRoute } from "@/app/api/audit-alerts/route";
import { POST as dismissRoute } from "@/app/api/audit-alerts/[id]/dismiss/route";
import { POST as resolveRoute } from "@/app/api/audit-alerts/[id]/resolve/route";
import { type Anomaly, recordAnomalies } from "./anomalies";
import { dismissAuditAlert, resolveAuditAlert } from "./service";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
const as = (p: Person | null) => {
  session.user = p ? { ...p.actor, title: null, managerId: null, sessionId: `session-${p.user.id}` } : null;
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
// A fixed instant: nothing here depends on today's date.
const NOW = new Date("2026-03-11T05:00:00.000Z");

let admin: Person;
let auditor: Person;
let employee: Person;

/** One anomaly recorded as the scan records it (with its critical copies to admins and auditors); its id. */
async function anomaly(kind: "export" | "burst" | "privilege", at = NOW): Promise<string> {
  const key = crypto.randomUUID();
  const a: Anomaly =
    kind === "export"
      ? { dedupeKey: `large_export:${key}`, alertType: "large_export", at, message: "Ayla Admin exported 12,000 rows (Audit log · exported).", details: { auditEntryId: key, rows: 12_000, actionType: "audit_log.exported", by: "Ayla Admin" } }
      : kind === "burst"
        ? { dedupeKey: `failed_signin_account:${key}`, alertType: "failed_signin_burst", at, message: "7 failed sign-ins for sara@acme.test.", details: { scope: "account", account: "sara@acme.test", count: 7, windowStart: at.toISOString(), windowMinutes: 15 } }
        : { dedupeKey: `off_hours_privilege:${key}`, alertType: "off_hours_privilege_change", at, message: "A role change at night.", details: { auditEntryId: key, actionType: "user.role_changed", by: "Omar Night", object: "Sara Khan" } };
  expect(await recordAnomalies([a], at)).toMatchObject({ recorded: 1 });
  return (await db.auditAlert.findUniqueOrThrow({ where: { dedupeKey: a.dedupeKey } })).id;
}

function post(route: typeof resolveRoute, id: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method: "POST", headers: { "user-agent": "vitest", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const verb = route === resolveRoute ? "resolve" : "dismiss";
  return route(new Request(`http://127.0.0.1/api/audit-alerts/${id}/${verb}`, init), { params: Promise.resolve({ id }) });
}

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function list(query: string, headers: Record<string, string> = {}) {
  const res = await listRoute(new Request(`http://127.0.0.1/api/audit-alerts${query}`, { headers: { "user-agent": "vitest", ...headers } }));
  return answer(res) as Promise<{ status: number; body: { results: Array<Record<string, unknown> & { id: string }>; nextCursor: string | null; error?: { code: string; message: string } } }>;
}

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Ayla Admin" });
  auditor = await createUser({ role: "auditor", name: "Omar Auditor" });
  employee = await createUser({ role: "employee", name: "Esa Employee" });
});

describe("resolving and dismissing an anomaly alert", () => {
  it("resolves once, audited with old and new values, its feed copies closed; a second attempt is a 409", async () => {
    const id = await anomaly("export");
    expect(await db.alert.count({ where: { entityType: "audit_alert", entityId: id, status: "OPEN" } })).toBe(2);
    as(auditor);
    const ok = await answer(await post(resolveRoute, id, { note: "  Agreed with compliance: quarterly archive.  " }));
    expect(ok).toEqual({
      status: 200,
      body: { id, status: "RESOLVED", resolved_at: expect.stringMatching(/Z$/), resolved_by: "Omar Auditor", resolution_note: "Agreed with compliance: quarterly archive.", feed_alerts_closed: 2 },
    });
    expect(await db.auditAlert.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "RESOLVED", isResolved: true, resolvedById: auditor.user.id, resolvedByName: "Omar Auditor", resolutionNote: "Agreed with compliance: quarterly archive.",
    });

    const [entry, ...others] = await db.auditLog.findMany({ where: { objectId: id } });
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      actionType: "audit_alert.resolved", eventType: "update", userId: auditor.user.id, objectType: "audit_alert", objectName: "Large export by Ayla Admin",
      actionDescription: "Omar Auditor resolved the anomaly alert “Large export by Ayla Admin”: Agreed with compliance: quarterly archive.",
      oldValues: { status: "OPEN", isResolved: false },
      newValues: expect.objectContaining({ status: "RESOLVED", isResolved: true, resolvedBy: "Omar Auditor", resolutionNote: "Agreed with compliance: quarterly archive." }),
      requestPath: "/api/audit-alerts/" + id + "/resolve",
    });
    // Readable: no id and no code in what a person reads.
    expect(entry!.actionDescription).not.toMatch(UUID);
    expect(entry!.actionDescription).not.toMatch(/[a-z]+_[a-z]+/);

    // The copies in the admin's and the auditor's feeds closed with it, each on record.
    const copies = await db.alert.findMany({ where: { entityType: "audit_alert", entityId: id } });
    expect(copies.map((c) => c.status)).toEqual(["RESOLVED", "RESOLVED"]);
    expect(copies[0]!.resolutionNote).toBe("Closed with the anomaly alert by Omar Auditor: Agreed with compliance: quarterly archive.");
    for (const copy of copies) {
      const copyEntries = await db.auditLog.findMany({ where: { objectId: copy.id } });
      expect(copyEntries).toMatchObject([{ actionType: "alert.resolved", userId: auditor.user.id, oldValues: { status: "OPEN" } }]);
      expect(copyEntries[0]!.actionDescription).toMatch(/^Omar Auditor resolved (Ayla Admin|Omar Auditor)'s copy of the anomaly alert “Large export by Ayla Admin” with the alert itself$/);
    }

    // Closed once: a second resolve or a dismiss, by anyone, changes nothing and says who closed it.
    const before = await db.auditLog.count();
    as(admin);
    for (const [route, body] of [[resolveRoute, undefined], [dismissRoute, { note: "duplicate" }]] as const) {
      const again = await answer(await post(route, id, body));
      expect(again.status).toBe(409);
      expect(again.body.error).toEqual({ code: "conflict", message: expect.stringMatching(/^This anomaly alert was already resolved by Omar Auditor on \d+ \w+ \d{4}, \d\d:\d\d PKT; it cannot be (resolved|dismissed) again\.$/) });
    }
    expect(await db.auditLog.count()).toBe(before);
    expect(await db.auditAlert.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "RESOLVED", resolvedByName: "Omar Auditor" });
  });

  it("dismisses only with a note: a missing, empty or blank note, or an unknown field, is a 400 and changes nothing", async () => {
    const id = await anomaly("burst");
    as(admin);
    const refused: Array<[string, unknown]> = [
      ["no body", undefined],
      ["no note", {}],
      ["an empty note", { note: "" }],
      ["a blank note", { note: "   " }],
      ["a note too long", { note: "x".repeat(501) }],
      ["an unknown field", { note: "fine", status: "RESOLVED" }],
      ["not an object", "[\"note\"]"],
    ];
    for (const [what, body] of refused) {
      const r = await answer(await post(dismissRoute, id, body));
      expect({ what, status: r.status, code: r.body.error?.code }).toEqual({ what, status: 400, code: "invalid_input" });
    }
    const blank = await answer(await post(dismissRoute, id, { note: "   " }));
    expect(blank.body.error?.message).toMatch(/note/i);
    expect((await db.auditAlert.findUniqueOrThrow({ where: { id } })).status).toBe("OPEN");
    expect(await db.auditLog.count({ where: { objectId: id } })).toBe(0);

    const ok = await answer(await post(dismissRoute, id, { note: "Our own penetration test, booked with IT." }));
    expect(ok.body).toMatchObject({ id, status: "DISMISSED", resolved_by: "Ayla Admin", resolution_note: "Our own penetration test, booked with IT." });
    expect(await db.auditAlert.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DISMISSED", isResolved: true });
    const entry = await db.auditLog.findFirstOrThrow({ where: { objectId: id } });
    expect(entry).toMatchObject({
      actionType: "audit_alert.dismissed", riskLevel: "medium", objectName: "Failed sign-in burst on sara@acme.test",
      actionDescription: "Ayla Admin dismissed the anomaly alert “Failed sign-in burst on sara@acme.test”: Our own penetration test, booked with IT.",
      newValues: expect.objectContaining({ status: "DISMISSED", resolutionNote: "Our own penetration test, booked with IT." }),
    });
    expect((await db.alert.findMany({ where: { entityId: id } })).every((a) => a.status === "DISMISSED" && a.dismissedAt !== null)).toBe(true);

    // The service the page's forms call holds the same rule.
    const other = await anomaly("burst");
    await expect(dismissAuditAlert({ ...admin.ctx, auditAlertId: other, note: " " })).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/dismissal needs a note/) });
    await expect(resolveAuditAlert({ ...admin.ctx, auditAlertId: other })).resolves.toMatchObject({ status: "RESOLVED", resolutionNote: null });
  });

  it("refuses an employee with 403, on record as access denied, and answers an unknown alert with 404", async () => {
    const id = await anomaly("privilege");
    as(employee);
    for (const [route, body] of [[resolveRoute, { note: "mine now" }], [dismissRoute, { note: "mine now" }]] as const) {
      const r = await answer(await post(route, id, body));
      expect(r.status).toBe(403);
      expect(r.body.error).toEqual({ code: "forbidden", message: expect.stringMatching(/^Only auditors and administrators can (resolve|dismiss) anomaly alerts\.$/) });
    }
    const denied = await db.auditLog.findMany({ where: { userId: employee.user.id, eventType: "access_denied" }, orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
    expect(denied.map((d) => [d.requestMethod, d.requestPath?.replace(id, "{id}"), d.objectName])).toEqual([
      ["POST", "/api/audit-alerts/{id}/resolve", "Resolve an anomaly alert (POST /api/audit-alerts/…/resolve)"],
      ["POST", "/api/audit-alerts/{id}/dismiss", "Dismiss an anomaly alert (POST /api/audit-alerts/…/dismiss)"],
    ]);
    for (const d of denied) expect(d.actionDescription).not.toMatch(UUID);
    expect((await db.auditAlert.findUniqueOrThrow({ where: { id } })).status).toBe("OPEN");
    // The page's action path: the service refuses too (the action client records it).
    await expect(resolveAuditAlert({ ...employee.ctx, auditAlertId: id })).rejects.toMatchObject({ code: "forbidden" });

    as(auditor);
    const missing = crypto.randomUUID();
    const r = await answer(await post(resolveRoute, missing));
    expect(r).toEqual({ status: 404, body: { error: { code: "not_found", message: "That anomaly alert was not found." } } });
    expect((await answer(await post(resolveRoute, "not-an-id"))).status).toBe(400);
  });

  it("takes an API token with alerts:write; one without it is a 403 naming the scope", async () => {
    const id = await anomaly("export");
    as(null);
    const reader = await createToken({ ...auditor.ctx, name: "read only", scopes: ["audit:read"], expiresInDays: 1 });
    const writer = await createToken({ ...auditor.ctx, name: "writer", scopes: ["alerts:write"], expiresInDays: 1 });
    const noScope = await answer(await post(resolveRoute, id, undefined, { authorization: `Bearer ${reader.token}` }));
    expect(noScope).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
    const ok = await answer(await post(resolveRoute, id, { note: "via the API" }, { authorization: `Bearer ${writer.token}` }));
    expect(ok.body).toMatchObject({ id, status: "RESOLVED", resolved_by: "Omar Auditor" });
  });

  it("keeps a closed alert closed in the database itself", async () => {
    const id = await anomaly("export");
    await resolveAuditAlert({ ...auditor.ctx, auditAlertId: id });
    await expect(db.auditAlert.update({ where: { id }, data: { status: "OPEN", isResolved: false, resolvedAt: null } })).rejects.toThrow(/already closed/);
    // is_resolved follows the status.
    const open = await anomaly("export");
    await expect(db.auditAlert.update({ where: { id: open }, data: { isResolved: true } })).rejects.toThrow(/audit_alerts_resolved_matches_status/);
  });
});

describe("GET /api/audit-alerts", () => {
  it("narrows by status, severity, type and resolved, and pages newest first with its cursor", async () => {
    // Its own instants, days before the others', so the list's first page is theirs only when filtered.
    const base = new Date("2026-01-05T05:00:00.000Z").getTime();
    const ids = { burstOpen: await anomaly("burst", new Date(base)), exportOpen: await anomaly("export", new Date(base + 60_000)), exportDismissed: await anomaly("export", new Date(base + 120_000)) };
    await dismissAuditAlert({ ...auditor.ctx, auditAlertId: ids.exportDismissed, note: "Known job" });
    await db.auditAlert.create({ data: { alertType: "bulk_export", alertMessage: "An older scan's kind", alertSeverity: "high", details: { exports: 12 }, createdAt: new Date(base + 180_000) } });
    as(auditor);

    const all = await list("?limit=200");
    expect(all.status).toBe(200);
    const mine = new Set(Object.values(ids));
    const byId = new Map(all.body.results.map((r) => [r.id, r]));
    expect(byId.get(ids.exportDismissed)).toMatchObject({
      alert_type: "large_export", alert_type_label: "Large export", alert_severity: "critical", status: "DISMISSED", is_resolved: true, resolved_by: "Omar Auditor", resolution_note: "Known job",
    });
    expect(byId.get(ids.burstOpen)).toMatchObject({ status: "OPEN", is_resolved: false, resolved_at: null, resolved_by: null });

    const idsOf = (r: Awaited<ReturnType<typeof list>>) => r.body.results.map((x) => x.id);
    const statuses = (r: Awaited<ReturnType<typeof list>>) => new Set(r.body.results.map((x) => x.status));
    const types = (r: Awaited<ReturnType<typeof list>>) => new Set(r.body.results.map((x) => x.alert_type));

    const dismissed = await list("?status=DISMISSED&limit=200");
    expect(statuses(dismissed)).toEqual(new Set(["DISMISSED"]));
    expect(idsOf(dismissed)).toContain(ids.exportDismissed);
    const openExports = await list("?status=OPEN&type=large_export&limit=200");
    expect(statuses(openExports)).toEqual(new Set(["OPEN"]));
    expect(types(openExports)).toEqual(new Set(["large_export"]));
    expect(idsOf(openExports)).toContain(ids.exportOpen);
    expect(idsOf(openExports)).not.toContain(ids.exportDismissed);
    const high = await list("?severity=high&limit=200");
    expect(high.body.results.map((r) => [r.alert_type, r.alert_type_label, r.alert_severity])).toEqual([["bulk_export", "Bulk export", "high"]]);
    expect((await list("?severity=low")).body.results).toEqual([]);
    // The spec's `resolved` still works: true is every closed alert, false the open ones; with `status`, both hold.
    expect(statuses(await list("?resolved=true&limit=200"))).toEqual(new Set(["RESOLVED", "DISMISSED"]));
    expect(statuses(await list("?resolved=false&limit=200"))).toEqual(new Set(["OPEN"]));
    expect((await list("?resolved=false&status=DISMISSED")).body.results).toEqual([]);
    expect(all.body.results.length).toBeGreaterThan(openExports.body.results.length);

    // Newest first, a page at a time, every alert once.
    const seen: string[] = [];
    let path = "?limit=2";
    for (let pages = 0; pages < 50; pages++) {
      const page = await list(path);
      expect(page.status).toBe(200);
      seen.push(...idsOf(page));
      if (!page.body.nextCursor) break;
      path = `?limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    expect(seen).toEqual(idsOf(all));
    expect(new Set(seen).size).toBe(seen.length);
    const times = all.body.results.map((r) => Date.parse(r.created_at as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const id of mine) expect(seen).toContain(id);
    // Filters and cursor together: the open exports a page at a time.
    const firstOpenExport = await list("?status=OPEN&type=large_export&limit=1");
    const secondOpenExport = await list(`?status=OPEN&type=large_export&limit=1&cursor=${encodeURIComponent(firstOpenExport.body.nextCursor!)}`);
    expect([...idsOf(firstOpenExport), ...idsOf(secondOpenExport)]).toEqual(idsOf(openExports).slice(0, 2));

    // A cursor it did not hand out, and values that are not filters.
    expect(await list("?cursor=garbage")).toMatchObject({ status: 400, body: { error: { code: "invalid_input", message: expect.stringMatching(/page link is not valid/) } } });
    for (const bad of ["?status=closed", "?severity=urgent", "?type=Large%20export", "?resolved=yes"]) expect((await list(bad)).status).toBe(400);

    // Auditors and admins only.
    as(employee);
    expect((await list("")).status).toBe(403);
  });
});
