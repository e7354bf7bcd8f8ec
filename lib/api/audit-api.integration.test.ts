// The audit read API end to end on real PostgreSQL: route handlers called with a
// Request, the session lookup (getCurrentUser) replaced by the person under test and
// nothing else. Every endpoint and the export keep employees and managers in scope.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { exportAuditLog } from "@/lib/audit/search/export";
import { parseQuery } from "@/lib/audit/search/parse";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { parseCsv } from "@/test/csv";
import { neutralizeCell } from "@/lib/audit/search/csv";
import type { auditRowJson } from "@/lib/audit/search/view";
import { formatIsoPkt, pktDayKey } from "@/lib/time";
import { createAuditSearchPeople, type createUser, REQUEST } from "@/test/factories";
import { GET as listRoute } from "@/app/api/audit-logs/route";
import { GET as searchRoute } from "@/app/api/audit-logs/search/route";
import { GET as exportRoute } from "@/app/api/audit-logs/export/route";
import { GET as sessionsRoute } from "@/app/api/audit-sessions/route";
import { GET as accessRoute } from "@/app/api/data-access-logs/route";
import { GET as verifyGet, POST as verifyPost } from "@/app/api/audit-logs/verify/route";
import { GET as analyticsRoute } from "@/app/api/audit-analytics/route";
import { verifyAuditLog } from "@/lib/contract/audit";
import { createCheckpoint } from "@/lib/audit/integrity/checkpoint";
import { apiRoute } from "./handler";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
let manager: Person, employee: Person, peer: Person, outsider: Person, auditor: Person;

function signIn(p: Person | null) {
  session.user = p ? { ...p.actor, title: null, managerId: p.user.managerId, sessionId: `session-${p.user.id}` } : null;
}

async function call(route: (r: Request) => Promise<Response>, path: string) {
  const res = await route(new Request(`http://localhost${path}`, { headers: { "user-agent": "vitest" } }));
  return res;
}

