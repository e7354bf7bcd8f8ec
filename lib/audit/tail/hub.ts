import "server-only";
// The live tail's one reader per process (spec 001 §7.2 "live audit trail"). Every open
// tail subscribes here; one LISTEN connection hears each commit of audit entries
// (audit_chain_heads' trigger NOTIFYs on `audit_appended`), and one query per wake-up
// reads the new entries once for every tail: each distinct (search, scope) is a
// boolean column of that query, so 50 tails cost about what one does. Rows go to the
// tails whose column is true, in commit order per chain, each with the position after
// it (position.ts), so a tail that reconnects with that position misses nothing and
// repeats nothing.
import pg from "pg";
import { can, type Role } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatQuery, type SearchQuery } from "../search/parse";
import { toRow, type AuditListRow, type RawRow } from "../search/query";
import { VIEW_SENSITIVE } from "../search/masking";
import { maskedSql, searchWhere } from "../search/where";
import { advance, rangesBetween, type TailPosition } from "./position";

export const TAIL_CHANNEL = "audit_appended";
/** The most entries one catch-up sends; more means the tail should reload its search. */
export const CATCH_UP_LIMIT = 1000;
/** The most positions per chain one wake-up reads; more waits for the next round. */
const MAX_PER_CHAIN = 2000;
/** A wake-up without a notification: a lost one (a dropped connection) costs at most this. */
const POLL_MS = 5_000;
/**
 * Rounds start at most this often: under a steady stream of commits each round takes
 * what came in the last 100 ms at once, instead of one round per commit. The latency
 * this adds (at most this) is small next to the 2 s a tail promises.
 */
const MIN_ROUND_INTERVAL_MS = 100;

export type TailDelivery = { row: AuditListRow; position: string } | { row: null; position: string };

export type TailSubscriber = {
  viewer: Viewer;
  ast: SearchQuery;
  /**
   * Called with each matching entry and, at the end of each round, the position reached;
   * `since` is a time no entry after any of these positions is older than (the resume's
   * read skips older partitions with it).
   */
  deliver: (rows: Array<{ row: AuditListRow; position: TailPosition }>, reached: TailPosition, since: number | null) => void;
};

type Registered = TailSubscriber & { key: string };

type Stats = { rounds: number; queries: number; queryMs: number; rows: number; delivered: number; catchUps: number; catchUpMs: number };

type HeadRow = { chain_id: number; last_seq: bigint; last_ts: Date };
type TailRawRow = RawRow & { chain_id: number; chain_seq: bigint; masked_restricted: boolean } & Record<`m${number}`, boolean>;

/** A (search, scope) once per distinct pair: the column several tails share. */
function predicateKey(viewer: Viewer, ast: SearchQuery): string {
  // The scope depends on the role and, for own and team reach, on the person.
  return `${viewer.role}|${viewer.id}|${formatQuery(ast)}`;
}

function maySeeSensitive(role: Role): boolean {
  return can(role, VIEW_SENSITIVE);
}

export class TailHub {
  private subscribers = new Map<number, Registered>();
  private joins: Array<{ id: number; subscriber: Registered; resolve: (start: { from: TailPosition; since: number | null }) => void }> = [];
  private nextId = 1;
  private position: Map<number, number> = new Map();
  /** Each chain's time at `position`: its later entries are no older (times never go back within a chain). */
  private positionTs: Map<number, Date> = new Map();
  private listener: pg.Client | null = null;
  private started: Promise<void> | null = null;
  private running = false;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private closed = false;
  readonly stats: Stats = { rounds: 0, queries: 0, queryMs: 0, rows: 0, delivered: 0, catchUps: 0, catchUpMs: 0 };

  constructor(private readonly databaseUrl: string = env.DATABASE_URL) {}

