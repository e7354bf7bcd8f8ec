// A property-based run over every operation of the API, as a bearer-token client of each
// role (issue 19): inputs are generated from the OpenAPI document's own schemas
// (lib/contract/arbitraries.ts; valid ones, and hostile ones around them), sent to the
// route handler the app serves the path with, and every answer must hold:
//   - no 5xx;
//   - it conforms to the document (status, media type, body schema: contractBreaches);
//   - no stack trace or source path in the body;
//   - a refused request (4xx) wrote nothing: the business tables read the same after it.
// FUZZ_RUNS sets the runs per operation and role (default 15); FUZZ_SEED replays a run
// (a failure names the seed). The budgets are raised so 429s do not mask everything;
// a 429 that does come (verify allows one run per person per 30 s) is still checked.
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROLES, type Role } from "@/lib/access/permissions";
import type { ApiRouteHandler } from "@/lib/api/handler";
import type { Operation } from "@/lib/api/operation";
import { ratePolicies } from "@/lib/api/rate-limit";
import { createAnnouncement, updateAnnouncement } from "@/lib/announcements/service";
import { createSavedSearch } from "@/lib/audit/saved/service";
import { SEARCH_KEYS } from "@/lib/audit/search/parse";
import { db, pool } from "@/lib/db";
import { TOKEN_SCOPES } from "@/lib/tokens/scopes";
import { createToken } from "@/lib/tokens/service";
import { createUser, pktDayFromToday } from "@/test/factories";
import { schemaArbitrary, type JsonSchema, type SchemaArbitraryOptions } from "./arbitraries";
import { contractBreaches } from "./check";
import { openApiDocument } from "./document";
import { OPERATIONS } from "./operations";

// Before any module reads lib/env (checked in beforeAll): budgets no run can spend.
vi.hoisted(() => {
  process.env.API_REQUESTS_PER_MINUTE = "1000000";
  process.env.API_EXPORTS_PER_HOUR = "100000";
});

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 15);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** A stack frame, a dependency path or a source position: what an answer must never show. */
const STACK_TRACE = /\n\s+at\s|node_modules|\.tsx?:\d+/;

// ─── What a refused request must not change ────────────────────────────────
//
// Every table a request could change, digested row by row. Left out on purpose, since
// they record calls and refusals by design: audit_logs (with the tables derived from it:
// chain heads, checkpoints, archives, rollups, search words), data_access_logs,
// audit_sessions and rate_limits; and api_tokens' last_used_at / last_used_ip, which
// every use of a token updates (lib/tokens/authenticate.ts).
const BUSINESS_TABLES: Record<string, string> = {
  departments: "departments",
  users: "users",
  attendance_sessions: "attendance_sessions",
  tasks: "tasks",
  time_logs: "time_logs",
  leave_requests: "leave_requests",
  project_requests: "project_requests",
  alerts: "alerts",
  announcements: "announcements",
  announcement_reads: "announcement_reads",
  settings: "settings",
  outbox_messages: "outbox_messages",
  audit_alerts: "audit_alerts",
  audit_reports: "audit_reports",
  saved_searches: "saved_searches",
  api_tokens: "(SELECT id, user_id, name, secret_hash, hint, scopes, expires_at, created_at, revoked_at FROM api_tokens)",
};
const DIGEST_SQL = `SELECT ${Object.entries(BUSINESS_TABLES)
  .map(([name, from]) => `(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${from} t) AS ${name}`)
  .join(", ")}`;

async function digest(): Promise<Record<string, string>> {
  const { rows } = await pool.query<Record<string, string>>(DIGEST_SQL);
  return rows[0]!;
}

// ─── The world ─────────────────────────────────────────────────────────────

type Person = Awaited<ReturnType<typeof createUser>>;
const people = {} as Record<Role, Person>;
const tokens = {} as Record<Role, string>;
/** Ids of existing records, by the path they are read under, so some requests get past 404. */
const realIds: Record<string, string[]> = {};
const ownAlertIds = {} as Record<Role, string[]>;

const MANAGER_OF: Partial<Record<Role, Role>> = { manager: "admin", team_lead: "manager", employee: "team_lead", junior_employee: "team_lead", intern: "manager" };

