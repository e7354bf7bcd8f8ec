import "server-only";
// Reading what a destination has not had yet (issue 22). The cursor holds, per hash
// chain, the last position handled; a batch is the next positions of every chain (a
// prefix of each), the entries its filter matches carrying their fields and the others
// only moving the cursor on. Positions on one chain commit in order (the append holds
// the chain head's lock until commit), so nothing can appear later behind the cursor.
import { Prisma } from "@/lib/generated/prisma/client";
import { db, pool, statementName } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { hashedFieldsJsonSql } from "@/lib/audit/integrity/canonical";
import { parseQuery, type SearchQuery } from "@/lib/audit/search/parse";
import { searchWhere } from "@/lib/audit/search/where";
import { AUDIT_CHAIN_COUNT } from "@/lib/audit/write/writer";
import type { StreamEvent } from "./contract";

/** Streams read the whole log (admins configure them), unmasked. */
const STREAM_VIEWER = { id: "00000000-0000-0000-0000-000000000000", role: "admin" } as const;

/** A destination's filter, parsed; refused with the parser's reason. */
export function parseFilter(filter: string): SearchQuery {
  const parsed = parseQuery(filter);
  if (!parsed.ok) throw new ServiceError(`The filter does not parse: ${parsed.error.reason}${parsed.error.suggestion ? ` (${parsed.error.suggestion})` : ""}`);
  return parsed.ast;
}

/** A cursor with one position per chain (missing chains at 0). */
export function fullCursor(cursor: ReadonlyArray<bigint | string | number>): bigint[] {
  return Array.from({ length: AUDIT_CHAIN_COUNT }, (_, i) => BigInt(cursor[i] ?? 0));
}

/**
 * An event whose fields are parsed only if a format reads them, carrying its JSON text
 * ready-made: the audit JSON format sends the database's fields text as it is.
 */
