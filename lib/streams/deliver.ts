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

export type Attempt =
  | { outcome: "idle" }
  /** current: the cursor moved (false: the destination changed meanwhile, reload it). */
  | { outcome: "delivered"; events: number; scanned: number; current: boolean }
  | { outcome: "failed"; error: string; paused: boolean };

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
  const current = await recordSuccess(s, batch.cursor, batch.events.length, now);
  return { outcome: "delivered", events: batch.events.length, scanned: batch.scanned, current };
}

/** A batch read ahead, for the cursor (and filter) it starts from. */
export type Prefetch = { key: string; batch: Promise<Batch> };
const cursorKey = (cursor: bigint[], filter: string) => `${cursor.join(",")}|${filter}`;

const arrayText = (cursor: bigint[]) => `{${cursor.join(",")}}`;

/**
 * Moves the cursor past a delivered batch, in one statement (the day's count with it):
 * only if the destination is still active at the cursor the batch was read from. False
 * when it was paused, replayed or removed meanwhile (the batch was delivered all the
 * same, which at-least-once allows); the caller then reloads it.
 */
async function recordSuccess(s: StreamRow, cursor: bigint[], delivered: number, now: Date): Promise<boolean> {
  const moved = await db.$executeRaw`
    WITH moved AS (
      UPDATE audit_streams
         SET cursor = ${arrayText(cursor)}::bigint[], cursor_moved_at = ${now}, delivered_total = delivered_total + ${delivered},
             attempts = 0, failing_since = NULL, next_attempt_at = NULL,
             last_success_at = CASE WHEN ${delivered} > 0 THEN ${now} ELSE last_success_at END, updated_at = ${now}
       WHERE id = ${s.id}::uuid AND cursor = ${arrayText(s.cursor)}::bigint[] AND state = 'active'
      RETURNING id
    ), counted AS (
      INSERT INTO audit_stream_days (stream_id, day, delivered)
      SELECT id, (${now}::timestamptz AT TIME ZONE ${DISPLAY_TZ})::date, ${delivered} FROM moved WHERE ${delivered} > 0
      ON CONFLICT (stream_id, day) DO UPDATE SET delivered = audit_stream_days.delivered + EXCLUDED.delivered
    )
    SELECT 1 FROM moved`;
  if (moved === 0) return false;
  s.cursor = cursor;
  s.attempts = 0;
  s.failingSince = null;
  s.nextAttemptAt = null;
  return true;
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
/** A delivering loop reads its destination again at least this often. */
const RELOAD_MS = 1000;

/**
 * Wakes waiters when audit entries commit (the audit_appended NOTIFY). It listens only
 * while a destination waits, idle: a listener costs the database a message to this
 * process for every committing transaction, which busy writers would pay for while
 * every destination is busy delivering anyway. A commit between a destination's last
 * read and the LISTEN is found by the next read, at most the wait's `ms` later.
 */
class AppendSignal {
  private waiters = new Set<() => void>();
  private client: pg.Client | null = null;
  private listening: Promise<unknown> | null = null;
  private unlistenTimer: ReturnType<typeof setTimeout> | null = null;
  async open() {
    this.client = new pg.Client({ connectionString: env.DATABASE_URL });
    this.client.on("notification", () => this.wake());
    this.client.on("error", () => this.wake());
    await this.client.connect();
  }
  wake() {
    for (const w of this.waiters) w();
    this.waiters.clear();
    this.stopListeningSoon();
  }
  /** UNLISTEN once nobody has waited for a second (an idle destination waits again within one). */
  private stopListeningSoon() {
    if (this.unlistenTimer || !this.listening) return;
    this.unlistenTimer = setTimeout(() => {
      this.unlistenTimer = null;
      if (this.waiters.size > 0 || !this.listening) return;
      this.listening = null;
      this.client?.query(`UNLISTEN ${TAIL_CHANNEL}`).catch(() => undefined);
    }, 1000);
  }
  /** Resolves true when woken by a commit, false after `ms`. */
  async wait(ms: number): Promise<boolean> {
    if (this.unlistenTimer) {
      clearTimeout(this.unlistenTimer);
      this.unlistenTimer = null;
    }
    const woken = new Promise<boolean>((resolve) => {
      const waiters = this.waiters;
      const timer = setTimeout(() => {
        waiters.delete(wake);
        if (waiters.size === 0) this.stopListeningSoon();
        resolve(false);
      }, ms);
      function wake() {
        clearTimeout(timer);
        resolve(true);
      }
      this.waiters.add(wake);
    });
    this.listening ??= this.client?.query(`LISTEN ${TAIL_CHANNEL}`).catch(() => undefined) ?? null;
    return woken;
  }
  async close() {
    this.wake();
    if (this.unlistenTimer) clearTimeout(this.unlistenTimer);
    await this.client?.end().catch(() => undefined);
  }
}

export type RunSummary = { streams: number; ids: string[]; delivered: number; failed: number; paused: string[] };

/**
 * Delivers to every active destination until `budgetMs` has passed: each in its own
 * loop, woken within milliseconds of a commit (LISTEN) and at least every second. The
 * scheduled function runs this each minute for most of the minute.
 */
export async function runStreams(o: { budgetMs: number; maxEvents?: number; signal?: AbortSignal }): Promise<RunSummary> {
  const deadline = Date.now() + o.budgetMs;
  const going = () => Date.now() < deadline && !o.signal?.aborted;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, Math.min(ms, deadline - Date.now())));
      o.signal?.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        o.signal?.removeEventListener("abort", done);
        resolve();
      }
    });
  const signal = new AppendSignal();
  await signal.open();
  o.signal?.addEventListener("abort", () => signal.wake(), { once: true });
  const summary: RunSummary = { streams: 0, ids: [], delivered: 0, failed: 0, paused: [] };
  const running = new Map<string, Promise<void>>();
  const loop = async (id: string) => {
    let prefetch: Prefetch | null = null;
    // The destination as last read: read again after anything but a batch that moved
    // its cursor, and at least every second (a pause or an edit is seen within one).
    let s: StreamRow | null = null;
    let loadedAt = 0;
    while (going()) {
      if (!s || Date.now() - loadedAt > RELOAD_MS) {
        s = await loadStream(id);
        loadedAt = Date.now();
      }
      if (!s || s.state !== "active") return;
      const wait = s.nextAttemptAt ? s.nextAttemptAt.getTime() - Date.now() : 0;
      if (wait > 0) {
        await pause(Math.min(wait, 1000));
        s = null;
        continue;
      }
      const ahead: Prefetch | null = prefetch;
      prefetch = null;
      const current: StreamRow = s;
      const attempt = await deliverOnce(current, { maxEvents: o.maxEvents, prefetch: ahead, onPrefetch: (p) => (prefetch = p) }).catch((error: unknown) => {
        console.error(`[audit-streams] ${current.name}:`, error);
        return { outcome: "failed", error: String(error), paused: false } as const;
      });
      if (attempt.outcome === "delivered") {
        summary.delivered += attempt.events;
        if (!attempt.current) {
          s = null;
          prefetch = null;
        } else if (attempt.scanned < CAUGHT_UP_BELOW) {
          // Caught up (a short batch): let commits gather before the next read, or a
          // destination following busy writers would send a request every few entries.
          prefetch = null;
          await pause(COALESCE_MS);
        }
      } else if (attempt.outcome === "failed") {
        summary.failed++;
        prefetch = null;
        s = null;
        if (attempt.paused) summary.paused.push(current.name);
      } else {
        s = null;
        if (await signal.wait(Math.max(0, Math.min(1000, deadline - Date.now())))) {
          // Woken by a commit: gather what commits in the next moment into the same batch
          // (busy writers would otherwise cost a request every few entries).
          await pause(COALESCE_MS);
        }
      }
    }
  };
  try {
    while (going()) {
      const active = await db.auditStream.findMany({ where: { state: "active" }, select: { id: true } });
      for (const { id } of active) {
        if (!running.has(id)) {
          summary.streams++;
          summary.ids.push(id);
          running.set(id, loop(id));
        }
      }
      await pause(5000);
    }
    await Promise.all(running.values());
  } finally {
    await signal.close();
  }
  return summary;
}