beforeAll(async () => {
  // A manager chain: admin ← manager ← team lead ← employee, junior; manager ← intern.
  for (const role of ROLES) {
    const manager = MANAGER_OF[role];
    people[role] = await createUser({ role, name: `Fuzz ${role}`, managerId: manager ? people[manager].user.id : null, department: role === "hr_operations" ? "People" : "Engineering" });
  }
  for (const role of ROLES) {
    tokens[role] = (await createToken({ ...people[role].ctx, name: `fuzz ${role}`, scopes: [...TOKEN_SCOPES], expiresInDays: 1 })).token;
  }

  const hr = people.hr_operations.ctx;
  const live = { startDate: pktDayFromToday(-2), endDate: pktDayFromToday(30) };
  const announcements = [
    await createAnnouncement({ ...hr, title: "Policy update: please acknowledge", body: "Read the **new** policy.", audience: "all", ...live, requiresAck: true, pinned: true }),
    await createAnnouncement({ ...hr, title: "Employees' town hall", body: "Friday, 3 pm.", audience: "employee", ...live }),
    await createAnnouncement({ ...people.admin.ctx, title: "Managers: review cycle", body: "Reviews are due.", audience: "manager", ...live }),
    await createAnnouncement({ ...hr, title: "Next month's holiday", body: "Office closed.", audience: "all", startDate: pktDayFromToday(10), endDate: pktDayFromToday(12) }),
    await createAnnouncement({ ...hr, title: "Old notice", body: "Archived.", audience: "all", ...live }),
  ];
  await updateAnnouncement({ ...hr, id: announcements[4]!.id, isActive: false });

  const SEVERITIES = ["low", "medium", "high", "critical"] as const;
  const TYPES = ["missing_checkout", "overdue_task", "approval_delay", "workload_overload"] as const;
  const recipients: Role[] = ["admin", "manager", "team_lead", "employee", "hr_operations"];
  await db.alert.createMany({
    data: recipients.flatMap((role, r) =>
      [0, 1, 2].map((i) => ({
        type: TYPES[(r + i) % TYPES.length]!, severity: SEVERITIES[(r + i) % SEVERITIES.length]!, recipientUserId: people[role].user.id,
        subjectUserId: people.employee.user.id, subjectLabel: people.employee.user.name, entityType: "task", entityId: `fuzz-${role}-${i}`,
        entityLabel: `Task ${i}`, message: `Task ${i} is overdue.`, dedupeKey: `fuzz-${role}-${i}`,
      })),
    ),
  });
  await db.auditAlert.create({ data: { alertType: "bulk_export", alertMessage: "Many exports in an hour", alertSeverity: "high", details: { exports: 12 } } });
  await db.auditAlert.create({ data: { alertType: "large_export", alertMessage: "Fuzz exported 20,000 rows", alertSeverity: "critical", details: { rows: 20_000, by: "Fuzz admin" } } });

  const alerts = await db.alert.findMany({ select: { id: true, recipientUserId: true } });
  for (const role of ROLES) ownAlertIds[role] = alerts.filter((a) => a.recipientUserId === people[role].user.id).map((a) => a.id);
  realIds["/api/alerts"] = alerts.map((a) => a.id);
  // Anomaly alerts to resolve and dismiss: once closed, the rest of the run meets 409s.
  realIds["/api/audit-alerts"] = (await db.auditAlert.findMany({ select: { id: true } })).map((a) => a.id);
  realIds["/api/announcements"] = (await db.announcement.findMany({ select: { id: true } })).map((a) => a.id);
  realIds["/api/audit-logs"] = (await db.auditLog.findMany({ select: { id: true }, take: 40 })).map((a) => a.id);
  realIds["/api/tokens"] = (await db.apiToken.findMany({ select: { id: true } })).map((t) => t.id);
  // Saved searches: an auditor's private and shared ones, an admin's pinned one, an employee's own.
  await createSavedSearch({ ...people.auditor.ctx, name: "Private", q: "risk:>=high" });
  await createSavedSearch({ ...people.auditor.ctx, name: "Shared", q: "type:export hours:off", shared: true });
  await createSavedSearch({ ...people.admin.ctx, name: "Pinned", q: "action:user.role_changed hours:off", pinned: true });
  await createSavedSearch({ ...people.employee.ctx, name: "Mine", q: "" });
  realIds["/api/saved-searches"] = (await db.savedSearch.findMany({ select: { id: true } })).map((s) => s.id);

  // The budgets must be the raised ones, or 429s would hide everything after the first few.
  expect(ratePolicies().default.points).toBe(1_000_000);
  expect(ratePolicies().export.points).toBe(100_000);
});