async function json(route: (r: Request) => Promise<Response>, path: string) {
  const res = await call(route, path);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

type AuditRowJson = ReturnType<typeof auditRowJson>;
type Row = { id: string; actor: { id: string | null }; subject: { id: string } | null; entity: { id: string } };

/** Every page of a list endpoint. */
async function allPages(route: (r: Request) => Promise<Response>, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await json(route, `${path}${sep}limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(r.status).toBe(200);
    rows.push(...r.body.data);
    cursor = r.body.nextCursor;
  } while (cursor);
  return rows;
}

const FIXTURE_Q = encodeURIComponent("entity:fixture");
const labelsOf = (rows: Row[]) => rows.map((r) => r.entity.id).sort();

async function record(entries: AuditEntryInput[]) {
  await auditedTransaction(async (_tx, audit) => {
    for (const e of entries) audit.record(e);
  });
}

function fixture(label: string, by: Person | null, about: Person | null, description = `Fixture ${label}`): AuditEntryInput {
  return {
    eventType: "update",
    category: "user_management",
    actionType: "fixture.touched",
    description,
    actor: by ? actorFromUser(by.actor) : { id: null, name: "System: test", email: "", role: "system", department: "" },
    object: { type: "fixture", id: label, name: `Fixture ${label}` },
    subjectUserId: about?.user.id ?? null,
  };
}

beforeAll(async () => {
  ({ manager, employee, peer, outsider, auditor } = await createAuditSearchPeople());
  await record([
    fixture("emp-own", employee, null, "=HYPERLINK(\"http://evil.test\",\"click\")"),
    fixture("emp-about", null, employee, "+cmd|' /C calc'!A0"),
    fixture("peer-own", peer, null, "-2+3"),
    fixture("mgr-own", manager, null, "@SUM(A1:A2)"),
    fixture("mgr-on-peer", manager, peer),
    fixture("out-own", outsider, null),
    fixture("out-about", auditor, outsider),
    fixture("aud-own", auditor, null, "\tTabbed"),
  ]);
  for (const p of [employee, outsider]) {
    await db.auditSession.create({
      data: { sessionId: `session-${p.user.id}`, userId: p.user.id, userName: p.user.name, userEmail: p.user.email, loginStatus: "success", ipAddress: "203.0.113.9" },
    });
  }
});

const EMPLOYEE_SCOPE = ["emp-about", "emp-own"];
const MANAGER_SCOPE = ["emp-about", "emp-own", "mgr-on-peer", "mgr-own", "peer-own"];
const ALL = ["aud-own", "emp-about", "emp-own", "mgr-on-peer", "mgr-own", "out-about", "out-own", "peer-own"];

describe("GET /api/audit-logs and /search", () => {
  it("refuses anyone signed out with 401 and the one error body", async () => {
    signIn(null);
    for (const route of [listRoute, searchRoute, exportRoute, sessionsRoute, accessRoute]) {
      const r = await json(route, "/api/x");
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: "unauthenticated", message: "Sign in first, or send an API token as `Authorization: Bearer …`." } });
      expect(r.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("keeps an employee and a manager within their scope, through filters and search alike", async () => {
    for (const [who, scope] of [[employee, EMPLOYEE_SCOPE], [manager, MANAGER_SCOPE], [auditor, ALL]] as const) {
      signIn(who);
      expect(labelsOf(await allPages(listRoute, `/api/audit-logs?q=${FIXTURE_Q}`))).toEqual(scope);
      expect(labelsOf(await allPages(searchRoute, `/api/audit-logs/search?q=${FIXTURE_Q}`))).toEqual(scope);
    }
    signIn(employee);
    // Asking for someone else's entries finds nothing rather than their data.
    expect(await allPages(listRoute, `/api/audit-logs?user_id=${outsider.user.id}`)).toEqual([]);
    expect(await allPages(searchRoute, `/api/audit-logs/search?q=${encodeURIComponent(`actor:${outsider.user.id}`)}`)).toEqual([]);
    signIn(manager);
    expect(await allPages(listRoute, `/api/audit-logs?user_id=${outsider.user.id}`)).toEqual([]);
    expect(labelsOf(await allPages(listRoute, `/api/audit-logs?user_id=${peer.user.id}&event_type=update&q=${FIXTURE_Q}`))).toEqual(["peer-own"]);
  });

  it("merges the spec's filters into the search and pages oldest first on request", async () => {
    signIn(auditor);
    const r = await json(listRoute, `/api/audit-logs?q=${FIXTURE_Q}&event_type=login`);
    expect(r.body.data).toEqual([]);
    const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
    const newest = await allPages(listRoute, `/api/audit-logs?q=${FIXTURE_Q}&date_from=2020-01-01&date_to=${today}`);
    const oldest = await allPages(listRoute, `/api/audit-logs?q=${FIXTURE_Q}&order=oldest&date_from=2020-01-01`);
    expect(newest.map((r) => r.id)).toEqual(oldest.map((r) => r.id).reverse());
    expect(labelsOf(newest)).toEqual(ALL);
    expect(await allPages(listRoute, `/api/audit-logs?q=${FIXTURE_Q}&date_to=2020-01-01`)).toEqual([]);
  });

  it("answers an invalid search with a typed 400 that points at the term", async () => {
    signIn(employee);
    for (const [route, path] of [[listRoute, "/api/audit-logs"], [searchRoute, "/api/audit-logs/search"], [exportRoute, "/api/audit-logs/export"]] as const) {
      const r = await json(route, `${path}?q=${encodeURIComponent("action:login risk:>=extreme")}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_query");
      expect(r.body.error.details).toMatchObject({ position: 20, length: 7, term: "risk:>=extreme", reason: expect.any(String) });
    }
  });

  it("answers bad parameters with 400 and the fields at fault", async () => {
    signIn(employee);
    const r = await json(listRoute, "/api/audit-logs?limit=500&order=sideways&date_from=2026-02-30&user_id=nope");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_input");
    expect(r.body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(["date_from", "limit", "order", "user_id"]);
    const bad = await json(listRoute, "/api/audit-logs?cursor=garbage");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
  });

  it("writes one data-access row per view, with the search and the row count", async () => {
    signIn(manager);
    const before = await db.dataAccessLog.count({ where: { userId: manager.user.id, dataType: "audit_log", accessType: "view" } });
    const r = await json(searchRoute, `/api/audit-logs/search?q=${FIXTURE_Q}&limit=2`);
    const rows = await db.dataAccessLog.findMany({ where: { userId: manager.user.id, dataType: "audit_log", accessType: "view" }, orderBy: { accessTimestamp: "asc" } });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ recordCount: 2, accessMethod: "api", searchCriteria: expect.objectContaining({ q: "entity:fixture", limit: 2 }) });
    expect(r.body.data).toHaveLength(2);
  });

  it("says where the time went in a Server-Timing header", async () => {
    signIn(auditor);
    const r = await json(listRoute, `/api/audit-logs?q=${FIXTURE_Q}&limit=2`);
    expect(r.status).toBe(200);
    expect(r.headers.get("server-timing")).toMatch(/^session;dur=\d+\.\d, handler;dur=\d+\.\d$/);
  });
});

