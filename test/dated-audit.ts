import pg from "pg";
import { chainHash, contentHashOfTexts, HASHED_COLUMNS } from "@/lib/audit/integrity/canonical";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { uuidv7 } from "@/lib/uuidv7";
import { columnTexts, prepareAuditRow } from "@/lib/audit/write/writer";

/**
 * Entries dated in the past (audit_append stamps the current time), chained on chain 0
 * as the writer would have, in the given order, with their months' partitions made.
 * As the superuser: the app's role cannot write a past time.
 */
export async function writeDatedEntries(entries: Array<{ at: Date; entry: AuditEntryInput }>) {
  const client = new pg.Client({ connectionString: process.env.TEST_SUPER_DATABASE_URL });
  await client.connect();
  try {
    for (const at of new Set(entries.map((e) => e.at.toISOString().slice(0, 7)))) await client.query("SELECT audit_ensure_partition($1)", [`${at}-15`]);
    const columns = [...HASHED_COLUMNS, "event_timestamp", "chain_id", "chain_seq", "content_hash", "entry_hash"];
    const insert = `INSERT INTO audit_logs (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
    const head = (await client.query("SELECT last_seq::text AS seq, last_hash FROM audit_chain_heads WHERE chain_id = 0")).rows[0];
    let seq = BigInt(head.seq);
    let hash: Buffer = head.last_hash;
    let at = new Date(0);
    for (const e of entries) {
      at = e.at;
      const texts = columnTexts({ ...prepareAuditRow(e.entry), id: uuidv7(at.getTime()) });
      const content = contentHashOfTexts(texts);
      hash = chainHash(hash, content, at);
      seq++;
      await client.query(insert, [...texts, at, 0, seq.toString(), content, hash]);
    }
    await client.query("UPDATE audit_chain_heads SET last_seq = $1, last_hash = $2, last_ts = $3 WHERE chain_id = 0", [seq.toString(), hash, at]);
  } finally {
    await client.end();
  }
}