// ─── Inputs, from the document ─────────────────────────────────────────────

type Parameter = { name: string; in: "query" | "path" | "header" | "cookie"; required?: boolean; schema: JsonSchema };
type DocumentOperation = { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } };

/** What goes on the wire: query pairs (a name may repeat), path parameters, and a body. */
type Input = {
  mode: "valid" | "hostile";
  query: Array<[string, string]>;
  params: Record<string, string>;
  body?: { contentType: string | null; text: string };
};

/** Search-language terms, so `q` gets past the parser now and then (and trips it in every way). */
const SEARCH_TERMS = [
  ...SEARCH_KEYS.map((k) => `${k}:`),
  "action:announcement.created", "actor:fuzz", "type:create", "type:access_denied", "risk:high", "risk:>=medium", "status:failure", "category:security",
  "ip:203.0.113.7", "ip:10.0.0.0/8", "entity:announcement", "created:2026-12-01..2026-12-07", "created:>=2026-01-01", "created:today", "created:..2026-12-31",
  "-type:read", "OR", "AND", "NOT", "(", ")", "\"quoted phrase", "\"unterminated", "*", "fuzz*", "ünïcödé",
];

/** The query parameters that take a list's page cursor (lib/pagination). */
const CURSOR_PARAMETERS = new Set(["cursor", "before"]);
/** The `nextCursor`s each operation has handed each role, fed back as later inputs. */
const handedOut: Record<string, string[]> = {};

/** One of the cursors handed out so far (read when the value is generated), or none. */
function handedOutCursor(op: Operation, role: Role): fc.Arbitrary<string | undefined> {
  return fc.nat().map((n) => {
    const cursors = handedOut[`${op.operationId}:${role}`] ?? [];
    return cursors.length > 0 ? cursors[n % cursors.length] : undefined;
  });
}

function keepCursor(op: Operation, role: Role, text: string): void {
  let next: unknown;
  try {
    next = (JSON.parse(text) as { nextCursor?: unknown }).nextCursor;
  } catch {
    return;
  }
  if (typeof next !== "string") return;
  const cursors = (handedOut[`${op.operationId}:${role}`] ??= []);
  if (!cursors.includes(next)) cursors.push(next);
  if (cursors.length > 20) cursors.shift();
}

/** A value as a query or form field carries it. */
function wire(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return JSON.stringify(value) ?? "";
}

function queryPairs(values: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(values).flatMap(([name, v]): Array<[string, string]> => (v === undefined ? [] : Array.isArray(v) ? v.map((x) => [name, wire(x)]) : [[name, wire(v)]]));
}

function documentOperation(op: Operation): DocumentOperation {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, DocumentOperation>> };
  return doc.paths[op.path]![op.method.toLowerCase()]!;
}