  /** Listening and positioned at the log's heads; idempotent. */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on("notification", () => this.wake());
    client.on("error", (error) => {
      console.error("[tail] the LISTEN connection failed; reconnecting:", error.message);
      this.listener = null;
      this.started = null;
      if (!this.closed) setTimeout(() => void this.start().catch(() => undefined), 1_000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${TAIL_CHANNEL}`);
    this.listener = client;
    // Reconnected: catch up on what was missed meanwhile. (A first start has no tails
    // yet; the first to join positions the hub after this LISTEN, so nothing is unheard.)
    this.wake();
    this.poll ??= setInterval(() => this.wake(), POLL_MS);
    this.poll.unref();
  }

  /** Where the log stands: each chain's last committed position, and its time. */
  async heads(): Promise<{ seq: Map<number, number>; ts: Map<number, Date> }> {
    const rows = await this.timed(() => db.$queryRaw<HeadRow[]>`SELECT chain_id, last_seq, last_ts FROM audit_chain_heads`);
    return { seq: new Map(rows.map((r) => [Number(r.chain_id), Number(r.last_seq)])), ts: new Map(rows.map((r) => [Number(r.chain_id), r.last_ts])) };
  }

  /**
   * Adds a tail and returns the position it starts after, with an unsubscribe. Every
   * entry after that position reaches `deliver`; what came before it (a resumed tail's
   * gap) is the caller's to read with catchUp(), up to that position. Joining happens
   * inside a round, the one place the hub's position moves, so no entry falls between.
   */
  async subscribe(subscriber: TailSubscriber): Promise<{ from: TailPosition; since: number | null; unsubscribe: () => void }> {
    await this.start();
    const id = this.nextId++;
    const { from, since } = await new Promise<{ from: TailPosition; since: number | null }>((resolve) => {
      this.joins.push({ id, subscriber: { ...subscriber, key: predicateKey(subscriber.viewer, subscriber.ast) }, resolve });
      this.wake();
    });
    return { from, since, unsubscribe: () => void this.subscribers.delete(id) };
  }

  /** The oldest time any entry after the hub's position can have (each chain's time there). */
  private sinceOf(chains: Iterable<number>): number | null {
    let since = Infinity;
    for (const chain of chains) {
      const t = this.positionTs.get(chain);
      if (t === undefined) return null;
      since = Math.min(since, t.getTime());
    }
    return Number.isFinite(since) ? since : null;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Entries between two positions that a tail matches, oldest first, at most `limit`. */
  async catchUp(viewer: Viewer, ast: SearchQuery, from: TailPosition, to: TailPosition, limit = CATCH_UP_LIMIT, since: number | null = null): Promise<Array<{ row: AuditListRow; position: TailPosition }>> {
    const ranges = rangesBetween(from, to);
    if (ranges.length === 0) return [];
    this.stats.catchUps++;
    const started = performance.now();
    const rows = await this.read(ranges, [searchWhere(ast, viewer)], limit, since === null ? null : new Date(since));
    this.stats.catchUpMs += performance.now() - started;
    const restricted = !maySeeSensitive(viewer.role);
    let at: TailPosition = from;
    return rows.map((r) => {
      at = advance(at, Number(r.chain_id), Number(r.chain_seq));
      return { row: toRow({ ...r, masked: restricted && r.masked_restricted }), position: at };
    });
  }

  /** Wakes the reader: now, or right after the round under way. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if ((this.subscribers.size === 0 && this.joins.length === 0) || this.closed) return;
    this.running = true;
    const started = performance.now();
    void this.round()
      .catch((error: unknown) => console.error("[tail] a round failed; the next wake-up retries it:", error))
      .finally(() => {
        if (!this.again) {
          this.running = false;
          return;
        }
        // More came in meanwhile: the next round, no sooner than the interval allows
        // (still "running" until then, so wake-ups in between join it).
        this.again = false;
        const wait = Math.max(0, MIN_ROUND_INTERVAL_MS - (performance.now() - started));
        setTimeout(() => {
          this.running = false;
          this.wake();
        }, wait).unref();
      });
  }

  /** One round: the new entries read once, sent to every tail they match. */
  private async round(): Promise<void> {
    if (this.joins.length > 0) {
      // An idle hub's position is stale (nothing read it since the last tail left).
      if (this.subscribers.size === 0) {
        const heads = await this.heads();
        this.position = heads.seq;
        this.positionTs = heads.ts;
      }
      for (const join of this.joins.splice(0)) {
        this.subscribers.set(join.id, join.subscriber);
        join.resolve({ from: new Map(this.position), since: this.sinceOf(this.position.keys()) });
      }
    }
    if (this.subscribers.size === 0) return;
    const { seq: heads, ts: headTimes } = await this.heads();
    const ranges = rangesBetween(this.position, heads, MAX_PER_CHAIN);
    // The tails of this round (one that leaves meanwhile is skipped; joins wait for the next round).
    const tails = [...this.subscribers.values()];
    if (ranges.length === 0 || tails.length === 0) return;
    this.stats.rounds++;
    // One column per distinct (search, scope); each tail knows its column and masking up front.
    const columnOf = new Map<string, `m${number}`>();
    const predicates: Prisma.Sql[] = [];
    for (const t of tails) {
      if (columnOf.has(t.key)) continue;
      columnOf.set(t.key, `m${predicates.length}`);
      predicates.push(searchWhere(t.ast, t.viewer));
    }
    const takers = tails.map((tail) => ({
      tail,
      column: columnOf.get(tail.key)!,
      restricted: !maySeeSensitive(tail.viewer.role),
      rows: [] as Array<{ row: AuditListRow; position: TailPosition }>,
    }));
    // No new entry is older than its chain's time at our position: the read skips
    // every partition before the oldest of those.
    const rangeSince = this.sinceOf(ranges.map((r) => r.chain));
    const rows = await this.read(ranges, predicates, undefined, rangeSince === null ? null : new Date(rangeSince));
    let reached: TailPosition = this.position;
    for (const r of ranges) reached = advance(reached, r.chain, r.upTo);
    const capped = ranges.filter((r) => r.upTo < (heads.get(r.chain) ?? 0));
    if (capped.length > 0) this.again = true;
    // A chain read to its head is at the head's time; a capped one keeps its old time (a safe bound).
    // Every entry after any position of this round is no older than `since` (taken before the times move).
    const since = this.sinceOf(this.position.keys());
    for (const r of ranges) if (!capped.includes(r)) this.positionTs.set(r.chain, headTimes.get(r.chain)!);

    let at: TailPosition = this.position;
    for (const r of rows) {
      at = advance(at, Number(r.chain_id), Number(r.chain_seq));
      let plain: AuditListRow | null = null;
      let masked: AuditListRow | null = null;
      for (const taker of takers) {
        if (!r[taker.column]) continue;
        const row = taker.restricted && r.masked_restricted ? (masked ??= toRow({ ...r, masked: true })) : (plain ??= toRow({ ...r, masked: false }));
        taker.rows.push({ row, position: at });
      }
    }
    this.position = new Map(reached);
    this.stats.rows += rows.length;
    for (const { tail, rows: list } of takers) {
      this.stats.delivered += list.length;
      try {
        tail.deliver(list, reached, since);
      } catch (error) {
        console.error("[tail] a tail failed to take its entries:", error);
      }
    }

  }

  /**
   * The entries in `ranges` that any predicate matches, oldest first (time, then chain
   * position), with one boolean column per predicate and the names resolved.
   */
  private async read(ranges: Array<{ chain: number; after: number; upTo: number }>, predicates: Prisma.Sql[], limit?: number, since: Date | null = null): Promise<TailRawRow[]> {
    const within = Prisma.join(
      ranges.map((r) => Prisma.sql`(chain_id = ${r.chain}::smallint AND chain_seq > ${r.after}::bigint AND chain_seq <= ${r.upTo}::bigint)`),
      " OR ",
    );
    const columns = Prisma.join(predicates.map((p, i) => Prisma.sql`coalesce(${p}, false) AS ${Prisma.raw(`m${i}`)}`));
    const any = Prisma.join(predicates.map((_p, i) => Prisma.raw(`a.m${i}`)), " OR ");
    // The masking flag as a viewer without the sensitive permission reads it (maskedSql
    // over any such viewer: it does not depend on who they are).
    const restricted = maskedSql({ id: "00000000-0000-0000-0000-000000000000", role: "employee" });
    return this.timed(
      () => db.$queryRaw<TailRawRow[]>`
      SELECT a.id::text AS id, a.event_timestamp, a.event_type, a.event_category, a.action_type, a.action_description, a.module_name,
             a.user_id::text AS user_id, coalesce(nullif(a.user_name, ''), actor.name, '') AS actor_name, a.user_email, a.user_role,
             a.object_type, a.object_id, a.object_name, a.subject_user_id::text AS subject_user_id, subject.name AS subject_name,
             a.risk_level, a.status, a.ip_address, a.is_sensitive, ${restricted} AS masked_restricted,
             a.chain_id, a.chain_seq, ${Prisma.join(predicates.map((_p, i) => Prisma.raw(`a.m${i}`)))}
        FROM (SELECT audit_logs.*, ${columns} FROM audit_logs WHERE (${within})${since ? Prisma.sql` AND event_timestamp >= ${since}` : Prisma.empty}) a
        LEFT JOIN users actor ON actor.id = a.user_id
        LEFT JOIN users subject ON subject.id = a.subject_user_id
       WHERE ${any}
       ORDER BY a.event_timestamp, a.chain_id, a.chain_seq
       ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`,
    );
  }

  private async timed<T>(run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.stats.queries++;
      this.stats.queryMs += performance.now() - started;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.subscribers.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }
}

// One hub per server process (dev hot reload keeps it across edits).
const slot = globalThis as { __auditTailHub?: TailHub };

export function tailHub(): TailHub {
  slot.__auditTailHub ??= new TailHub();
  return slot.__auditTailHub;
}
