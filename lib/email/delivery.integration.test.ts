// Alert email through the outbox, against a real SMTP listener on loopback: the row is
// written with the alert, and a crash between the SMTP send and the mark re-sends under
// the same Message-ID, which the receiver drops: delivered exactly once.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { runScan } from "@/lib/alerts/run";
import { db } from "@/lib/db";
import { deliverOutbox } from "@/lib/outbox/outbox";
import { createUser } from "@/test/factories";
import { startSmtpCatcher } from "./catcher";
import { sendEmailRow } from "./deliver";
import { smtpMailer } from "./transport";

const HOUR = 3_600_000;

describe("alert email via the outbox", () => {
  it("is delivered exactly once across a crash between send and mark", async () => {
    const catcher = await startSmtpCatcher();
    const mailer = smtpMailer(`smtp://127.0.0.1:${catcher.port}`);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      const manager = await createUser({ role: "manager", name: "Rania Recipient" });
      await db.alertEmailPreference.create({ data: { userId: manager.user.id, high: "immediate" } }); // its own email at once (the default is a digest)
      const member = await createUser({ managerId: manager.user.id, name: "Sami Subject" });
      await db.attendanceSession.create({ data: { userId: member.user.id, checkInAt: new Date(Date.now() - 14 * HOUR) } });
      const { raised } = await runScan("missing_checkout");
      const alert = raised.find((r) => r.recipientUserId === manager.user.id)!;
      // The outbox row was committed with the alert.
      const row = await db.outboxMessage.findFirstOrThrow({ where: { channel: "email", payload: { path: ["alertId"], equals: alert.id } } });
      expect(row.sentAt).toBeNull();
      // Leave other tests' rows out of this run: only this alert's email is due.
      await db.outboxMessage.updateMany({ where: { channel: "email", id: { not: row.id }, sentAt: null }, data: { sentAt: new Date() } });

      // Attempt 1: the email goes out, then the process "dies" before marking it sent.
      const crashed = deliverOutbox({
        channel: "email",
        pool,
        send: async (message) => {
          await sendEmailRow(message, mailer);
          await killer.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
                AND query LIKE '%outbox_messages%FOR UPDATE SKIP LOCKED%'`,
          );
        },
      });
      await expect(crashed).rejects.toThrow();
      expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).sentAt).toBeNull();
      expect(catcher.received()).toBe(1);

      // Attempt 2 (after restart): sent again under the same Message-ID, then marked.
      const retry = await deliverOutbox({ channel: "email", send: (m) => sendEmailRow(m, mailer) });
      expect(retry).toEqual({ sent: 1, failed: 0 });
      expect(catcher.received()).toBe(2);
      const kept = catcher.messages().filter((m) => m.to.includes(manager.user.email));
      expect(kept).toHaveLength(1);
      expect(kept[0]!.messageId).toBe(`<outbox-${row.id}@hr-governance.local>`);
      expect(kept[0]!.subject).toBe("[High] Missing check-out: Sami Subject");
      expect(kept[0]!.text).toContain(`/alerts?alert=${alert.id}`);
      // Attempt 3: nothing left to send.
      expect(await deliverOutbox({ channel: "email", send: (m) => sendEmailRow(m, mailer) })).toEqual({ sent: 0, failed: 0 });
      expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).sentAt).not.toBeNull();
    } finally {
      await killer.end();
      await pool.end().catch(() => {});
      await catcher.close();
    }
  });

  it("an SMTP outage loses nothing: the row waits with its error and backs off", async () => {
    const manager = await createUser({ role: "manager" });
    await db.alertEmailPreference.create({ data: { userId: manager.user.id, medium: "immediate" } }); // its own email at once (the default is a digest)
    const member = await createUser({ managerId: manager.user.id });
    await db.task.create({ data: { title: "Close the books", assigneeId: member.user.id, dueDate: new Date(Date.now() - HOUR) } });
    const { raised } = await runScan("overdue_task");
    const alert = raised.find((r) => r.recipientUserId === manager.user.id)!;
    const row = await db.outboxMessage.findFirstOrThrow({ where: { channel: "email", payload: { path: ["alertId"], equals: alert.id } } });
    await db.outboxMessage.updateMany({ where: { channel: "email", id: { not: row.id }, sentAt: null }, data: { sentAt: new Date() } });
    // Nothing listens on this port.
    const down = smtpMailer("smtp://127.0.0.1:9");
    expect(await deliverOutbox({ channel: "email", send: (m) => sendEmailRow(m, down) })).toEqual({ sent: 0, failed: 1 });
    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ sentAt: null, attempts: 1 });
    expect(after.lastError).toBeTruthy();
    expect(after.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("still delivers a row written before the topic had one spelling and payloads a version", async () => {
    const catcher = await startSmtpCatcher();
    try {
      const manager = await createUser({ role: "manager", name: "Lina Legacy" });
      await db.alertEmailPreference.create({ data: { userId: manager.user.id, medium: "immediate" } }); // its own email at once (the default is a digest)
      const member = await createUser({ managerId: manager.user.id, name: "Omar Older" });
      await db.task.create({ data: { title: "File the return", assigneeId: member.user.id, dueDate: new Date(Date.now() - HOUR) } });
      const { raised } = await runScan("overdue_task");
      const alert = raised.find((r) => r.recipientUserId === manager.user.id)!;
      const current = await db.outboxMessage.findFirstOrThrow({ where: { channel: "email", payload: { path: ["alertId"], equals: alert.id } } });
      const { version, ...unversioned } = current.payload as Record<string, unknown>;
      expect(version).toBe(1);
      const legacy = { id: current.id, channel: "email" as const, topic: "alert.created", payload: unversioned, attempts: 0, createdAt: current.createdAt };
      await sendEmailRow(legacy, smtpMailer(`smtp://127.0.0.1:${catcher.port}`));
      expect(catcher.messages().map((m) => m.subject)).toEqual(["[Medium] Overdue task: Omar Older"]);
    } finally {
      await catcher.close();
    }
  });
});