function inputArbitrary(op: Operation, role: Role): fc.Arbitrary<Input> {
  const root = openApiDocument();
  const documented = documentOperation(op);
  const parameters = documented.parameters ?? [];
  const query = parameters.filter((p) => p.in === "query");
  const pathParams = parameters.filter((p) => p.in === "path");
  const bodyContent = documented.requestBody ? Object.entries(documented.requestBody.content)[0] : undefined;
  const prefix = Object.keys(realIds).find((p) => op.path.startsWith(`${p}/{`));
  const known = prefix ? [...(prefix === "/api/alerts" ? ownAlertIds[role] : []), ...realIds[prefix]!] : [];

  const forMode = (mode: "valid" | "hostile"): fc.Arbitrary<Input> => {
    const options: SchemaArbitraryOptions = { root, mode, dictionary: SEARCH_TERMS, hugeStringLength: 5_000 };
    // A valid request leaves an optional parameter out half the time, so one opaque
    // value (a cursor is any string to the document) does not turn every request into
    // a 400; a hostile one, a time in four. A cursor is, half the time it is sent, one
    // this operation handed out.
    const queryValues = fc.record(
      Object.fromEntries(
        query.map((p) => {
          const generated = schemaArbitrary(p.schema, options);
          const value = CURSOR_PARAMETERS.has(p.name) ? fc.oneof(generated, handedOutCursor(op, role)) : generated;
          return [p.name, p.required ? value : fc.option(value, { nil: undefined, freq: mode === "valid" ? 2 : 4 })];
        }),
      ),
    );
    const extraQuery: fc.Arbitrary<Array<[string, string]>> =
      mode === "valid" ? fc.constant([]) : fc.array(fc.tuple(fc.oneof(fc.constantFrom(...query.map((p) => p.name), "__proto__", "cursor", "limit", "x"), fc.string({ maxLength: 6 })), fc.string({ maxLength: 12 })), { maxLength: 2 });
    const params = fc.record(
      Object.fromEntries(
        pathParams.map((p) => {
          const generated = schemaArbitrary(p.schema, options).map(wire);
          return [p.name, known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 2 }, { arbitrary: generated, weight: 1 }) : generated];
        }),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const body = bodyContent ? bodyArbitrary(bodyContent[0], bodyContent[1].schema, documented.requestBody?.required ?? false, options) : fc.constant(undefined);
    return fc.record({ query: fc.tuple(queryValues, extraQuery).map(([values, extra]) => [...queryPairs(values), ...extra]), params, body }).map((i) => ({ mode, ...i }));
  };
  // Stack-trace-looking text is never sent, so any in an answer is the server's own.
  return fc.oneof(forMode("valid"), forMode("hostile")).filter((input) => !sentTexts(input).some((text) => STACK_TRACE.test(text)));
}

/** Every text a request carries, as the server may read it back: raw, JSON-decoded and form-decoded. */
function sentTexts(input: Input): string[] {
  const strings = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value !== null && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];
  const texts = [...input.query.flat(), ...Object.values(input.params)];
  if (input.body) {
    texts.push(input.body.text, ...[...new URLSearchParams(input.body.text)].flat());
    try {
      texts.push(...strings(JSON.parse(input.body.text)));
    } catch {
      // not JSON
    }
  }
  return texts;
}

function bodyArbitrary(mediaType: string, schema: JsonSchema, required: boolean, options: SchemaArbitraryOptions): fc.Arbitrary<Input["body"]> {
  const form = mediaType === "application/x-www-form-urlencoded";
  const encode = (value: unknown): string =>
    form ? (value && typeof value === "object" && !Array.isArray(value) ? new URLSearchParams(queryPairs(value as Record<string, unknown>)).toString() : wire(value)) : JSON.stringify(value);
  const documentedBody = schemaArbitrary(schema, options).map((value) => ({ contentType: mediaType, text: encode(value) }));
  if (options.mode === "valid") return required ? documentedBody : fc.option(documentedBody, { nil: undefined, freq: 4 });
  const other = form ? "application/json" : "application/x-www-form-urlencoded";
  return fc.oneof(
    { arbitrary: documentedBody, weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constantFrom('{"a":', "{", "null", "[]", "[{}]", '"text"', "1", "true", "", "{}{}", '{"__proto__":{"isAdmin":true}}', "\u0000").map((text) => ({ contentType: mediaType, text })), weight: 2 },
    { arbitrary: fc.constantFrom(`${mediaType}; charset=utf-8`, `${mediaType.toUpperCase()}`, other, "text/plain", "multipart/form-data; boundary=x", "", null).chain((contentType) => documentedBody.map((b) => ({ contentType, text: b.text }))), weight: 2 },
  );
}

// ─── Requests ──────────────────────────────────────────────────────────────

const APP = path.resolve(import.meta.dirname, "../../app");
const HOST = "127.0.0.1";

/** The handler the app serves `op` with: app/api/alerts/[id]/resolve/route.ts for "/api/alerts/{id}/resolve". */
async function handlerFor(op: Operation): Promise<ApiRouteHandler> {
  const file = path.join(APP, ...op.path.split("/").slice(1).map((seg) => seg.replace(/^\{(.+)\}$/, "[$1]")), "route.ts");
  const handler = ((await import(file)) as Record<string, ApiRouteHandler | undefined>)[op.method];
  if (!handler?.operation) throw new Error(`${file} exports no ${op.method} handler with an operation`);
  expect(handler.operation.operationId).toBe(op.operationId);
  return handler;
}