describe("GET /api/audit-logs/export", () => {
  async function exportText(who: Person, format: string, q = "entity:fixture") {
    signIn(who);
    const res = await call(exportRoute, `/api/audit-logs/export?format=${format}&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return { res, text: await res.text() };
  }

  it("answers 409 for an evidence bundle until a checkpoint has been signed, then streams the zip", async () => {
    signIn(auditor);
    const early = await call(exportRoute, `/api/audit-logs/export?format=bundle&q=entity:fixture`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: "conflict", message: expect.stringMatching(/^No signed checkpoint covers the audit log yet/) } });
    await createCheckpoint();
    const res = await call(exportRoute, `/api/audit-logs/export?format=bundle&q=entity:fixture`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toMatch(/filename="audit-evidence-.*\.zip"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  });

  it("streams CSV and NDJSON rows identical to the search, row for row, within scope", async () => {
    for (const who of [employee, manager, auditor]) {
      signIn(who);
      const search = await allPages(searchRoute, `/api/audit-logs/search?q=${FIXTURE_Q}`);
      const csv = await exportText(who, "csv");
      expect(csv.res.headers.get("Content-Type")).toContain("text/csv");
      expect(csv.res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}T\d{6}PKT\.csv"$/);
      expect(csv.res.headers.get("Cache-Control")).toBe("no-store, no-transform"); // not gzipped in-process
      const [header, ...records] = parseCsv(csv.text);
      const idAt = header!.indexOf("Entry ID");
      expect(header).toContain("Time (PKT)");
      expect(records.map((r) => r[idAt])).toEqual(search.map((r) => r.id));
      // Each cell says what the JSON row says (the CSV's values are written in SQL).
      const cells = (r: string[]) => Object.fromEntries(header!.map((label, i) => [label, r[i]]));
      expect(records.map(cells)).toEqual(
        (search as unknown as AuditRowJson[]).map((r) => ({
          "Time (PKT)": formatIsoPkt(new Date(r.at)), "Event type": r.eventType, Category: r.category, Action: neutralizeCell(r.action),
          Description: neutralizeCell(r.description), Module: neutralizeCell(r.module), Actor: neutralizeCell(r.actor.name),
          "Actor email": neutralizeCell(r.actor.email), "Actor role": neutralizeCell(r.actor.role), "Record type": neutralizeCell(r.entity.type),
          Record: neutralizeCell(r.entity.name), "Record ID": neutralizeCell(r.entity.id), About: neutralizeCell(r.subject?.name ?? ""),
          Risk: r.risk, Outcome: r.status, "IP address": neutralizeCell(r.ip ?? ""), Sensitive: r.sensitive ? "yes" : "no",
          "Values masked for you": r.masked ? "yes" : "no", "Entry ID": r.id,
        })),
      );

      const nd = await exportText(who, "ndjson");
      const lines = nd.text.trim().split("\n").map((l) => JSON.parse(l));
      expect(lines).toEqual(search);
      const js = await exportText(who, "json");
      expect(JSON.parse(js.text)).toEqual(search);
    }
  });

  it("neutralizes spreadsheet formulas in CSV cells", async () => {
    const { text } = await exportText(auditor, "csv");
    const [header, ...records] = parseCsv(text);
    const desc = header!.indexOf("Description");
    const descriptions = records.map((r) => r[desc]);
    expect(descriptions).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://evil.test\",\"click\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)", "'\tTabbed"]));
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("audits every export with query, format, row count and duration, and logs a data access", async () => {
    const { text } = await exportText(employee, "ndjson");
    const sent = text.trim().split("\n").length;
    const entry = await db.auditLog.findFirstOrThrow({ where: { userId: employee.user.id, actionType: "audit_log.exported" }, orderBy: { eventTimestamp: "desc" } });
    expect(entry.eventType).toBe("export");
    expect(entry.additionalData).toMatchObject({ query: "entity:fixture", format: "ndjson", rowCount: sent, outcome: "completed", durationMs: expect.any(Number) });
    const access = await db.dataAccessLog.findFirstOrThrow({ where: { userId: employee.user.id, accessType: "export" }, orderBy: { accessTimestamp: "desc" } });
    expect(access).toMatchObject({ recordCount: sent, accessMethod: "export", searchCriteria: { q: "entity:fixture", format: "ndjson", outcome: "completed" } });
  });

  it("records a cancelled export with the rows sent so far", async () => {
    const parsed = parseQuery("entity:fixture");
    if (!parsed.ok) throw new Error("fixture query");
    const file = exportAuditLog({ actor: auditor.actor, request: REQUEST, ast: parsed.ast, format: "ndjson", batchSize: 2 });
    const reader = file.body.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).trim().split("\n")).toHaveLength(2);
    await reader.cancel();
    expect(await file.finished).toBe("cancelled");
    const entry = await db.auditLog.findFirstOrThrow({ where: { userId: auditor.user.id, actionType: "audit_log.exported" }, orderBy: { eventTimestamp: "desc" } });
    expect(entry.status).toBe("warning");
    expect(entry.additionalData).toMatchObject({ rowCount: 2, outcome: "cancelled", format: "ndjson" });
  });
});

describe("GET /api/audit-analytics", () => {
  type Analytics = { total: number; topActors: Array<{ name: string; count: number }>; byCategory: Array<{ count: number }>; window: { from: string; defaulted: boolean } };
  it("answers a window that ends on the calendar's last day (date_to=9999-12-31) without a 500 (the fuzz run found one)", async () => {
    signIn(auditor);
    for (const path of ["/api/audit-analytics?date_to=9999-12-31", "/api/audit-analytics?date_from=9999-12-31", "/api/audit-logs?date_to=9999-12-31"]) {
      const r = await call(path.startsWith("/api/audit-analytics") ? analyticsRoute : listRoute, path);
      expect(r.status, path).toBeLessThan(500);
    }
  });
  it("charts only what each viewer may read: the totals equal their search's rows", async () => {
    for (const [who, scope] of [[employee, EMPLOYEE_SCOPE], [manager, MANAGER_SCOPE], [auditor, ALL]] as const) {
      signIn(who);
      const r = await json(analyticsRoute, `/api/audit-analytics?q=${FIXTURE_Q}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("Cache-Control")).toBe("no-store");
      const data = r.body.data as Analytics;
      expect(data.total).toBe(scope.length);
      expect(data.byCategory.reduce((n, c) => n + c.count, 0)).toBe(scope.length);
      expect(data.window.defaulted).toBe(true);
      if (who !== auditor) expect(data.topActors.map((a) => a.name)).not.toContain("Omar Outsider");
    }
  });

  it("answers a bad search with 400 invalid_query pointing at the term, and a stranger with 401", async () => {
    signIn(auditor);
    const bad = await json(analyticsRoute, `/api/audit-analytics?q=${encodeURIComponent("risk:>=extreme")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_query");
    expect(bad.body.error.details).toMatchObject({ position: expect.any(Number) });
    const badDate = await json(analyticsRoute, `/api/audit-analytics?date_from=yesterday`);
    expect(badDate.status).toBe(400);
    signIn(null);
    const anon = await json(analyticsRoute, `/api/audit-analytics`);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe("unauthenticated");
  });
});

describe("CSV export through COPY", () => {
  it("records a cancelled CSV export with the rows handed over, and the connection is not reused mid-COPY", async () => {
    const parsed = parseQuery("entity:fixture");
    if (!parsed.ok) throw new Error("fixture query");
    const file = exportAuditLog({ actor: auditor.actor, request: REQUEST, ast: parsed.ast, format: "csv" });
    const reader = file.body.getReader();
    const first = await reader.read();
    const [, ...records] = parseCsv(new TextDecoder().decode(first.value));
    expect(records.length).toBeGreaterThan(0);
    await reader.cancel();
    expect(await file.finished).toBe("cancelled");
    const entry = await db.auditLog.findFirstOrThrow({ where: { userId: auditor.user.id, actionType: "audit_log.exported" }, orderBy: { eventTimestamp: "desc" } });
    expect(entry.additionalData).toMatchObject({ rowCount: records.length, outcome: "cancelled", format: "csv" });
    // The pool still answers: the half-read COPY's connection was discarded, not handed on.
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });

  it("finds nothing and breaks nothing with quotes and SQL in the search", async () => {
    signIn(auditor);
    const res = await call(exportRoute, `/api/audit-logs/export?format=csv&q=${encodeURIComponent(`"'); DROP TABLE users; --" actor:"O'Brien"`)}`);
    expect(res.status).toBe(200);
    const [header, ...records] = parseCsv(await res.text());
    expect(header).toContain("Entry ID");
    expect(records).toEqual([]);
    expect(await db.user.count()).toBeGreaterThan(0);
  });
});

describe("GET /api/audit-sessions and /api/data-access-logs", () => {
  it("shows an employee their own, a manager also their direct reports', an auditor everyone's", async () => {
    signIn(employee);
    const mine = await allPages(sessionsRoute, "/api/audit-sessions");
    expect(mine.map((s) => (s as unknown as { user: { id: string } }).user.id)).toEqual([employee.user.id]);
    expect(JSON.stringify(mine)).not.toContain(`session-${employee.user.id}`);
    signIn(manager);
    const team = (await allPages(sessionsRoute, "/api/audit-sessions")) as unknown as Array<{ user: { id: string } }>;
    expect(team.map((s) => s.user.id)).toEqual([employee.user.id]); // the outsider is not their report
    signIn(auditor);
    const all = (await allPages(sessionsRoute, "/api/audit-sessions")) as unknown as Array<{ user: { id: string; name: string } }>;
    expect(all.map((s) => s.user.id).sort()).toEqual([employee.user.id, outsider.user.id].sort());
    expect(all.every((s) => s.user.name.length > 0)).toBe(true);

    signIn(employee);
    const own = (await allPages(accessRoute, "/api/data-access-logs")) as unknown as Array<{ user: { id: string } }>;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.user.id === employee.user.id)).toBe(true);
    signIn(manager);
    const teams = (await allPages(accessRoute, "/api/data-access-logs")) as unknown as Array<{ user: { id: string } }>;
    expect(new Set(teams.map((r) => r.user.id))).toEqual(new Set([employee.user.id, manager.user.id]));
    signIn(auditor);
    const everyone = (await allPages(accessRoute, "/api/data-access-logs")) as unknown as Array<{ user: { id: string } }>;
    expect(new Set(everyone.map((r) => r.user.id))).toEqual(new Set([employee.user.id, manager.user.id, auditor.user.id]));
  });

  it("narrows by each of the spec's filters, and refuses an unknown one", async () => {
    signIn(auditor);
    type S = { user: { id: string }; loginStatus: string; authenticationMethod: string; ip: string };
    const sessions = async (q: string) => (await allPages(sessionsRoute, `/api/audit-sessions?${q}`)) as unknown as S[];
    expect((await sessions(`user_id=${outsider.user.id}`)).map((s) => s.user.id)).toEqual([outsider.user.id]);
    const today = pktDayKey(new Date());
    expect(await sessions(`login_date=${today}`)).toHaveLength(2);
    expect(await sessions("login_date=2020-01-01")).toEqual([]);
    expect(await sessions("status=failure")).toEqual([]);
    expect(await sessions("status=success&method=password")).toHaveLength(2);
    expect(await sessions("method=api_key")).toEqual([]);
    expect((await sessions(`q=${encodeURIComponent(outsider.user.email.toUpperCase())}`)).map((s) => s.user.id)).toEqual([outsider.user.id]);
    expect(await sessions("q=203.0.113.9")).toHaveLength(2);
    // A manager asking for someone outside their team gets nothing, not the person's sessions.
    signIn(manager);
    expect(await sessions(`user_id=${outsider.user.id}`)).toEqual([]);

    signIn(auditor);
    type D = { user: { id: string }; dataCategory: string; accessType: string; status: string };
    const reads = async (q: string) => (await allPages(accessRoute, `/api/data-access-logs?${q}`)) as unknown as D[];
    const all = await reads("");
    const exported = await reads("access_type=export");
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.length).toBeLessThan(all.length);
    expect(exported.every((r) => r.accessType === "export")).toBe(true);
    const system = await reads("data_category=system_data");
    expect(system.length).toBeGreaterThan(0);
    expect(system.every((r) => r.dataCategory === "system_data")).toBe(true);
    expect(await reads("data_category=health_data")).toEqual([]);
    expect((await reads(`user_id=${employee.user.id}`)).every((r) => r.user.id === employee.user.id)).toBe(true);
    const todays = (await allPages(accessRoute, `/api/data-access-logs?date_from=${today}&date_to=${today}`)) as unknown as Array<{ at: string }>;
    expect(todays.length).toBeGreaterThan(0);
    expect(todays.every((r) => pktDayKey(new Date(r.at)) === today)).toBe(true);
    expect(await reads("date_to=2020-01-01")).toEqual([]);
    expect(await reads("access_status=denied")).toEqual([]);

    for (const [route, path] of [[sessionsRoute, "/api/audit-sessions?login_day=2026-01-01"], [accessRoute, "/api/data-access-logs?category=x"], [accessRoute, "/api/data-access-logs?date_from=2026-02-01&date_to=2026-01-01"]] as const) {
      const r = await json(route, path);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_input");
    }
  });

  it("records each view of them as a data access", async () => {
    signIn(employee);
    const count = () => db.dataAccessLog.count({ where: { userId: employee.user.id, dataType: { in: ["audit_session", "data_access_log"] } } });
    const before = await count();
    await json(sessionsRoute, "/api/audit-sessions");
    await json(accessRoute, "/api/data-access-logs");
    expect(await count()).toBe(before + 2);
  });
});

describe("apiRoute permission check", () => {
  it("refuses with 403 and records the refusal as an access-denied entry", async () => {
    signIn(employee);
    const route = apiRoute({ ...verifyAuditLog, deniedMessage: "Not for you." }, async () => new Response(null, { status: 204 }));
    const r = await json(route, "/api/test-only");
    expect(r).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: "Not for you." } } });
    const denied = await db.auditLog.findFirst({ where: { userId: employee.user.id, eventType: "access_denied", objectName: "/api/test-only" } });
    expect(denied?.errorMessage).toBe("Not for you.");
  });
});

describe("POST /api/audit-logs/verify on the wrapper", () => {
  it("refuses a cross-origin POST and a role without audit:verify, runs for an auditor, and is not a GET", async () => {
    const post = (headers: Record<string, string> = {}) =>
      verifyPost(new Request("http://localhost/api/audit-logs/verify", { method: "POST", headers: { host: "localhost", "user-agent": "vitest", ...headers } }));
    signIn(auditor);
    const cross = await post({ origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.code).toBe("forbidden");
    signIn(employee);
    expect((await post()).status).toBe(403);
    signIn(auditor);
    const run = await post({ origin: "http://localhost" });
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ status: expect.stringMatching(/^(intact|stale|unverifiable)$/) });
    const again = await post();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await again.json()).error.code).toBe("rate_limited");
    const get = verifyGet();
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
  });
});
