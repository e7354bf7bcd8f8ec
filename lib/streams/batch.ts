import "server-only";
// Reading what a destination has not had yet (issue 22). The cursor holds, per hash
// chain, the last position handled; a batch is the next positions of every chain (a
// prefix of each), the entries its filter matches carrying their fields and the others
// only moving the cursor on. Positions on one chain commit in order (the append holds
// the chain head's lock until commit), so nothing can appear later behind the cursor.
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
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

const RAW = Symbol("event JSON");

/**
 * An event whose fields are parsed only if a format reads them, carrying its JSON text
 * ready-made: the audit JSON format sends the database's fields text as it is.
 */
function lazyEvent(id: string, time: string, chain: number, seq: string, entryHash: string, fieldsJson: string): StreamEvent {
  let parsed: Record<string, string | null> | null = null;
  const event = { id, time, chain, seq, entryHash } as StreamEvent;
  Object.defineProperty(event, "fields", { enumerable: true, get: () => (parsed ??= JSON.parse(fieldsJson) as Record<string, string | null>) });
  Object.defineProperty(event, RAW, { enumerable: false, value: `{"id":"${id}","time":"${time}","chain":${chain},"seq":"${seq}","entryHash":"${entryHash}","fields":${fieldsJson}}` });
  return event;
}

/** An event as audit JSON text (ready-made when it came from a batch). */
export function eventJson(e: StreamEvent): string {
  return (e as unknown as Record<symbol, string | undefined>)[RAW] ?? JSON.stringify(e);
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

export async function readBatch(o: { filter: string; cursor: bigint[]; maxEvents: number; maxBytes: number }): Promise<Batch> {
  const where = searchWhere(parseFilter(o.filter), STREAM_VIEWER);
  const perChain = Math.min(o.maxEvents, Math.max(64, Math.ceil((o.maxEvents * 2) / AUDIT_CHAIN_COUNT)));
  const cursor = `{${o.cursor.join(",")}}`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT ch.n AS chain, r.id, r.seq, r.t, r.entry_hash, r.fields
      FROM generate_series(0, ${AUDIT_CHAIN_COUNT - 1}::int) AS ch(n)
     CROSS JOIN LATERAL (
       SELECT a.id::text AS id, a.chain_seq::text AS seq, (extract(epoch FROM a.event_timestamp) * 1000)::bigint::text AS t,
              encode(a.entry_hash, 'hex') AS entry_hash,
              CASE WHEN ${where} THEN ${Prisma.raw(hashedFieldsJsonSql("a"))} END AS fields
         FROM audit_logs a
        WHERE a.chain_id = ch.n AND a.chain_seq > (${cursor}::bigint[])[ch.n + 1]
        ORDER BY a.chain_seq
        LIMIT ${perChain}
     ) r`;
  // Oldest first across chains; each chain's rows stay a prefix whatever is cut.
  rows.sort((a, b) => Number(BigInt(a.t) - BigInt(b.t)) || a.chain - b.chain || Number(BigInt(a.seq) - BigInt(b.seq)));
  const next = [...o.cursor];
  const events: StreamEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  for (const r of rows) {
    if (r.fields !== null) {
      const event = lazyEvent(r.id, new Date(Number(r.t)).toISOString(), r.chain, r.seq, r.entry_hash, r.fields);
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
