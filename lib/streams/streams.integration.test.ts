// Audit streams against a real receiver on loopback (test/webhook-receiver.ts), which
// checks each delivery's Standard Webhooks signature: entries arrive at least once and,
// deduplicated by id, exactly once, in chain order per chain, through a receiver that
// refuses and one that is away; a filter delivers only what it matches; rotation signs
// with both secrets for the grace period; a day of failures pauses the destination and
// alerts the admins; replay delivers again; a secret is never shown twice.
import { spawn } from "node:child_process";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import type { StreamEvent } from "./contract";
import { deliverOnce, loadStream, runStreams } from "./deliver";
import { getStream, listStreams } from "./queries";
import { createStream, deleteStream, replayStream, rotateStreamSecret, setStreamState, testStream, updateStream } from "./service";

type Person = Awaited<ReturnType<typeof createUser>>;
let admin: Person;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function write(n: number, tag: string, category: "security" | "user_management" = "user_management") {
  await auditedTransaction(async (_tx, audit) => {
    for (let i = 0; i < n; i++) {
      audit.record({
        eventType: "update", category, actionType: `stream_test.${tag}`, description: `Stream test ${tag} ${i}`,
        actor: actorFromUser(admin.actor), context: REQUEST, object: { type: "stream_test", id: `${tag}-${i}`, name: `Record ${i}` },
      });
    }
  });
}

/** Delivers until the destination has nothing left (or `max` attempts). */
async function drain(id: string, max = 50) {
  for (let i = 0; i < max; i++) {
    const s = (await loadStream(id))!;
    const r = await deliverOnce(s, { maxEvents: 40 });
    if (r.outcome === "idle") return;
    if (r.outcome === "failed") return r;
  }
  throw new Error("did not drain");
}

/** Every chain's events arrive in position order (repeats allowed), and deduplicated each entry once. */
function expectChainOrder(events: StreamEvent[]) {
  const firstSeen = new Map<string, StreamEvent>();
  for (const e of events) if (!firstSeen.has(e.id)) firstSeen.set(e.id, e);
  const perChain = new Map<number, bigint[]>();
  for (const e of firstSeen.values()) perChain.set(e.chain, [...(perChain.get(e.chain) ?? []), BigInt(e.seq)]);
  for (const seqs of perChain.values()) expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  return [...firstSeen.keys()];
}

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Stream Admin" });
  receiver = await startWebhookReceiver();
});
beforeEach(() => {
  receiver.accept();
  receiver.deliveries.length = 0;
});
afterAll(() => receiver.close());

