import type pg from "pg";
import { pool as defaultPool, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The transactional outbox. A change that must reach people (an email, a realtime
 * event) writes an outbox row in its own transaction; delivery reads the row after
 * commit. A crash between commit and send loses nothing (the row waits), and a crash
 * between send and mark sends again under the same id, which receivers use to drop
 * the repeat (the email's Message-ID, the realtime event's id).
 */
export type OutboxChannel = "email" | "realtime";

export type OutboxMessageInput = {
  channel: OutboxChannel;
  /** What kind of message: the event it announces (REALTIME_EVENTS in lib/realtime/channels.ts), whichever channel carries it. */
  topic: string;
  /** Small and self-contained; realtime payloads stay well under Pusher's 10 KB. */
  payload: Prisma.InputJsonValue;
};

export type OutboxRow = {
  id: string;
  channel: OutboxChannel;
  topic: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
};

export async function enqueueOutbox(tx: Tx, message: OutboxMessageInput): Promise<{ id: string }> {
  return tx.outboxMessage.create({ data: message, select: { id: true } });
}

export type DeliverOutboxOptions = {
  channel: OutboxChannel;
  /** Sends one message; throws to leave it for a later attempt. */
  send: (message: OutboxRow) => Promise<void>;
  /** Most messages handled in this call. */
  limit?: number;
  /** After this many failed attempts a message is left alone (and stays visible as unsent). */
  maxAttempts?: number;
  pool?: pg.Pool;
};

export type DeliverOutboxResult = { sent: number; failed: number };

const BACKOFF_BASE_SECONDS = 5;
const BACKOFF_MAX_SECONDS = 15 * 60;

/**
 * Delivers due messages of one channel, oldest first, one transaction each: the row is
 * locked (`FOR UPDATE SKIP LOCKED`, so concurrent deliverers never take the same row),
 * sent, then marked sent before the lock is released. A failed send records the error
 * and backs off exponentially.
 */
export async function deliverOutbox(options: DeliverOutboxOptions): Promise<DeliverOutboxResult> {
  const { channel, send, limit = 100, maxAttempts = 10 } = options;
  const pool = options.pool ?? defaultPool;
  const result: DeliverOutboxResult = { sent: 0, failed: 0 };
  for (let handled = 0; handled < limit; handled++) {
    const client = await pool.connect();
    let release: boolean | Error = false;
    // A connection cut while checked out emits "error" on the client; the failed query
    // reports it too, so the event only marks the connection as not reusable.
    const onError = (error: Error) => void (release = error);
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, channel, topic, payload, attempts, created_at AS "createdAt"
           FROM outbox_messages
          WHERE channel = $1 AND sent_at IS NULL AND attempts < $2
            AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          ORDER BY created_at
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [channel, maxAttempts],
      );
      const message = rows[0];
      if (!message) {
        await client.query("COMMIT");
        break;
      }
      try {
        await send(message);
        await client.query("UPDATE outbox_messages SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1", [message.id]);
        result.sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await client.query(
          `UPDATE outbox_messages
              SET attempts = attempts + 1, last_error = left($2, 1000),
                  next_attempt_at = now() + make_interval(secs => least($3 * power(2, attempts), $4))
            WHERE id = $1`,
          [message.id, reason, BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS],
        );
        result.failed++;
      }
      await client.query("COMMIT");
    } catch (error) {
      // The connection's state is unknown (e.g. the server went away): discard it.
      release = error instanceof Error ? error : new Error(String(error));
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.off("error", onError);
      client.release(release);
    }
  }
  return result;
}

/** Unsent messages of a channel, for status pages and tests. */
export async function countPendingOutbox(channel: OutboxChannel, pool: pg.Pool = defaultPool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_messages WHERE channel = $1 AND sent_at IS NULL", [channel]);
  return rows[0]?.n ?? 0;
}
