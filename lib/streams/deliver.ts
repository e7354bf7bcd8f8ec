import "server-only";
// Delivery (issue 22): at least once, in chain order per chain. A destination's batch is
// sent, and only when the destination acknowledges it (2xx) does its cursor move on, in
// one guarded update (a replay that moved the cursor meanwhile wins). A failure backs off
// exponentially with jitter; a destination failing for a day is paused and the admins
// are alerted. Each destination runs its own loop, so a slow one holds up no other, and
// the writers never wait for any: the log is the buffer.
import { createHash } from "node:crypto";
import pg from "pg";
import { rolesWith } from "@/lib/access/permissions";
import { insertAlerts, type InsertRow } from "@/lib/alerts/raise";
import { BASE_SEVERITY } from "@/lib/alerts/contract";
import { TAIL_CHANNEL } from "@/lib/audit/tail/hub";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { DISPLAY_TZ, formatDateTime } from "@/lib/time";
import { BATCH_MAX_BYTES, BATCH_MAX_EVENTS, PAUSE_AFTER_FAILING_MS, type StreamEvent, type WebhookBody } from "./contract";
import { fullCursor, readBatch, type Batch } from "./batch";
import type { HttpAnswer } from "./http";
import { openSecret } from "./secrets";
import { sendBatch } from "./transports";

export type StreamRow = {
  id: string; name: string; transport: string; format: string; filter: string; config: Record<string, unknown>;
  secretSealed: string; previousSecretSealed: string | null; previousSecretUntil: Date | null;
  state: string; cursor: bigint[]; failingSince: Date | null; nextAttemptAt: Date | null; attempts: number;
};

const SELECT = {
  id: true, name: true, transport: true, format: true, filter: true, config: true, secretSealed: true, previousSecretSealed: true, previousSecretUntil: true,
  state: true, cursor: true, failingSince: true, nextAttemptAt: true, attempts: true,
} as const;

export async function loadStream(id: string): Promise<StreamRow | null> {
  const row = await db.auditStream.findUnique({ where: { id }, select: SELECT });
  return row ? { ...row, config: (row.config ?? {}) as Record<string, unknown>, cursor: fullCursor(row.cursor) } : null;
}

/** Backoff before attempt n+1 after n failures: 2^n seconds up to 10 minutes, ±50 % jitter. */
export function backoffMs(failures: number, random = Math.random): number {
  const base = Math.min(600_000, 1000 * 2 ** Math.min(failures, 20));
  return Math.round(base * (0.5 + random()));
}

/** The idempotency key of a batch: the same entries give the same id. */
export function batchId(streamId: string, events: ReadonlyArray<{ id: string }>): string {
  const h = createHash("sha256").update(streamId);
  for (const e of events) h.update(e.id);
  return `msg_${h.digest("base64url").slice(0, 32)}`;
}

/** The secrets that sign now: the current one, and a webhook's previous one during its grace period. */
function secretsOf(s: StreamRow, now: Date): string[] {
  const secrets = [openSecret(s.secretSealed, s.id)];
  if (s.transport === "webhook" && s.previousSecretSealed && s.previousSecretUntil && s.previousSecretUntil > now) secrets.push(openSecret(s.previousSecretSealed, s.id));
  return secrets;
}

function send(s: StreamRow, events: StreamEvent[], type: WebhookBody["type"], now: Date): Promise<HttpAnswer> {
  return sendBatch({ id: s.id, name: s.name, transport: s.transport, format: s.format, config: s.config, secrets: secretsOf(s, now) }, events, type, batchId(s.id, events), now);
}

export type Attempt = { outcome: "idle" } | { outcome: "delivered"; events: number; scanned: number } | { outcome: "failed"; error: string; paused: boolean };

/**
 * One step of a destination: reads the next batch past its cursor, sends the matching
 * entries, and records the outcome. Entries the filter leaves out move the cursor on
 * without a send.
 */
export async function deliverOnce(s: StreamRow, o: { now?: Date; maxEvents?: number; maxBytes?: number; prefetch?: Prefetch | null; onPrefetch?: (p: Prefetch) => void } = {}): Promise<Attempt> {
  const now = o.now ?? new Date();
  const read = (cursor: bigint[]) => readBatch({ filter: s.filter, cursor, maxEvents: o.maxEvents ?? BATCH_MAX_EVENTS, maxBytes: o.maxBytes ?? BATCH_MAX_BYTES });
  const key = cursorKey(s.cursor, s.filter);
  const batch = o.prefetch && o.prefetch.key === key ? await o.prefetch.batch : await read(s.cursor);
  if (batch.scanned === 0) return { outcome: "idle" };
  // The next batch is read while this one is sent: it starts where this one ends, and is
  // used only if this one is acknowledged and nothing moved the cursor meanwhile.
  if (o.onPrefetch) {
    const next = read(batch.cursor);
    next.catch(() => undefined);
    o.onPrefetch({ key: cursorKey(batch.cursor, s.filter), batch: next });
  }
  if (batch.events.length > 0) {
    let answer: HttpAnswer;
    try {
      answer = await send(s, batch.events, "audit.entries", now);
    } catch (error) {
      answer = { ok: false, status: 0, body: error instanceof Error ? error.message : String(error) };
    }
    if (!answer.ok) return recordFailure(s, answer, now);
  }
  await recordSuccess(s, batch.cursor, batch.events.length, now);
  return { outcome: "delivered", events: batch.events.length, scanned: batch.scanned };
}

