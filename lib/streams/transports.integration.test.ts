// Splunk HEC, Datadog and Elasticsearch destinations against loopback servers that speak
// each one's intake API as documented (path, auth header, body shape, answer): the token
// or key goes in the header each expects and nowhere else, each entry's time and id
// travel with it, and an Elasticsearch _bulk that refuses an item is a failed batch,
// while one whose items already exist (409, a repeat) is a success.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { deliverOnce, loadStream } from "./deliver";
import { getStream } from "./queries";
import { createStream, updateStream } from "./service";

type Seen = { path: string; headers: http.IncomingHttpHeaders; body: string };
let admin: Awaited<ReturnType<typeof createUser>>;
let server: http.Server;
let base: string;
const seen: Seen[] = [];
let answer: (req: Seen) => { status: number; body: string } = () => ({ status: 200, body: "{}" });

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Transport Admin" });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { "content-type": "application/json" }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function write(n: number, tag: string) {
  await auditedTransaction(async (_tx, audit) => {
    for (let i = 0; i < n; i++) {
      audit.record({
        eventType: "update", category: "security", actionType: `transport_test.${tag}`, description: `Transport ${tag} ${i}`,
        actor: actorFromUser(admin.actor), context: REQUEST, object: { type: "transport_test", id: `${tag}-${i}`, name: `Record ${i}` },
      });
    }
  });
}

async function drain(id: string) {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOnce((await loadStream(id))!);
    if (r.outcome !== "delivered") return r;
  }
  throw new Error("did not drain");
}

