// The OCSF format (issue 22): entries of every kind the app writes, delivered to a
// webhook destination in OCSF, each validate against the OCSF 1.8.0 JSON Schema vendored
// in vendor/ocsf (generated from ocsf/ocsf-schema by scripts/ocsf-json-schema.mjs), fall
// in the documented class, carry the entry's id as metadata.uid, and keep the hashed
// fields so the entry's content hash can be recomputed from the event alone.
import { Ajv, type ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ocsfSchema from "@/vendor/ocsf/1.8.0/classes.schema.json";
import { contentHashOfTexts, HASHED_COLUMNS } from "@/lib/audit/integrity/canonical";
import { actorFromUser, anonymousActor, systemActor } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import { fullCursor, readBatch } from "./batch";
import { deliverOnce, loadStream } from "./deliver";
import { OCSF_CLASSES, ocsfEvent, type OcsfClassName } from "./formats";
import { createStream, testStream } from "./service";

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(ocsfSchema, "ocsf");
const validators = Object.fromEntries(
  Object.keys(OCSF_CLASSES).map((name) => [OCSF_CLASSES[name as OcsfClassName].uid, ajv.getSchema(`ocsf#/$defs/class_${name}`)!]),
) as Record<number, ValidateFunction>;

/** The schema's complaints about one event (none: valid for its class). */
function problems(event: Record<string, unknown>): string[] {
  const validate = validators[event.class_uid as number];
  if (!validate) return [`no vendored class ${String(event.class_uid)}`];
  return validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

type Person = Awaited<ReturnType<typeof createUser>>;
let admin: Person;
let employee: Person;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

/** One entry of each kind the app writes, as its services word them. */
function kinds(): Array<{ entry: AuditEntryInput; class: number; activity: number }> {
  const by = actorFromUser(admin.actor);
  const api = { ...REQUEST, method: "POST", path: "/api/announcements" };
  return [
    { class: 3002, activity: 1, entry: { eventType: "login", category: "security", actionType: "auth.login_succeeded", description: "Signed in", actor: actorFromUser(employee.actor), context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name } } },
    { class: 3002, activity: 1, entry: { eventType: "login", category: "security", actionType: "auth.login_failed", description: "Sign-in failed: no account for nobody@acme.test", actor: anonymousActor("nobody@acme.test"), context: REQUEST, object: { type: "user", name: "nobody@acme.test" }, status: "failure", errorCode: "unknown_account", riskLevel: "medium" } },
    { class: 3002, activity: 1, entry: { eventType: "access_denied", category: "security", actionType: "auth.login_failed", description: "Sign-in refused: the account is locked", actor: actorFromUser(employee.actor), context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name }, status: "failure", errorCode: "locked", riskLevel: "high" } },
    { class: 3002, activity: 2, entry: { eventType: "logout", category: "security", actionType: "auth.signed_out", description: "Signed out", actor: actorFromUser(employee.actor), context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name } } },
    { class: 3002, activity: 2, entry: { eventType: "update", category: "security", actionType: "auth.session_ended_by_admin", description: "Ended a session", actor: by, context: REQUEST, object: { type: "session", id: "s-1", name: employee.user.name }, riskLevel: "high" } },
    { class: 3001, activity: 1, entry: { eventType: "create", category: "user_management", actionType: "user.created", description: "Created a user", actor: by, context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name }, after: { role: "employee" } } },
    { class: 3001, activity: 5, entry: { eventType: "update", category: "user_management", actionType: "user.suspended", description: "Suspended a user", actor: by, context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name }, before: { status: "active" }, after: { status: "suspended" }, riskLevel: "high" } },
    { class: 3001, activity: 99, entry: { eventType: "update", category: "user_management", actionType: "user.role_changed", description: "Changed a role", actor: by, context: REQUEST, object: { type: "user", id: employee.user.id, name: employee.user.name }, before: { role: "employee" }, after: { role: "manager" }, riskLevel: "critical" } },
    { class: 6004, activity: 2, entry: { eventType: "access_denied", category: "security", actionType: "access.denied", description: "Denied /audit", actor: actorFromUser(employee.actor), context: { ...REQUEST, method: "GET", path: "/audit" }, object: { type: "page", id: "/audit" }, status: "failure", responseStatus: 403, riskLevel: "medium" } },
    { class: 6004, activity: 1, entry: { eventType: "export", category: "data", actionType: "audit_log.exported", description: "Exported 1,200 entries as CSV", actor: by, context: { ...REQUEST, method: "GET", path: "/api/audit-logs/export" }, object: { type: "audit_log", id: "", name: "Audit log export" }, isSensitive: true } },
    { class: 6003, activity: 1, entry: { eventType: "create", category: "announcements", actionType: "announcement.created", description: "Created an announcement", actor: by, context: api, object: { type: "announcement", id: "a-1", name: "Office closed" } } },
    { class: 3004, activity: 3, entry: { eventType: "update", category: "system", actionType: "settings.alert_thresholds_changed", description: "Changed the alert thresholds", actor: by, context: REQUEST, object: { type: "settings", id: "alerts", name: "Alert thresholds" }, before: { overdueDays: 2 }, after: { overdueDays: 3 } } },
    { class: 3004, activity: 99, entry: { eventType: "approve", category: "governance", actionType: "leave_request.approved", description: "Approved a leave request", actor: by, context: REQUEST, object: { type: "leave_request", id: "l-1", name: "Annual leave" } } },
    { class: 3004, activity: 99, entry: { eventType: "system", category: "alerts", actionType: "alerts.scan_raised", description: "Raised 3 alerts", actor: systemActor("alert scan"), object: { type: "alert_scan" } } },
  ];
}

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "OCSF Admin" });
  employee = await createUser({ role: "employee", name: "Ocsf Employee" });
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("the OCSF format", () => {
  it("delivers entries of every kind as OCSF 1.8 events that validate against the vendored schema, in the documented classes", async () => {
    const { stream, secret } = await createStream({ ...admin.ctx, input: { name: "OCSF SIEM", transport: "webhook", url: receiver.url, filter: "", format: "ocsf" } });
    receiver.trust(secret!);
    const cases = kinds();
    await auditedTransaction(async (_tx, audit) => {
      for (const c of cases) audit.record(c.entry);
    });
    for (let i = 0; i < 20; i++) if ((await deliverOnce((await loadStream(stream.id))!, { maxEvents: 100 })).outcome === "idle") break;

    type Ocsf = Record<string, unknown> & {
      class_uid: number; activity_id: number; type_uid: number; message?: string; status_code?: string;
      metadata: { uid: string; event_code: string }; unmapped: { hr_audit: { fields: Record<string, string | null>; entry_hash: string; chain: number; seq: string } };
    };
    const events = receiver.events() as unknown as Ocsf[];
    for (const c of cases) {
      const event = events.find((e) => e.metadata?.event_code === c.entry.actionType && e.message === c.entry.description);
      expect(event, c.entry.actionType).toBeDefined();
      expect(problems(event!), c.entry.actionType).toEqual([]);
      expect({ action: c.entry.actionType, class: event!.class_uid, activity: event!.activity_id }).toEqual({ action: c.entry.actionType, class: c.class, activity: c.activity });
      expect(event!.type_uid).toBe(c.class * 100 + c.activity);
    }
    // Every delivered event validates (the stream's own creation entry included) and is provable.
    expect(events.length).toBeGreaterThanOrEqual(cases.length + 1);
    for (const event of events) {
      expect(problems(event)).toEqual([]);
      const row = await db.auditLog.findFirstOrThrow({ where: { id: event.metadata.uid }, select: { contentHash: true, entryHash: true, chainId: true, chainSeq: true } });
      const { fields, entry_hash, chain, seq } = event.unmapped.hr_audit;
      expect(contentHashOfTexts(HASHED_COLUMNS.map((c) => fields[c] ?? null))).toEqual(Buffer.from(row.contentHash));
      expect({ entry_hash, chain, seq }).toEqual({ entry_hash: Buffer.from(row.entryHash).toString("hex"), chain: row.chainId, seq: String(row.chainSeq) });
    }
    const failed = events.find((e) => e.metadata.event_code === "auth.login_failed" && e.status_code === "unknown_account")!;
    expect(failed).toMatchObject({ status_id: 2, status: "Failure", status_code: "unknown_account", severity_id: 3, user: { name: "nobody@acme.test", email_addr: "nobody@acme.test" }, actor: { user: { name: "Unknown user" } }, src_endpoint: { ip: REQUEST.ip } });
    const created = events.find((e) => e.metadata.event_code === "announcement.created")!;
    expect(created).toMatchObject({ api: { operation: "announcement.created" }, actor: { user: { uid: admin.user.id, name: admin.user.name, type_id: 2 } }, http_request: { http_method: "POST", url: { path: "/api/announcements" } } });

    // The test event validates too.
    expect((await testStream({ ...admin.ctx, id: stream.id })).ok).toBe(true);
    const test = receiver.deliveries.at(-1)!.body;
    expect(test.type).toBe("audit.test");
    expect(problems(test.events[0] as unknown as Record<string, unknown>)).toEqual([]);
  });

  it("maps every entry in the log to a valid event (the users' and streams' own entries included)", async () => {
    const batch = await readBatch({ filter: "", cursor: fullCursor([]), maxEvents: 1000, maxBytes: 50_000_000 });
    expect(batch.events.length).toBeGreaterThan(10);
    const invalid = batch.events.map((e) => ({ action: e.fields.action_type, problems: problems(ocsfEvent(e)) })).filter((r) => r.problems.length > 0);
    expect(invalid).toEqual([]);
  });

  it("the schema refuses what OCSF does not allow (so the checks above can fail)", () => {
    const event = ocsfEvent({ id: "x", time: new Date().toISOString(), chain: 0, seq: "1", entryHash: "00", fields: { event_type: "login", action_type: "auth.login_succeeded", user_name: "A", risk_level: "low", status: "success" } });
    expect(problems(event)).toEqual([]);
    expect(problems({ ...event, class_uid: 3001 }).length).toBeGreaterThan(0); // Account Change without a changed user: also a wrong type_uid
    expect(problems({ ...event, activity_id: 42 }).join()).toMatch(/activity_id/);
    expect(problems({ ...event, user: {} }).join()).toMatch(/user/);
    expect(problems({ ...event, extra: 1 }).join()).toMatch(/additional properties/);
    expect(problems({ ...event, metadata: { product: { name: "x" } } }).join()).toMatch(/version/);
    expect(problems({ ...event, src_endpoint: { ip: "not an address" } }).join()).toMatch(/pattern/);
  });
});
