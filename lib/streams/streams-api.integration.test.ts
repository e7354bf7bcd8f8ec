// The audit stream API with bearer tokens (scope streams:manage), every answer held to
// the OpenAPI document by the contract hook: create (201, the secret once), list and get
// (never the secret), pause and resume, test, replay, rotate (a new secret, once), delete;
// refusals for a token without the scope, a person without the permission, a private
// destination and a bad filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/test/factories";
import { startWebhookReceiver } from "@/test/webhook-receiver";

type Person = Awaited<ReturnType<typeof createUser>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function tokenOf(p: Person, scopes: Parameters<typeof createToken>[0]["scopes"] = ["streams:manage"]) {
  return (await createToken({ ...p.ctx, name: "streams", scopes, expiresInDays: 1 })).token;
}

async function call(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const request = new Request(`http://127.0.0.1${path}`, init);
  const m = /^\/api\/audit-streams(?:\/([^/]+)(?:\/([a-z-]+))?)?$/.exec(path)!;
  const [, id, action] = m;
  const mod = (await import(
    action ? `@/app/api/audit-streams/[id]/${action}/route` : id ? "@/app/api/audit-streams/[id]/route" : "@/app/api/audit-streams/route"
  )) as Record<string, (r: Request, c?: unknown) => Promise<Response>>;
  return mod[method]!(request, { params: Promise.resolve({ id }) });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("the audit stream API", () => {
  it("creates, reads, pauses, tests, replays, rotates and deletes a destination; the secret is answered once", async () => {
    const admin = await createUser({ role: "admin" });
    const token = await tokenOf(admin);
    const created = await call(token, "POST", "/api/audit-streams", { name: "SIEM via API", transport: "webhook", url: receiver.url, filter: "category:security", format: "json" });
    expect(created.status).toBe(201);
    const { data, secret } = (await created.json()) as { data: { id: string; state: string }; secret: string };
    expect(created.headers.get("Location")).toBe(`/api/audit-streams/${data.id}`);
    expect(secret).toMatch(/^whsec_/);
    receiver.trust(secret);

    const listed = await (await call(token, "GET", "/api/audit-streams")).text();
    expect(listed).toContain(data.id);
    expect(listed).not.toContain(secret.slice(6));
    const one = await (await call(token, "GET", `/api/audit-streams/${data.id}`)).text();
    expect(one).not.toContain(secret.slice(6));
    expect(JSON.parse(one).data).toMatchObject({ name: "SIEM via API", filter: "category:security", state: "active" });

    const paused = await call(token, "PATCH", `/api/audit-streams/${data.id}`, { state: "paused", filter: "category:security,user_management" });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { data: unknown }).data).toMatchObject({ state: "paused", filter: "category:security,user_management", pausedReason: expect.stringMatching(/^Paused by /) });
    const resumed = await call(token, "PATCH", `/api/audit-streams/${data.id}`, { state: "active" });
    expect(((await resumed.json()) as { data: unknown }).data).toMatchObject({ state: "active", pausedReason: null });

    const tested = await call(token, "POST", `/api/audit-streams/${data.id}/test`);
    expect(((await tested.json()) as { data: unknown }).data).toMatchObject({ ok: true, status: 204 });
    expect(receiver.deliveries.at(-1)!.body.type).toBe("audit.test");

    const replayed = await call(token, "POST", `/api/audit-streams/${data.id}/replay`, { from: new Date(Date.now() - 3_600_000).toISOString() });
    expect(replayed.status).toBe(200);
    expect(((await replayed.json()) as { data: { health: { lagEntries: number } } }).data.health.lagEntries).toBeGreaterThan(0);
    expect((await call(token, "POST", `/api/audit-streams/${data.id}/replay`, { from: "yesterday" })).status).toBe(400);

    const rotated = await call(token, "POST", `/api/audit-streams/${data.id}/rotate-secret`);
    const r = (await rotated.json()) as { data: { secretRotation: unknown }; secret: string };
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(secret);
    expect(r.data.secretRotation).toMatchObject({ previousValidUntil: expect.any(String) });

    expect((await call(token, "DELETE", `/api/audit-streams/${data.id}`)).status).toBe(204);
    expect((await call(token, "GET", `/api/audit-streams/${data.id}`)).status).toBe(404);
  });

  it("refuses what it must, with reasons", async () => {
    const admin = await createUser({ role: "admin" });
    const token = await tokenOf(admin);
    const bad = async (body: unknown, pattern: RegExp) => {
      const res = await call(token, "POST", "/api/audit-streams", body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(pattern);
    };
    await bad({ name: "Internal", transport: "webhook", url: "https://10.0.0.8/hook", filter: "" }, /private/);
    await bad({ name: "Metadata", transport: "webhook", url: "https://169.254.169.254/", filter: "" }, /private/);
    await bad({ name: "Filter", transport: "webhook", url: receiver.url, filter: "colour:red" }, /filter does not parse/);
    await bad({ name: "Splunk", transport: "splunk_hec", url: receiver.url }, /Give the HEC token/);
    await bad({ name: "Kafka", transport: "kafka", url: receiver.url }, /Choose a transport/);
    await bad({ name: "Syslog", transport: "syslog", port: 6514 }, /syslog server.s host/);
    await bad({ name: "Syslog LAN", transport: "syslog", host: "192.168.1.20", port: 6514 }, /private/);
    await bad({ name: "Extra", transport: "webhook", url: receiver.url, secret: "mine" }, /secret|Unrecognized/i);

    const readOnly = await tokenOf(admin, ["audit:read"]);
    expect((await call(readOnly, "GET", "/api/audit-streams")).status).toBe(403);
    const auditor = await createUser({ role: "auditor" });
    expect((await call(await tokenOf(auditor), "GET", "/api/audit-streams")).status).toBe(403);
    expect((await call(token, "GET", `/api/audit-streams/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call(token, "GET", "/api/audit-streams/not-a-uuid")).status).toBe(400);
  });
});
