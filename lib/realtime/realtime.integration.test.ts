// The realtime path end to end with no mock of it: an announcement's outbox rows are
// sent through the pusher server SDK to a real soketi on a random loopback port, and
// pusher-js clients (authorized by the real /api/pusher/auth handler) receive them, or
// not. Only the session lookup is replaced by the person under test.
import type Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createUser, pktDayFromToday } from "@/test/factories";
import { POST as authRoute } from "@/app/api/pusher/auth/route";
import { createAnnouncement } from "@/lib/announcements/service";
import { loopbackPusher } from "@/scripts/pusher-client";
import { startSoketi } from "@/scripts/soketi.mjs";
import { deliverRealtimeOutbox } from "./deliver";

const soketi = vi.hoisted(() => {
  // Below Linux's ephemeral range (32768+), where a busy test run's own connections could hold it.
  const port = 20000 + Math.floor(Math.random() * 12000);
  const credentials = { appId: "test-app", key: `key${Math.random().toString(36).slice(2)}`, secret: `secret${Math.random().toString(36).slice(2)}` };
  // lib/env reads these when first imported, which is after this block.
  Object.assign(process.env, { PUSHER_APP_ID: credentials.appId, PUSHER_KEY: credentials.key, PUSHER_SECRET: credentials.secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(port), PUSHER_TLS: "false" });
  return { port, credentials, stop: async () => {} };
});

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
let lead: Person, employee: Person, hr: Person;
const clients: Pusher[] = [];

function signIn(p: Person | null) {
  session.user = p ? { ...p.actor, title: null, managerId: p.user.managerId, sessionId: `session-${p.user.id}` } : null;
}

async function authorize(p: Person | null, channel: string, socketId = "1234.5678", headers: Record<string, string> = {}) {
  signIn(p);
  const res = await authRoute(
    new Request("http://localhost/api/pusher/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "vitest", ...headers },
      body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
    }),
  );
  return { status: res.status, body: (await res.json()) as { auth?: string; error?: { code: string } } };
}

/** A pusher-js client (Node build) signed in as `p`, subscribed to its own channels. */
async function listen(p: Person) {
  const received: Array<{ event: string; data: Record<string, unknown> }> = [];
  const client = loopbackPusher(soketi.credentials.key, soketi.port, async (channelName, socketId) => {
    const r = await authorize(p, channelName, socketId);
    if (r.status !== 200 || !r.body.auth) throw new Error(`refused ${r.status}`);
    return { auth: r.body.auth };
  });
  clients.push(client);
  const channels = [`private-user-${p.user.id}`, `private-role-${p.user.role}`];
  await Promise.all(
    channels.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const channel = client.subscribe(name);
          channel.bind("pusher:subscription_succeeded", () => resolve());
          channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`subscription to ${name} failed: ${JSON.stringify(e)}`)));
          channel.bind_global((event: string, data: Record<string, unknown>) => {
            if (!event.startsWith("pusher:")) received.push({ event, data });
          });
        }),
    ),
  );
  return received;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

beforeAll(async () => {
  const started = await startSoketi({ port: soketi.port, metricsPort: soketi.port + 1, ...soketi.credentials });
  soketi.stop = started.stop;
  lead = await createUser({ role: "team_lead", name: "Erum Lead" });
  employee = await createUser({ role: "employee", name: "Faisal Employee" });
  hr = await createUser({ role: "hr_operations", name: "Bilal HR" });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await soketi.stop();
});