describe("audit streams to a webhook", () => {
  it("deliver every committed entry at least once, exactly once after dedupe, in chain order, across a refusing and an absent receiver", async () => {
    const { stream, secret: made } = await createStream({ ...admin.ctx, input: { name: "SIEM", transport: "webhook", url: receiver.url, filter: "", format: "json" } });
    const secret = made!;
    expect(secret).toMatch(/^whsec_/);
    receiver.trust(secret);
    expect(stream).toMatchObject({ name: "SIEM", state: "active", url: receiver.url, health: { lagEntries: 1 } }); // its own creation entry
    expect(JSON.stringify(stream)).not.toContain(secret.slice(6));

    await write(30, "first");
    expect(await drain(stream.id)).toBeUndefined();
    const delivered = receiver.events().filter((e) => e.fields.action_type === "stream_test.first");
    expect(delivered).toHaveLength(30);
    expect(receiver.deliveries.every((d) => d.verifiedWith.length === 1)).toBe(true);
    // Every hashed field, the chain position and hash.
    expect(delivered[0]).toMatchObject({ chain: expect.any(Number), seq: expect.stringMatching(/^\d+$/), entryHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(delivered[0]!.fields)).toContain("retention_months");

    // The receiver refuses: nothing is lost, the failure is recorded with its answer, and the destination backs off.
    receiver.refuse(503);
    await write(25, "refused");
    const failed = await drain(stream.id);
    expect(failed).toMatchObject({ outcome: "failed", error: "HTTP 503: receiver says no", paused: false });
    let health = await getStream(admin.ctx, stream.id);
    expect(health.health).toMatchObject({ lastError: "HTTP 503: receiver says no", failedBatches: 1, lagEntries: 25 });
    expect(health.health.nextAttemptAt).not.toBeNull();

    // Away altogether (connection refused), while more entries are written.
    await receiver.down();
    await write(15, "away");
    await db.auditStream.update({ where: { id: stream.id }, data: { nextAttemptAt: null } });
    expect(await drain(stream.id)).toMatchObject({ outcome: "failed", error: expect.stringMatching(/ECONNREFUSED/) });

    // Back: everything arrives.
    await receiver.up();
    receiver.accept();
    await db.auditStream.update({ where: { id: stream.id }, data: { nextAttemptAt: null } });
    expect(await drain(stream.id)).toBeUndefined();
    const ids = expectChainOrder(receiver.events());
    const written = await db.auditLog.findMany({ where: { actionType: { startsWith: "stream_test." } }, select: { id: true } });
    expect(ids.filter((id) => written.some((w) => w.id === id)).sort()).toEqual(written.map((w) => w.id).sort());
    health = await getStream(admin.ctx, stream.id);
    expect(health.health).toMatchObject({ lastError: expect.stringMatching(/ECONNREFUSED/), failingSince: null, lagEntries: 0, failedBatches: 2 });
    expect(health.health.days[0]).toMatchObject({ failed: 2 });
    expect(health.health.days[0]!.delivered).toBeGreaterThanOrEqual(70);

    // The run loop: new entries reach the receiver within a second or two of commit.
    const before = receiver.events().length;
    const run = runStreams({ budgetMs: 3000 });
    await new Promise((r) => setTimeout(r, 300));
    const committed = Date.now();
    await write(3, "live");
    for (let i = 0; i < 40 && !receiver.events().some((e) => e.fields.action_type === "stream_test.live"); i++) await new Promise((r) => setTimeout(r, 50));
    const lag = Date.now() - committed;
    await run;
    expect(receiver.events().length).toBeGreaterThan(before);
    expect(lag).toBeLessThan(2000);

    // No response, log entry or audit entry holds the secret.
    const entries = await db.auditLog.findMany({ where: { objectId: stream.id } });
    expect(JSON.stringify(entries, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(secret.slice(6));
    // The writer drops secret fields and names them changed: the fact survives, the value does not.
    const created = entries.find((e) => e.actionType === "audit_stream.created")!;
    expect(created.changedFields).toContain("secret (secret)");
    expect(created.newValues).not.toHaveProperty("secret");
    await deleteStream({ ...admin.ctx, id: stream.id });
  });

  it("delivers only what its filter matches, and replays from a point in the log", async () => {
    const { stream, secret: made } = await createStream({ ...admin.ctx, input: { name: "Security only", transport: "webhook", url: receiver.url, filter: "category:security", format: "json" } });
    const secret = made!;
    receiver.trust(secret);
    receiver.deliveries.length = 0;
    const start = new Date();
    await write(5, "sec", "security");
    await write(7, "users", "user_management");
    await drain(stream.id);
    expect(receiver.events().map((e) => e.fields.event_category)).toEqual(Array(5).fill("security"));
    expect((await getStream(admin.ctx, stream.id)).health.lagEntries).toBe(0);

    // Replayed from before those writes: the same five again (a receiver drops them by id).
    await replayStream({ ...admin.ctx, id: stream.id, from: new Date(start.getTime() - 1000) });
    await drain(stream.id);
    const events = receiver.events();
    expect(events).toHaveLength(10);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    await expect(updateStream({ ...admin.ctx, id: stream.id, input: { filter: "colour:red" } })).rejects.toThrow(/filter does not parse/);
    await deleteStream({ ...admin.ctx, id: stream.id });
  });

  it("signs with the previous secret too for the grace period after a rotation", async () => {
    const { stream, secret: firstMade } = await createStream({ ...admin.ctx, input: { name: "Rotating", transport: "webhook", url: receiver.url, filter: "", format: "json" } });
    const first = firstMade!;
    const { secret: second, stream: rotated } = await rotateStreamSecret({ ...admin.ctx, id: stream.id });
    expect(second).not.toBe(first);
    expect(rotated.secretRotation).not.toBeNull();
    receiver.deliveries.length = 0;
    receiver.trust(first, second);
    await write(2, "rotated");
    await drain(stream.id);
    expect(receiver.deliveries.length).toBeGreaterThan(0);
    for (const d of receiver.deliveries) {
      expect(d.signatures).toHaveLength(2);
      expect(d.verifiedWith.sort()).toEqual([first, second].sort());
    }
    // After the grace period only the new secret signs.
    await db.auditStream.update({ where: { id: stream.id }, data: { previousSecretUntil: new Date(Date.now() - 1000) } });
    receiver.deliveries.length = 0;
    await write(1, "after_grace");
    await drain(stream.id);
    expect(receiver.deliveries.every((d) => d.signatures.length === 1 && d.verifiedWith.join() === second)).toBe(true);
    // Any single signature header still verifies on its own with the library.
    const d = receiver.deliveries[0]!;
    expect(() => new Webhook(first).verify(JSON.stringify(d.body), { "webhook-id": d.id, "webhook-timestamp": "0", "webhook-signature": d.signatures[0]! })).toThrow();
    await deleteStream({ ...admin.ctx, id: stream.id });
  });

  it("pauses a destination that has failed for a day and alerts the admins; resumed, it catches up", async () => {
    const { stream, secret: made } = await createStream({ ...admin.ctx, input: { name: "Flaky", transport: "webhook", url: receiver.url, filter: "", format: "json" } });
    const secret = made!;
    receiver.trust(secret);
    receiver.refuse(500);
    await write(4, "flaky");
    const s = (await loadStream(stream.id))!;
    const first = await deliverOnce(s);
    expect(first).toMatchObject({ outcome: "failed", paused: false });
    const dayLater = new Date(Date.now() + 24 * 3_600_000 + 1000);
    const second = await deliverOnce((await loadStream(stream.id))!, { now: dayLater });
    expect(second).toMatchObject({ outcome: "failed", paused: true });
    const paused = await getStream(admin.ctx, stream.id);
    expect(paused).toMatchObject({ state: "paused", pausedReason: expect.stringMatching(/^Failing since .*HTTP 500/) });
    const alerts = await db.alert.findMany({ where: { type: "stream_failing", entityId: stream.id } });
    expect(alerts.map((a) => a.recipientUserId)).toContain(admin.user.id);
    // Emailed in the admin's next digest (high alerts wait for one by default).
    const { buildDigests } = await import("@/lib/alerts/notify");
    await buildDigests({ now: new Date(dayLater.getTime() + 10 * 60_000) });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alerts.find((a) => a.recipientUserId === admin.user.id)!.id } })).digestId).not.toBeNull();
    // A paused destination is left alone by the loop.
    expect((await runStreams({ budgetMs: 300 })).ids).not.toContain(stream.id);

    receiver.accept();
    await setStreamState({ ...admin.ctx, id: stream.id, state: "active" });
    await drain(stream.id);
    expect(receiver.events().filter((e) => e.fields.action_type === "stream_test.flaky")).toHaveLength(4);
    const actions = (await db.auditLog.findMany({ where: { objectId: stream.id }, select: { actionType: true } })).map((a) => a.actionType).sort();
    expect(actions).toEqual(["audit_stream.created", "audit_stream.paused", "audit_stream.resumed"]);
    await deleteStream({ ...admin.ctx, id: stream.id });
  });

  it("loses nothing when the delivering process is killed with SIGKILL mid-batch: the restart delivers the batch again", async () => {
    const { stream, secret: made } = await createStream({ ...admin.ctx, input: { name: "Crashing", transport: "webhook", url: receiver.url, filter: "action:stream_test.crash", format: "json" } });
    const secret = made!;
    receiver.trust(secret);
    await write(12, "crash");
    receiver.hold();
    const child = spawn(process.execPath, ["--import", "./scripts/server-only-hook.mjs", "--import", "tsx", "scripts/audit-stream.ts", "--seconds", "30"], { env: process.env, stdio: "ignore" });
    try {
      for (let i = 0; i < 400 && receiver.deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(receiver.deliveries.length).toBeGreaterThan(0); // the batch reached the receiver, unanswered
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    } finally {
      child.kill("SIGKILL");
      receiver.release();
    }
    // The killed process never heard the answer, so its cursor did not move: the restart sends the batch again.
    expect((await getStream(admin.ctx, stream.id)).health.lagEntries).toBeGreaterThanOrEqual(12);
    await drain(stream.id);
    const crash = receiver.events().filter((e) => e.fields.action_type === "stream_test.crash");
    expect(crash.length).toBeGreaterThanOrEqual(24);
    expect(new Set(crash.map((e) => e.id)).size).toBe(12);
    expectChainOrder(crash);
    await deleteStream({ ...admin.ctx, id: stream.id });
  }, 60_000);

  it("sends a test event, refuses private destinations and people without streams:manage", async () => {
    const { stream, secret: made } = await createStream({ ...admin.ctx, input: { name: "Tested", transport: "webhook", url: receiver.url, filter: "", format: "json" } });
    const secret = made!;
    receiver.trust(secret);
    expect(await testStream({ ...admin.ctx, id: stream.id })).toMatchObject({ ok: true, status: 204 });
    expect(receiver.deliveries.at(-1)!.body).toMatchObject({ type: "audit.test", count: 1 });
    receiver.trust("whsec_" + Buffer.alloc(32).toString("base64"));
    expect(await testStream({ ...admin.ctx, id: stream.id })).toMatchObject({ ok: false, status: 401 });

    for (const url of ["http://10.1.2.3/hook", "https://169.254.169.254/latest", "https://localhost/hook", "https://[::1]/hook", "http://example.com/hook", "https://user:pw@example.com/"]) {
      await expect(createStream({ ...admin.ctx, input: { name: `Bad ${url}`, transport: "webhook", url, filter: "", format: "json" } })).rejects.toThrow(/loopback, private|https:\/\/|credentials|resolve/);
    }
    await expect(createStream({ ...admin.ctx, input: { name: "Tested", transport: "webhook", url: receiver.url, filter: "", format: "json" } })).rejects.toThrow(/exists already/);
    const auditor = await createUser({ role: "auditor" });
    await expect(listStreams(auditor.ctx)).rejects.toThrow(/not allowed/);
    await expect(createStream({ ...auditor.ctx, input: { name: "X", transport: "webhook", url: receiver.url, filter: "", format: "json" } })).rejects.toThrow(/not allowed/);
    await expect(setStreamState({ ...auditor.ctx, id: stream.id, state: "paused" })).rejects.toThrow(/not allowed/);
    await deleteStream({ ...admin.ctx, id: stream.id });
  });

  it("counts deliveries per PKT day: 20:30 UTC is the next day in Karachi", async () => {
    const { stream, secret } = await createStream({ ...admin.ctx, input: { name: "Per day", transport: "webhook", url: receiver.url, filter: "action:stream_test.perday", format: "json" } });
    receiver.trust(secret!);
    await write(2, "perday");
    // A refused batch at 20:30 UTC (delivered ones are counted by the same expression;
    // a signature stamped hours off the receiver's clock would be refused anyway).
    receiver.refuse(503);
    expect(await deliverOnce((await loadStream(stream.id))!, { now: new Date("2026-12-07T20:30:00Z") })).toMatchObject({ outcome: "failed" });
    const { health } = await getStream(admin.ctx, stream.id);
    expect(health.days).toEqual([{ day: "2026-12-08", delivered: 0, failed: 1 }]);
  });

  it("moves past positions that are no longer in the log (archived months) instead of stalling", async () => {
    const { stream, secret } = await createStream({ ...admin.ctx, input: { name: "Behind archive", transport: "webhook", url: receiver.url, filter: "action:stream_test.gap", format: "json" } });
    receiver.trust(secret!);
    await write(3, "gap");
    // A cursor whose next positions were archived: the rows after it start far later.
    await db.$executeRaw`UPDATE audit_streams SET cursor = array_fill(-5000::bigint, ARRAY[16]) WHERE id = ${stream.id}::uuid`;
    expect(await drain(stream.id)).toBeUndefined();
    expect(receiver.events().filter((e) => e.fields.action_type === "stream_test.gap")).toHaveLength(3);
  });
});