/** A batch read ahead, for the cursor (and filter) it starts from. */
export type Prefetch = { key: string; batch: Promise<Batch> };
const cursorKey = (cursor: bigint[], filter: string) => `${cursor.join(",")}|${filter}`;

const arrayText = (cursor: bigint[]) => `{${cursor.join(",")}}`;

async function recordSuccess(s: StreamRow, cursor: bigint[], delivered: number, now: Date) {
  await db.$transaction([
    db.$executeRaw`
      UPDATE audit_streams
         SET cursor = ${arrayText(cursor)}::bigint[], cursor_moved_at = ${now}, delivered_total = delivered_total + ${delivered},
             attempts = 0, failing_since = NULL, next_attempt_at = NULL,
             last_success_at = CASE WHEN ${delivered} > 0 THEN ${now} ELSE last_success_at END, updated_at = ${now}
       WHERE id = ${s.id}::uuid AND cursor = ${arrayText(s.cursor)}::bigint[]`,
    ...(delivered > 0
      ? [db.$executeRaw`
          INSERT INTO audit_stream_days (stream_id, day, delivered) VALUES (${s.id}::uuid, (${now}::timestamptz AT TIME ZONE ${DISPLAY_TZ})::date, ${delivered})
          ON CONFLICT (stream_id, day) DO UPDATE SET delivered = audit_stream_days.delivered + EXCLUDED.delivered`]
      : []),
  ]);
  s.cursor = cursor;
  s.attempts = 0;
  s.failingSince = null;
  s.nextAttemptAt = null;
}

const describeAnswer = (a: HttpAnswer) => (a.status === 0 ? a.body : `HTTP ${a.status}${a.body ? `: ${a.body}` : ""}`).slice(0, 1000);

async function recordFailure(s: StreamRow, answer: HttpAnswer, now: Date): Promise<Attempt> {
  const error = describeAnswer(answer);
  const failingSince = s.failingSince ?? now;
  const next = new Date(now.getTime() + backoffMs(s.attempts));
  await db.$transaction([
    db.$executeRaw`
      UPDATE audit_streams
         SET attempts = attempts + 1, failing_since = coalesce(failing_since, ${now}), next_attempt_at = ${next},
             last_error = ${error}, last_error_at = ${now}, failed_batches = failed_batches + 1, updated_at = ${now}
       WHERE id = ${s.id}::uuid`,
    db.$executeRaw`
      INSERT INTO audit_stream_days (stream_id, day, failed) VALUES (${s.id}::uuid, (${now}::timestamptz AT TIME ZONE ${DISPLAY_TZ})::date, 1)
      ON CONFLICT (stream_id, day) DO UPDATE SET failed = audit_stream_days.failed + 1`,
  ]);
  s.attempts++;
  s.failingSince = failingSince;
  s.nextAttemptAt = next;
  let paused = false;
  if (now.getTime() - failingSince.getTime() >= PAUSE_AFTER_FAILING_MS) paused = await pauseFailing(s, error, failingSince, now);
  return { outcome: "failed", error, paused };
}

/** Pauses a destination that has failed for a day and alerts whoever manages streams (email included). */
async function pauseFailing(s: StreamRow, error: string, failingSince: Date, now: Date): Promise<boolean> {
  const reason = `Failing since ${formatDateTime(failingSince)}: ${error}`.slice(0, 1000);
  return auditedTransaction(async (tx, audit) => {
    const updated = await tx.$executeRaw`
      UPDATE audit_streams SET state = 'paused', paused_reason = ${reason}, paused_at = ${now}, updated_at = ${now}
       WHERE id = ${s.id}::uuid AND state = 'active'`;
    if (updated === 0) return false;
    const admins = await tx.user.findMany({ where: { status: "active", role: { in: rolesWith("streams:manage") } }, select: { id: true } });
    const rows: InsertRow[] = admins.map((a) => ({
      recipient_user_id: a.id, subject_user_id: null, subject_label: s.name, entity_type: "audit_stream", entity_id: s.id, entity_label: s.name,
      message: `The audit stream "${s.name}" has failed for a day and is paused; entries wait in the log. ${reason}`.slice(0, 1000),
      dedupe_key: `stream_failing:${s.id}`, details: { streamId: s.id }, severity: BASE_SEVERITY.stream_failing,
    }));
    await insertAlerts(tx, "stream_failing", rows, now);
    audit.record({
      eventType: "update", category: "system", actionType: "audit_stream.paused",
      description: `Paused the audit stream "${s.name}": it has failed for a day (${error.slice(0, 200)})`,
      actor: systemActor("audit streams"), object: { type: "audit_stream", id: s.id, name: s.name },
      before: { state: "active" }, after: { state: "paused" }, riskLevel: "high",
    });
    s.state = "paused";
    return true;
  });
}

