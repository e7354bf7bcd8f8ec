import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { countPendingOutbox, deliverOutbox, enqueueOutbox, type OutboxRow } from "./outbox";

async function enqueue(n: number, channel: "email" | "realtime" = "email", topic = "test.message") {
  const ids: string[] = [];
  await db.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) ids.push((await enqueueOutbox(tx, { channel, topic, payload: { i } })).id);
  });
  return ids;
}

describe("outbox", () => {
  it("writes nothing when the surrounding transaction rolls back", async () => {
    await db
      .$transaction(async (tx) => {
        await enqueueOutbox(tx, { channel: "email", topic: "rolled.back", payload: {} });
        throw new Error("abort");
      })
      .catch(() => {});
    expect(await db.outboxMessage.count({ where: { topic: "rolled.back" } })).toBe(0);
  });

  it("delivers each message exactly once with two deliverers racing, oldest first per deliverer", async () => {
    const ids = await enqueue(30, "realtime", "race");
    const seen: string[] = [];
    const send = async (m: OutboxRow) => {
      seen.push(m.id);
      await new Promise((r) => setTimeout(r, 2));
    };
    const [a, b] = await Promise.all([deliverOutbox({ channel: "realtime", send }), deliverOutbox({ channel: "realtime", send })]);
    expect(a.sent + b.sent).toBe(30);
    expect(new Set(seen).size).toBe(30);
    expect(seen.length).toBe(30);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(await countPendingOutbox("realtime")).toBe(0);
  });

  it("leaves other channels alone", async () => {
    await enqueue(2, "email", "other-channel");
    const result = await deliverOutbox({ channel: "realtime", send: async () => {} });
    expect(result.sent).toBe(0);
    expect(await db.outboxMessage.count({ where: { topic: "other-channel", sentAt: null } })).toBe(2);
    await deliverOutbox({ channel: "email", send: async () => {} });
  });

  it("records a failed send, backs off, and does not retry before the backoff ends", async () => {
    const [id] = await enqueue(1, "email", "failing");
    const first = await deliverOutbox({ channel: "email", send: async () => Promise.reject(new Error("SMTP 421 try later")) });
    expect(first).toEqual({ sent: 0, failed: 1 });
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBe("SMTP 421 try later");
    expect(row.sentAt).toBeNull();
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // Still backing off: nothing is attempted.
    const sendCalls: string[] = [];
    expect(await deliverOutbox({ channel: "email", send: async (m) => void sendCalls.push(m.id) })).toEqual({ sent: 0, failed: 0 });
    expect(sendCalls).toEqual([]);
    // Once due, it goes out and the error is cleared.
    await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await deliverOutbox({ channel: "email", send: async () => {} })).toEqual({ sent: 1, failed: 0 });
    const sent = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(sent.sentAt).not.toBeNull();
    expect(sent.lastError).toBeNull();
  });

  it("sends again after a crash between send and mark, under the same id", async () => {
    const [id] = await enqueue(1, "email", "crash");
    const sentIds: string[] = [];
    // The process dies after the message left but before the mark committed: the
    // connection is cut, the transaction rolls back, the row is still unsent.
    await expect(
      deliverOutbox({
        channel: "email",
        send: async (m) => {
          sentIds.push(m.id);
          await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%FOR UPDATE SKIP LOCKED%' AND state = 'idle in transaction'");
          throw new Error("process crashed");
        },
      }),
    ).rejects.toThrow();
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id } })).sentAt).toBeNull();
    await deliverOutbox({ channel: "email", send: async (m) => void sentIds.push(m.id) });
    expect(sentIds).toEqual([id, id]);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id } })).sentAt).not.toBeNull();
  });
});