class LazyEvent implements StreamEvent {
  #parsed: Record<string, string | null> | null = null;
  readonly #fieldsJson: string;
  constructor(readonly id: string, readonly time: string, readonly chain: number, readonly seq: string, readonly entryHash: string, fieldsJson: string) {
    this.#fieldsJson = fieldsJson;
  }
  get fields(): Record<string, string | null> {
    return (this.#parsed ??= JSON.parse(this.#fieldsJson) as Record<string, string | null>);
  }
  toJSON(): StreamEvent {
    return { id: this.id, time: this.time, chain: this.chain, seq: this.seq, entryHash: this.entryHash, fields: this.fields };
  }
  /** The event as audit JSON text, without parsing its fields. */
  json(): string {
    return `{"id":"${this.id}","time":"${this.time}","chain":${this.chain},"seq":"${this.seq}","entryHash":"${this.entryHash}","fields":${this.#fieldsJson}}`;
  }
}

/** An event as audit JSON text (ready-made when it came from a batch). */
export function eventJson(e: StreamEvent): string {
  return e instanceof LazyEvent ? e.json() : JSON.stringify(e);
}

export type Batch = {
  events: StreamEvent[];
  /** The cursor after this batch: each chain's last position read (matching or not). */
  cursor: bigint[];
  /** Entries read, matching the filter or not. */
  scanned: number;
  bytes: number;
};

type Row = { chain: number; id: string; seq: string; t: string; entry_hash: string; fields: string | null };

/** The read of one batch (exported for the benchmark's EXPLAIN). */
export function batchSql(o: { filter: string; cursor: bigint[]; maxEvents: number }, bounded = true): Prisma.Sql {
  const where = searchWhere(parseFilter(o.filter), STREAM_VIEWER);
  const perChain = Math.min(o.maxEvents, Math.max(64, Math.ceil((o.maxEvents * 2) / AUDIT_CHAIN_COUNT)));
  const cursor = `{${o.cursor.join(",")}}`;
  // Each chain's next rows (cheap: the row, whether it matches, its order), as a range
  // of positions (a chain's positions have no gaps: the append holds the head's lock
  // until commit), so the read never depends on how far behind the cursor is. Only
  // archiving leaves a gap, before a chain's first entry still here: when the range
  // finds nothing, readBatch reads once more without the bound. Then in time
  // order only as many as reach the maxEvents-th match, and only those matching are
  // printed as JSON: the read costs what the batch carries.
  return Prisma.sql`
    SELECT p.chain, (p.x).id::text AS id, (p.x).chain_seq::text AS seq, (extract(epoch FROM (p.x).event_timestamp) * 1000)::bigint::text AS t,
           encode((p.x).entry_hash, 'hex') AS entry_hash,
           CASE WHEN p.matches THEN ${Prisma.raw(hashedFieldsJsonSql("(p.x)"))} END AS fields
      FROM (
        SELECT ch.n AS chain, r.x, r.matches, r.event_timestamp, r.chain_seq,
               count(*) FILTER (WHERE r.matches) OVER (ORDER BY r.event_timestamp, ch.n, r.chain_seq ROWS UNBOUNDED PRECEDING) AS nth
          FROM generate_series(0, ${AUDIT_CHAIN_COUNT - 1}::int) AS ch(n)
         CROSS JOIN LATERAL (
           SELECT a AS x, (${where}) AS matches, a.event_timestamp, a.chain_seq
             FROM audit_logs a
            WHERE a.chain_id = ch.n AND a.chain_seq > (${cursor}::bigint[])[ch.n + 1]
              ${bounded ? Prisma.sql`AND a.chain_seq <= (${cursor}::bigint[])[ch.n + 1] + ${perChain}` : Prisma.empty}
            ORDER BY a.chain_seq
            LIMIT ${perChain}
         ) r
      ) p
     WHERE p.nth <= ${o.maxEvents}
     ORDER BY p.event_timestamp, p.chain, p.chain_seq`;
}

export async function readBatch(o: { filter: string; cursor: bigint[]; maxEvents: number; maxBytes: number }): Promise<Batch> {
  // Through the pool: a batch is a thousand rows of JSON text, which Prisma's result
  // mapping would cost more to hand over than the database spends producing them.
  const query = async (bounded: boolean) => {
    const sql = batchSql(o, bounded);
    return (await pool.query<Row>({ name: statementName({ sql: sql.text }) || undefined, text: sql.text, values: sql.values })).rows;
  };
  let rows = await query(true);
  if (rows.length === 0) rows = await query(false);
  // Oldest first across chains (the query's order); each chain's rows stay a prefix whatever is cut.
  const next = [...o.cursor];
  const events: StreamEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  for (const r of rows) {
    if (r.fields !== null) {
      const event = new LazyEvent(r.id, new Date(Number(r.t)).toISOString(), r.chain, r.seq, r.entry_hash, r.fields);
      const size = r.fields.length + 200;
      if (events.length >= o.maxEvents || (events.length > 0 && bytes + size > o.maxBytes)) break;
      events.push(event);
      bytes += size;
    }
    next[r.chain] = BigInt(r.seq);
    scanned++;
  }
  return { events, cursor: next, scanned, bytes };
}

/** The cursor that starts at `from` (every entry from then on still in the database), or at the chain heads now. */
export async function cursorAt(from: Date | null): Promise<bigint[]> {
  if (from === null) {
    const heads = await db.auditChainHead.findMany({ select: { chainId: true, lastSeq: true } });
    const cursor = fullCursor([]);
    for (const h of heads) cursor[h.chainId] = h.lastSeq;
    return cursor;
  }
  const rows = await db.$queryRaw<Array<{ chain: number; seq: string }>>`
    SELECT ch.n AS chain, coalesce(
             (SELECT max(a.chain_seq) FROM audit_logs a WHERE a.chain_id = ch.n AND a.event_timestamp < ${from}),
             (SELECT min(a.chain_seq) - 1 FROM audit_logs a WHERE a.chain_id = ch.n),
             (SELECT h.last_seq FROM audit_chain_heads h WHERE h.chain_id = ch.n),
             0)::text AS seq
      FROM generate_series(0, ${AUDIT_CHAIN_COUNT - 1}::int) AS ch(n)`;
  const cursor = fullCursor([]);
  for (const r of rows) cursor[r.chain] = BigInt(r.seq);
  return cursor;
}

/** Entries past the cursor (all of them, matching the filter or not) and the oldest one's time: the lag. */
export async function lagOf(cursor: bigint[]): Promise<{ entries: number; oldest: Date | null }> {
  const c = `{${cursor.join(",")}}`;
  const [row] = await db.$queryRaw<Array<{ entries: string; oldest: Date | null }>>`
    SELECT coalesce(sum(greatest(h.last_seq - (${c}::bigint[])[h.chain_id + 1], 0)), 0)::text AS entries,
           (SELECT min(a.event_timestamp) FROM audit_chain_heads h2
              CROSS JOIN LATERAL (SELECT x.event_timestamp FROM audit_logs x WHERE x.chain_id = h2.chain_id AND x.chain_seq = (${c}::bigint[])[h2.chain_id + 1] + 1) a) AS oldest
      FROM audit_chain_heads h`;
  return { entries: Number(row?.entries ?? 0), oldest: row?.oldest ?? null };
}