describe("stream transports", () => {
  it("Splunk HEC: one event object per entry, its time, the HEC token in the Splunk header", async () => {
    seen.length = 0;
    answer = () => ({ status: 200, body: '{"text":"Success","code":0}' });
    const { stream, secret } = await createStream({ ...admin.ctx, input: { name: "Splunk", transport: "splunk_hec", url: base, token: "hec-0000-1111-2222", sourcetype: "hr:audit:test", index: "hr", filter: "action:transport_test.splunk", format: "json" } });
    expect(secret).toBeNull();
    expect(JSON.stringify(await getStream(admin.ctx, stream.id))).not.toContain("hec-0000-1111-2222");
    await write(3, "splunk");
    expect(await drain(stream.id)).toEqual({ outcome: "idle" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe("/services/collector/event");
    expect(seen[0]!.headers.authorization).toBe("Splunk hec-0000-1111-2222");
    const events = seen[0]!.body.split("\n").map((l) => JSON.parse(l) as { time: number; sourcetype: string; index: string; event: { id: string; time: string; fields: Record<string, string> } });
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e).toMatchObject({ sourcetype: "hr:audit:test", index: "hr", host: "hr-governance" });
      expect(e.time).toBe(Date.parse(e.event.time) / 1000);
      expect(e.event.fields.action_type).toBe("transport_test.splunk");
    }
    // A new token (after the admin rotated it in Splunk) is used from the next batch on.
    await updateStream({ ...admin.ctx, id: stream.id, input: { credential: "hec-3333-4444-5555" } });
    await write(1, "splunk");
    await drain(stream.id);
    expect(seen.at(-1)!.headers.authorization).toBe("Splunk hec-3333-4444-5555");
    const changed = await db.auditLog.findFirstOrThrow({ where: { objectId: stream.id, actionType: "audit_stream.updated" } });
    expect(changed.changedFields).toContain("secret (secret)");
    expect(JSON.stringify(changed, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("hec-3333-4444-5555");

    // In OCSF, each HEC event is the OCSF event (ocsf.integration.test.ts validates them).
    await updateStream({ ...admin.ctx, id: stream.id, input: { format: "ocsf" } });
    await write(1, "splunk");
    await drain(stream.id);
    const [ocsf] = seen.at(-1)!.body.split("\n").map((l) => JSON.parse(l) as { event: Record<string, unknown> & { metadata: { uid: string; event_code: string } } });
    expect(ocsf!.event).toMatchObject({ class_uid: 3004, category_uid: 3, metadata: { version: "1.8.0", event_code: "transport_test.splunk" } });
  });

  it("Datadog: a JSON array of logs with the API key in DD-API-KEY", async () => {
    seen.length = 0;
    answer = () => ({ status: 202, body: "{}" });
    const { stream } = await createStream({ ...admin.ctx, input: { name: "Datadog", transport: "datadog", url: `${base}/api/v2/logs`, apiKey: "dd-key-abcdef123456", service: "hr-audit", filter: "action:transport_test.dd", format: "json" } });
    await write(2, "dd");
    await drain(stream.id);
    expect(seen[0]).toMatchObject({ path: "/api/v2/logs" });
    expect(seen[0]!.headers["dd-api-key"]).toBe("dd-key-abcdef123456");
    const logs = JSON.parse(seen[0]!.body) as Array<{ ddsource: string; service: string; ddtags: string; message: string; audit: { id: string } }>;
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({ ddsource: "hr-governance", service: "hr-audit", ddtags: "category:security,risk:low", message: expect.stringMatching(/^Transport dd /) });
  });

  it("Elasticsearch: _bulk create actions with the entry id as _id, ECS documents; a refused item fails the batch, a repeat does not", async () => {
    seen.length = 0;
    answer = (req) => {
      const actions = req.body.trim().split("\n").filter((_, i) => i % 2 === 0).map((l) => JSON.parse(l) as { create: { _id: string } });
      return { status: 200, body: JSON.stringify({ errors: true, items: actions.map((a, i) => ({ create: { _id: a.create._id, status: i === 0 ? 409 : 201 } })) }) };
    };
    const { stream } = await createStream({ ...admin.ctx, input: { name: "Elastic", transport: "elastic", url: base, index: "hr-audit", apiKey: "es-key-0123456789", filter: "action:transport_test.es", format: "ecs" } });
    await write(3, "es");
    expect(await drain(stream.id)).toEqual({ outcome: "idle" });
    expect(seen[0]!.path).toBe("/_bulk");
    expect(seen[0]!.headers.authorization).toBe("ApiKey es-key-0123456789");
    expect(seen[0]!.headers["content-type"]).toBe("application/x-ndjson");
    const lines = seen[0]!.body.trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(lines).toHaveLength(6);
    const [action, doc] = lines as unknown as [{ create: { _index: string; _id: string } }, Record<string, unknown> & { event: Record<string, unknown>; hr_audit: { entry_hash: string } }];
    expect(action.create._index).toBe("hr-audit");
    expect(doc.event).toMatchObject({ id: action.create._id, action: "transport_test.es", category: ["authentication"], outcome: "success", kind: "event" });
    expect(doc["@timestamp"]).toEqual(expect.any(String));
    expect(doc.hr_audit.entry_hash).toMatch(/^[0-9a-f]{64}$/);

    answer = () => ({ status: 200, body: JSON.stringify({ errors: true, items: [{ create: { status: 400, error: { type: "mapper_parsing_exception", reason: "failed to parse field [event.risk_score_norm]" } } }] }) });
    await write(1, "es");
    const failed = await drain(stream.id);
    expect(failed).toMatchObject({ outcome: "failed", error: expect.stringMatching(/^HTTP 200: 1 of 1 entries refused: mapper_parsing_exception failed to parse/) });
    expect((await getStream(admin.ctx, stream.id)).health.lagEntries).toBeGreaterThan(0);
  });

  it("refuses a transport's missing credential and a format it does not take", async () => {
    await expect(createStream({ ...admin.ctx, input: { name: "Bad", transport: "elastic", url: base, index: "x", apiKey: "es-key-0123456789", filter: "", format: "cef" as never } })).rejects.toThrow(/receives ecs, json or ocsf/);
    const stream = await createStream({ ...admin.ctx, input: { name: "Hook", transport: "webhook", url: base, filter: "", format: "json" } });
    await expect(updateStream({ ...admin.ctx, id: stream.stream.id, input: { credential: "whatever-long" } })).rejects.toThrow(/rotated, not set/);
  });
});
