// Monthly audit partitions as retention sees them: named audit_logs_pYYYYMM, one UTC
// month each, and whether every entry of one is past its retention.
import type pg from "pg";
import { effectiveRetentionSql } from "../write/retention-policy";

export class RetentionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetentionError";
  }
}

const PARTITION_NAME = /^audit_logs_p(\d{4})(\d{2})$/;

export type Partition = { name: string; ident: string; rangeStart: Date; rangeEnd: Date };

function quoteIdent(name: string): string {
  if (!PARTITION_NAME.test(name)) throw new RetentionError(`Not an audit partition name: ${name}`);
  return `"${name}"`;
}

export function monthLabel(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** Every monthly partition of audit_logs, oldest first. */
export async function listPartitions(client: pg.Client): Promise<Partition[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass",
  );
  const partitions: Partition[] = [];
  for (const { name } of rows) {
    const m = PARTITION_NAME.exec(name);
    if (!m) continue;
    const year = Number(m[1]);
    const month = Number(m[2]);
    partitions.push({ name, ident: quoteIdent(name), rangeStart: new Date(Date.UTC(year, month - 1, 1)), rangeEnd: new Date(Date.UTC(year, month, 1)) });
  }
  return partitions.sort((a, b) => a.rangeStart.getTime() - b.rangeStart.getTime());
}

/**
 * One query per partition: does it hold rows, does any of them lie inside its
 * retention (the longer of its own and its category's policy now)?
 */
export async function partitionState(client: pg.Client, p: Partition, now: Date) {
  const { rows } = await client.query<{ has_rows: boolean; has_live: boolean; bound_ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${p.ident}) AS has_rows,
            EXISTS (SELECT 1 FROM ${p.ident} l WHERE l.event_timestamp + make_interval(months => ${effectiveRetentionSql("l")}) >= $1) AS has_live,
            pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES FROM (%L) TO (%L)', $2::timestamptz, $3::timestamptz) AS bound_ok
       FROM pg_class c WHERE c.oid = $4::regclass`,
    [now, p.rangeStart, p.rangeEnd, p.name],
  );
  const r = rows[0]!;
  // The range comes from the name; a partition whose bounds disagree is not ours to drop.
  if (!r.bound_ok) throw new RetentionError(`Partition ${p.name} does not cover the month its name says; refusing to archive it`);
  return { hasRows: r.has_rows, hasLive: r.has_live };
}