/** A path parameter as a URL carries it (well-formed first: a lone surrogate cannot be percent-encoded). */
const segment = (value: string) => encodeURIComponent(value.toWellFormed());

function requestFor(op: Operation, token: string, input: Input): { request: Request; context: { params: Promise<Record<string, string>> } } {
  const params = Object.fromEntries(Object.entries(input.params).map(([k, v]) => [k, v.toWellFormed()]));
  const pathname = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => segment(params[name] ?? ""));
  const search = new URLSearchParams(input.query).toString();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, host: HOST, "user-agent": "hr-governance-fuzz/1.0 (fast-check)" };
  if (input.body?.contentType) headers["content-type"] = input.body.contentType;
  const request = new Request(`http://${HOST}${pathname}${search ? `?${search}` : ""}`, {
    method: op.method,
    headers,
    ...(input.body !== undefined && op.method !== "GET" ? { body: input.body.text } : {}),
  });
  return { request, context: { params: Promise.resolve(params) } };
}

// ─── The run ───────────────────────────────────────────────────────────────

const stats = { requests: 0, properties: 0, byStatus: {} as Record<string, number>, byOperation: {} as Record<string, Record<string, number>>, started: 0 };
let lastDigest: Record<string, string> | undefined;

/** A seed per operation and role, derived from the run's, so FUZZ_SEED replays every property. */
function seedFor(op: Operation, role: Role): number {
  let h = SEED;
  for (const ch of `${op.operationId}:${role}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/** What the app logged with console.error while answering (an unexpected error, a lost audit entry). */
const logged: string[] = [];

beforeAll(() => {
  stats.started = performance.now();
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" "));
  });
});

// A test may write between properties; the digest is then read afresh.
beforeEach(() => {
  lastDigest = undefined;
  logged.length = 0;
});

afterAll(() => {
  vi.restoreAllMocks();
  const seconds = ((performance.now() - stats.started) / 1000).toFixed(1);
  const statuses = (counts: Record<string, number>) => Object.entries(counts).sort().map(([s, n]) => `${s}×${n}`).join(" ");
  console.log(
    [
      `API fuzz: ${OPERATIONS.length} operations × ${ROLES.length} roles × ${RUNS} runs (${stats.properties} properties), ${stats.requests} requests in ${seconds} s; FUZZ_SEED=${SEED}`,
      `  all: ${statuses(stats.byStatus)}`,
      ...Object.entries(stats.byOperation).map(([id, counts]) => `  ${id}: ${statuses(counts)}`),
    ].join("\n"),
  );
});

/**
 * The answer's text. A live tail (text/event-stream) never ends by itself: its text is
 * what it sent up to its `ready` event (or 3 s), then the stream is cancelled.
 */
async function answerText(response: Response): Promise<string> {
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream") || !response.body) return response.clone().text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 3_000;
  while (!text.includes("event: ready") && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 500))]);
    if (chunk === null) continue;
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe.each(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))("%s", (_name, op) => {
  it.each([...ROLES])("answers a bearer token of a %s within the document, without a 5xx, a stack trace or a refused write", async (role) => {
    const handler = await handlerFor(op);
    const token = tokens[role];
    stats.properties++;
    const property = fc.asyncProperty(inputArbitrary(op, role), async (input) => {
      const before = lastDigest ?? (await digest());
      lastDigest = undefined;
      logged.length = 0;
      const { request, context } = requestFor(op, token, input);
      const response = await handler(request, context);
      const text = await answerText(response);
      const after = await digest();
      lastDigest = after;
      stats.requests++;
      stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
      const byOperation = (stats.byOperation[op.operationId] ??= {});
      byOperation[response.status] = (byOperation[response.status] ?? 0) + 1;
      if (response.status === 200) keepCursor(op, role, text);
      const said = `${response.status} ${text.slice(0, 400)}`;
      expect(response.status, said).toBeLessThan(500);
      expect(await contractBreaches(op, response), said).toEqual([]);
      expect(text, "the answer shows a stack trace or a source path").not.toMatch(STACK_TRACE);
      expect(logged, `what the app logged as an error while answering ${said}`).toEqual([]);
      if (response.status >= 400) {
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        expect(changed, `a refused request (${said}) changed these tables`).toEqual([]);
      }
    });
    try {
      await fc.assert(property, { numRuns: RUNS, seed: seedFor(op, role) });
    } catch (error) {
      // The per-property seed is in fast-check's report; the run's replays the lot.
      if (error instanceof Error) error.message = `${error.message}\n\nReplay the run: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`;
      throw error;
    }
  });
});

describe("the write check", () => {
  it("sees a write to a business table, and not a token's use being noted", async () => {
    const listAlerts = OPERATIONS.find((o) => o.operationId === "listAlerts")!;
    const before = await digest();
    // A token unused for a while: this request notes its use (last_used_at), by design.
    await db.apiToken.updateMany({ where: { userId: people.intern.user.id }, data: { lastUsedAt: new Date(0) } });
    const { request, context } = requestFor(listAlerts, tokens.intern, { mode: "valid", query: [], params: {} });
    expect((await (await handlerFor(listAlerts))(request, context)).status).toBe(200);
    expect((await db.apiToken.findFirstOrThrow({ where: { userId: people.intern.user.id } })).lastUsedAt!.getTime()).toBeGreaterThan(0);
    expect(await digest()).toEqual(before);

    await db.setting.create({ data: { key: "fuzz.write-check", value: 1 } });
    const after = await digest();
    expect(Object.keys(after).filter((table) => after[table] !== before[table])).toEqual(["settings"]);
    await db.setting.delete({ where: { key: "fuzz.write-check" } });
  });
});

// ─── What the run found, pinned ────────────────────────────────────────────

describe("defects the run found", () => {
  const call = async (op: Operation, role: Role, input: Omit<Input, "mode">) => {
    const { request, context } = requestFor(op, tokens[role], { mode: "hostile", ...input });
    const response = await (await handlerFor(op))(request, context);
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; details?: { issues?: Array<{ field: string }> } } } };
  };
  const operation = (id: string) => OPERATIONS.find((o) => o.operationId === id)!;

  it("refuses text with a NUL character in a query, a path or a body with 400, before it reaches PostgreSQL (it was a 500)", async () => {
    const actors = await call(operation("listAuditActors"), "employee", { query: [["q", "abc\u0000"]], params: {} });
    expect(actors).toMatchObject({ status: 400, body: { error: { code: "invalid_input", details: { issues: [{ field: "q" }] } } } });

    const { id: alertId } = await db.alert.create({
      data: { type: "overdue_task", severity: "low", recipientUserId: people.hr_operations.user.id, subjectLabel: "Someone", entityType: "task", entityId: "nul", entityLabel: "Task", message: "Overdue.", dedupeKey: "fuzz-nul" },
    });
    const note = await call(operation("resolveAlert"), "hr_operations", { query: [], params: { id: alertId }, body: { contentType: "application/json", text: JSON.stringify({ note: "\u0000 " }) } });
    expect(note).toMatchObject({ status: 400, body: { error: { code: "invalid_input", message: "Text cannot contain a NUL character (U+0000).", details: { issues: [{ field: "note" }] } } } });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe("OPEN");

    const key = await call(operation("createAnnouncement"), "admin", { query: [], params: {}, body: { contentType: "application/json", text: JSON.stringify({ title: "Fine", "x\u0000": 1 }) } });
    expect(key).toMatchObject({ status: 400, body: { error: { details: { issues: [{ field: "x\u0000" }] } } } });
    const param = await call(operation("getAnnouncement"), "employee", { query: [], params: { id: `${realIds["/api/announcements"]![0]!}\u0000` } });
    expect(param).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    expect(logged).toEqual([]);
  });

  it("records a refusal whose path is longer than the audit log keeps, cut to 2000 characters (the entry was lost)", async () => {
    const id = "x".repeat(5000);
    const refused = await call(operation("getAnnouncementReach"), "auditor", { query: [], params: { id } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(logged).toEqual([]);
    const entry = await db.auditLog.findFirst({ where: { userId: people.auditor.user.id, eventType: "access_denied", requestPath: { startsWith: "/api/announcements/xxxx" } } });
    expect(entry?.requestPath).toHaveLength(2000);
    expect(entry?.objectName).toHaveLength(255);
  });
});