/** A test event, sent now, outside the cursor: whether the destination accepts it. */
export async function sendTestEvent(s: StreamRow, now = new Date()): Promise<HttpAnswer> {
  const event: StreamEvent = {
    id: `test-${now.getTime()}`, time: now.toISOString(), chain: -1, seq: "0", entryHash: "0".repeat(64),
    fields: {
      event_type: "system", event_category: "system", action_type: "audit_stream.test", action_description: `Test event from the audit stream "${s.name}"`,
      module_name: "audit_streams", object_type: "audit_stream", object_id: s.id, object_name: s.name, risk_level: "low", status: "success",
    },
  };
  try {
    return await send(s, [event], "audit.test", now);
  } catch (error) {
    return { ok: false, status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}

// ── The loop ───────────────────────────────────────────────────────────────

/** After a commit wakes an idle destination, how long to let more commits gather first. */
const COALESCE_MS = 200;
/** A batch that read fewer entries than this means the destination has caught up. */
const CAUGHT_UP_BELOW = 100;

/** Wakes waiters when audit entries commit (the audit_appended NOTIFY). */
class AppendSignal {
  private waiters = new Set<() => void>();
  private client: pg.Client | null = null;
  async open() {
    this.client = new pg.Client({ connectionString: env.DATABASE_URL });
    this.client.on("notification", () => this.wake());
    this.client.on("error", () => this.wake());
    await this.client.connect();
    await this.client.query(`LISTEN ${TAIL_CHANNEL}`);
  }
  wake() {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
  /** Resolves true when woken by a commit, false after `ms`. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiters = this.waiters;
      const timer = setTimeout(() => {
        waiters.delete(woken);
        resolve(false);
      }, ms);
      function woken() {
        clearTimeout(timer);
        resolve(true);
      }
      this.waiters.add(woken);
    });
  }
  async close() {
    this.wake();
    await this.client?.end().catch(() => undefined);
  }
}

export type RunSummary = { streams: number; ids: string[]; delivered: number; failed: number; paused: string[] };

/**
 * Delivers to every active destination until `budgetMs` has passed: each in its own
 * loop, woken within milliseconds of a commit (LISTEN) and at least every second. The
 * scheduled function runs this each minute for most of the minute.
 */
export async function runStreams(o: { budgetMs: number; maxEvents?: number }): Promise<RunSummary> {
  const deadline = Date.now() + o.budgetMs;
  const signal = new AppendSignal();
  await signal.open();
  const summary: RunSummary = { streams: 0, ids: [], delivered: 0, failed: 0, paused: [] };
  const running = new Map<string, Promise<void>>();
  const loop = async (id: string) => {
    let prefetch: Prefetch | null = null;
    while (Date.now() < deadline) {
      const s = await loadStream(id);
      if (!s || s.state !== "active") return;
      const wait = s.nextAttemptAt ? s.nextAttemptAt.getTime() - Date.now() : 0;
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, Math.min(wait, deadline - Date.now(), 1000)));
        continue;
      }
      const ahead: Prefetch | null = prefetch;
      prefetch = null;
      const attempt = await deliverOnce(s, { maxEvents: o.maxEvents, prefetch: ahead, onPrefetch: (p) => (prefetch = p) }).catch((error: unknown) => {
        console.error(`[audit-streams] ${s.name}:`, error);
        return { outcome: "failed", error: String(error), paused: false } as const;
      });
      if (attempt.outcome === "delivered") {
        summary.delivered += attempt.events;
        // Caught up (a short batch): let commits gather before the next read, or a
        // destination following busy writers would send a request every few entries.
        if (attempt.scanned < CAUGHT_UP_BELOW) {
          prefetch = null;
          await new Promise((r) => setTimeout(r, Math.max(0, Math.min(COALESCE_MS, deadline - Date.now()))));
        }
      } else if (attempt.outcome === "failed") {
        summary.failed++;
        prefetch = null;
        if (attempt.paused) summary.paused.push(s.name);
      } else if (await signal.wait(Math.max(0, Math.min(1000, deadline - Date.now())))) {
        // Woken by a commit: gather what commits in the next moment into the same batch
        // (busy writers would otherwise cost a request every few entries).
        await new Promise((r) => setTimeout(r, COALESCE_MS));
      }
    }
  };
  try {
    while (Date.now() < deadline) {
      const active = await db.auditStream.findMany({ where: { state: "active" }, select: { id: true } });
      for (const { id } of active) {
        if (!running.has(id)) {
          summary.streams++;
          summary.ids.push(id);
          running.set(id, loop(id));
        }
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, deadline - Date.now()))));
    }
    await Promise.all(running.values());
  } finally {
    await signal.close();
  }
  return summary;
}