describe("/api/pusher/auth", () => {
  it("signs the person's own user channel and their role's channel", async () => {
    for (const channel of [`private-user-${lead.user.id}`, "private-role-team_lead"]) {
      const r = await authorize(lead, channel);
      expect(r.status).toBe(200);
      expect(r.body.auth).toMatch(new RegExp(`^${soketi.credentials.key}:[0-9a-f]{64}$`));
    }
  });

  it("refuses another user's channel, another role's channel and names we never issue, and audits the refusal", async () => {
    for (const channel of [`private-user-${employee.user.id}`, "private-role-employee", "private-role-admin", "private-role-all", "presence-role-team_lead", "announcements"]) {
      const r = await authorize(lead, channel);
      expect({ channel, status: r.status, code: r.body.error?.code }).toEqual({ channel, status: 403, code: "forbidden" });
    }
    expect(await db.auditLog.count({ where: { eventType: "access_denied", userId: lead.user.id } })).toBeGreaterThanOrEqual(6);
  });

  it("refuses nobody signed in (401), another site's request (403) and a malformed socket id (400)", async () => {
    expect((await authorize(null, "private-role-team_lead")).status).toBe(401);
    expect((await authorize(lead, "private-role-team_lead", "1234.5678", { origin: "https://evil.example", host: "localhost" })).status).toBe(403);
    expect((await authorize(lead, "private-role-team_lead", "not-a-socket")).status).toBe(400);
  });

  it("is refused by soketi itself when a client forges a subscription without the endpoint's signature", async () => {
    const client = loopbackPusher(soketi.credentials.key, soketi.port, () => ({ auth: `${soketi.credentials.key}:${"0".repeat(64)}` }));
    clients.push(client);
    const outcome = await new Promise<string>((resolve) => {
      const channel = client.subscribe("private-role-admin");
      channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
      channel.bind("pusher:subscription_error", () => resolve("refused"));
      setTimeout(() => resolve("timeout"), 5000);
    });
    expect(outcome).toBe("refused");
  });
});

describe("announcement_created over soketi", () => {
  it("reaches a signed-in team lead within 2 s of commit with the outbox row's id, and never the employee", async () => {
    const leadInbox = await listen(lead);
    const employeeInbox = await listen(employee);
    const started = Date.now();
    const a = await createAnnouncement({ ...hr.ctx, title: "For team leads", body: "Check-ins are due.", audience: "team_lead", startDate: pktDayFromToday(-1), endDate: pktDayFromToday(30) });
    const result = await deliverRealtimeOutbox();
    expect(result.failed).toBe(0);
    expect(await waitFor(() => leadInbox.some((m) => m.data.announcementId === a.id), 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    // createAnnouncement's own immediate delivery may be the one that sent it (this call then
    // found nothing to claim): its mark as sent commits just after the publish.
    const sentRow = () => db.outboxMessage.findFirstOrThrow({ where: { payload: { path: ["data", "announcementId"], equals: a.id } } });
    expect(await waitFor(async () => (await sentRow()).sentAt !== null, 2000)).toBe(true);
    const row = await sentRow();
    expect(leadInbox.find((m) => m.data.announcementId === a.id)).toEqual({
      event: "announcement_created",
      data: { announcementId: a.id, title: "For team leads", audience: "team_lead", audienceSummary: "Team leads", pinned: false, requiresAck: false, eventId: row.id },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(employeeInbox.filter((m) => m.data.announcementId === a.id)).toEqual([]);
  });

  it("leaves a row for the sweep when soketi refuses it, and sends it once it is reachable again", async () => {
    const [bogus] = await db.$transaction(async (tx) => {
      const { enqueueRealtime } = await import("./publish");
      return [await enqueueRealtime(tx, { channel: `private-user-${lead.user.id}`, event: "alert_created", data: { alertId: "a1" } })];
    });
    await soketi.stop();
    expect((await deliverRealtimeOutbox()).failed).toBeGreaterThanOrEqual(1);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: bogus!.id } })).sentAt).toBeNull();
    const restarted = await startSoketi({ port: soketi.port, metricsPort: soketi.port + 1, ...soketi.credentials });
    soketi.stop = restarted.stop;
    await db.outboxMessage.update({ where: { id: bogus!.id }, data: { nextAttemptAt: null } });
    expect((await deliverRealtimeOutbox()).sent).toBeGreaterThanOrEqual(1);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: bogus!.id } })).sentAt).not.toBeNull();
  });
});
