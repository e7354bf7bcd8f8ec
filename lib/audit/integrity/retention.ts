import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { systemActor } from "../write/actor";
import { CONTENT_HASH_SQL, chainHash, genesisHash } from "./canonical";
import { auditKeyring, auditSigner } from "./keys";
import { archivePayload, type ChainEnd } from "./signed-records";
import { checkSignature, type Signer } from "./signing";
import { auditedTransaction } from "../write/transaction";

// Retention is the only way audit rows leave the database, and only whole monthly
// partitions whose every entry is past its own retention. Each one is first written
// to a gzip file of JSON lines, read back and checked, recorded in audit_archives with
// the file's SHA-256 and each chain's last position (signed), and only then detached
// and dropped, in the transaction that writes the record. The verifier starts each
// chain after its newest archived position, so partitions go strictly oldest first:
// the first one still holding a live entry stops the run. Event triggers (migration
// 20261123120000_audit_retention) refuse a DROP or DETACH of an unarchived partition.
// The record is written, and the partition detached and dropped, by
// audit_record_archive() (SECURITY DEFINER): the app's database role cannot drop a
// partition itself, and the function refuses one that still holds a live entry or
// whose rows are not the ones the record describes.

export type { ChainEnd } from "./signed-records";

export type PartitionOutcome =
  | "archived" // written, recorded, dropped
  | "expired" // dry run: would be archived
  | "empty" // no rows: nothing to archive, left in place
  | "within_retention" // holds an entry still inside its retention: kept, and the run stops
  | "open"; // its month has not ended yet: the run stops

export type ArchivedPartition = {
  archiveId: string;
  partition: string;
  rangeStart: Date;
  rangeEnd: Date;
  rowCount: number;
  filePath: string;
  fileSha256: string;
  chainEnds: ChainEnd[];
};

export type PartitionReport = {
  partition: string;
  rangeStart: Date;
  rangeEnd: Date;
  outcome: PartitionOutcome;
  archive?: ArchivedPartition;
};

export type RetentionRun = { now: Date; archiveDir: string; partitions: PartitionReport[]; archived: ArchivedPartition[] };

export class RetentionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetentionError";
  }
}

const PARTITION_NAME = /^audit_logs_p(\d{4})(\d{2})$/;
const FETCH_ROWS = 5000;
const LOCK_TIMEOUT = "5s";
const COMMIT_ATTEMPTS = 3;
// How far `now` may run ahead of the database clock: a caller cannot shorten retention.
const CLOCK_SKEW_MS = 5 * 60_000;

type Partition = { name: string; ident: string; rangeStart: Date; rangeEnd: Date };

function quoteIdent(name: string): string {
  if (!PARTITION_NAME.test(name)) throw new RetentionError(`Not an audit partition name: ${name}`);
  return `"${name}"`;
}

function monthLabel(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/**
 * Archives every expired monthly audit partition, oldest first, and drops it. A
 * partition is expired when each of its entries is past event_timestamp +
 * retention_months. Empty partitions are skipped; the first partition that is still
 * in use (a live entry, or a month not over) ends the run. `dryRun` only reports.
 */
export async function archiveExpiredPartitions(options: { now: Date; archiveDir?: string; dryRun?: boolean; signer?: Signer }): Promise<RetentionRun> {
  const { now, dryRun = false } = options;
  const signer = dryRun ? null : (options.signer ?? auditSigner());
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RetentionError("`now` must be a valid date");
  const archiveDir = path.resolve(options.archiveDir ?? env.AUDIT_ARCHIVE_DIR);
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const run: RetentionRun = { now, archiveDir, partitions: [], archived: [] };
  try {
    // Month arithmetic on timestamptz follows the session time zone; partitions are UTC months.
    await client.query("SET TIME ZONE 'UTC'");
    const { rows: lock } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('audit-retention-archive')) AS ok");
    if (!lock[0]?.ok) throw new RetentionError("Another audit archive run is in progress");
    const { rows: clock } = await client.query<{ t: Date }>("SELECT clock_timestamp() AS t");
    if (now.getTime() > clock[0]!.t.getTime() + CLOCK_SKEW_MS) {
      throw new RetentionError(`\`now\` (${now.toISOString()}) is ahead of the database clock (${clock[0]!.t.toISOString()}): retention cannot be shortened`);
    }

    for (const p of await listPartitions(client)) {
      const report: PartitionReport = { partition: p.name, rangeStart: p.rangeStart, rangeEnd: p.rangeEnd, outcome: "open" };
      run.partitions.push(report);
      if (p.rangeEnd > now) break;
      const state = await partitionState(client, p, now);
      if (!state.hasRows) {
        report.outcome = "empty";
        continue;
      }
      if (state.hasLive) {
        report.outcome = "within_retention";
        break;
      }
      if (dryRun) {
        report.outcome = "expired";
        continue;
      }
      report.archive = await archivePartition(client, p, now, archiveDir, signer!);
      report.outcome = "archived";
      run.archived.push(report.archive);
    }
  } finally {
    await client.end(); // also releases the advisory lock
  }
  return run;
}

async function listPartitions(client: pg.Client): Promise<Partition[]> {
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

/** One query per partition: does it hold rows, does any of them lie inside its retention? */
async function partitionState(client: pg.Client, p: Partition, now: Date) {
  const { rows } = await client.query<{ has_rows: boolean; has_live: boolean; bound_ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${p.ident}) AS has_rows,
            EXISTS (SELECT 1 FROM ${p.ident} WHERE event_timestamp + make_interval(months => retention_months) >= $1) AS has_live,
            pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES FROM (%L) TO (%L)', $2::timestamptz, $3::timestamptz) AS bound_ok
       FROM pg_class c WHERE c.oid = $4::regclass`,
    [now, p.rangeStart, p.rangeEnd, p.name],
  );
  const r = rows[0]!;
  // The range comes from the name; a partition whose bounds disagree is not ours to drop.
  if (!r.bound_ok) throw new RetentionError(`Partition ${p.name} does not cover the month its name says; refusing to archive it`);
  return { hasRows: r.has_rows, hasLive: r.has_live };
}

/** Each chain's newest archived position before `before` (genesis when there is none). */
async function archivedStarts(before: Date): Promise<Map<number, { seq: bigint; hash: Buffer }>> {
  const archives = await db.auditArchive.findMany({ where: { rangeEnd: { lte: before } }, select: { chainEnds: true } });
  const starts = new Map<number, { seq: bigint; hash: Buffer }>();
  for (const end of archives.flatMap((a) => a.chainEnds as ChainEnd[])) {
    const seq = BigInt(end.seq);
    const known = starts.get(end.chainId);
    if (!known || seq > known.seq) starts.set(end.chainId, { seq, hash: Buffer.from(end.hash, "hex") });
  }
  return starts;
}

/**
 * Follows each chain through the entries of one partition, in (chain, position) order.
 * Returns what is wrong with an entry, or null when it links to the one before it.
 */
function chainFollower(starts: Map<number, { seq: bigint; hash: Buffer }>) {
  const last = new Map<number, { seq: bigint; hash: Buffer }>();
  return (chainId: number, seq: bigint, content: Buffer, timeMs: bigint, stored: Buffer): string | null => {
    const previous = last.get(chainId) ?? starts.get(chainId) ?? { seq: 0n, hash: genesisHash(chainId) };
    last.set(chainId, { seq, hash: stored });
    if (seq !== previous.seq + 1n) return `chain ${chainId}: position ${seq} follows position ${previous.seq}`;
    const time = Buffer.alloc(8);
    time.writeBigInt64BE(timeMs);
    if (!chainHash(previous.hash, content, time).equals(stored)) return `chain ${chainId}: position ${seq} does not link to the entry before it`;
    return null;
  };
}

async function archivePartition(client: pg.Client, p: Partition, now: Date, archiveDir: string, signer: Signer): Promise<ArchivedPartition> {
  if (await db.auditArchive.findUnique({ where: { partition: p.name } })) {
    throw new RetentionError(`Partition ${p.name} was archived before and holds rows again; refusing to overwrite its archive`);
  }
  await fs.mkdir(archiveDir, { recursive: true });
  const filePath = path.join(archiveDir, `${p.name}.jsonl.gz`);
  const partial = `${filePath}.partial-${randomBytes(4).toString("hex")}`;
  let written: Written;
  try {
    const streamed = await writePartitionFile(client, p, partial, await archivedStarts(p.rangeStart));
    // Read the file back before anything is dropped: it must decompress to every row.
    const sha256 = await fileSha256(partial);
    const readBack = await scanArchiveFile(partial, await archivedStarts(p.rangeStart));
    if (readBack.rows !== streamed.rows || readBack.problems.length > 0) {
      throw new RetentionError(`Archive file for ${p.name} did not read back intact: ${readBack.problems[0] ?? `${readBack.rows} of ${streamed.rows} rows`}`);
    }
    await fs.rename(partial, filePath);
    await syncDirectory(archiveDir);
    written = { ...streamed, sha256 };
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }

  try {
    return await commitArchive(p, now, filePath, written, signer);
  } catch (error) {
    // Remove the file only when no record points at it: a commit whose reply was lost
    // may still have dropped the partition.
    const recorded = await db.auditArchive.findUnique({ where: { partition: p.name } }).catch(() => "unknown" as const);
    if (recorded === null) await fs.rm(filePath, { force: true });
    throw error;
  }
}

/**
 * Streams the partition's rows (every column, as row_to_json prints them) into a gzip
 * file from one snapshot, checking on the way that every entry's content still matches
 * its hash and links to the entry before it: archiving must never hide damage.
 */
async function writePartitionFile(client: pg.Client, p: Partition, file: string, starts: Map<number, { seq: bigint; hash: Buffer }>) {
  const ends = new Map<number, ChainEnd>();
  const follow = chainFollower(starts);
  let rows = 0;
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await client.query(
      `DECLARE audit_archive_rows NO SCROLL CURSOR FOR
         SELECT l.chain_id, l.chain_seq::text, l.content_hash, l.entry_hash,
                (extract(epoch FROM l.event_timestamp) * 1000)::bigint::text,
                ${CONTENT_HASH_SQL} = l.content_hash,
                row_to_json(l)::text
           FROM ${p.ident} l ORDER BY l.chain_id, l.chain_seq, l.id`,
    );
    async function* lines() {
      for (;;) {
        const { rows: batch } = await client.query<[number, string, Buffer, Buffer, string, boolean, string]>({
          text: `FETCH ${FETCH_ROWS} FROM audit_archive_rows`,
          rowMode: "array",
        });
        if (batch.length === 0) return;
        let chunk = "";
        for (const [chainId, seq, content, entry, timeMs, contentOk, json] of batch) {
          if (!contentOk) throw new RetentionError(`${p.name}: chain ${chainId} position ${seq} no longer matches its hash; run npm run audit:verify before archiving`);
          const broken = follow(chainId, BigInt(seq), content, BigInt(timeMs), entry);
          if (broken) throw new RetentionError(`${p.name}: ${broken}; run npm run audit:verify before archiving`);
          ends.set(chainId, { chainId, seq, hash: entry.toString("hex") });
          chunk += `${json}\n`;
          rows++;
        }
        yield Buffer.from(chunk);
      }
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { flags: "wx" }));
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync(); // on disk before the rows it holds are dropped
  } finally {
    await handle.close();
  }
  return { rows, chainEnds: [...ends.values()].sort((a, b) => a.chainId - b.chainId) };
}

async function syncDirectory(dir: string) {
  const handle = await fs.open(dir, "r").catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Not every platform can fsync a directory; the file itself is already synced.
  } finally {
    await handle.close();
  }
}

function isLockTimeout(error: unknown): boolean {
  const text = `${(error as { message?: unknown })?.message ?? ""} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")}`;
  return /lock timeout|55P03/.test(text);
}

/** The record, the audit entry and the drop: one transaction, retried if the log is busy. */
async function commitArchive(p: Partition, now: Date, filePath: string, written: Written, signer: Signer): Promise<ArchivedPartition> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(p, now, filePath, written, signer);
    } catch (error) {
      if (!isLockTimeout(error) || attempt >= COMMIT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

type Written = { rows: number; chainEnds: ChainEnd[]; sha256: string };

async function commitOnce(p: Partition, now: Date, filePath: string, written: Written, signer: Signer): Promise<ArchivedPartition> {
  return auditedTransaction(async (tx, audit) => {
    // Waiting behind a long reader for the parent's lock would queue every audit write
    // behind us; give up quickly instead and try again.
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await tx.$executeRawUnsafe("SET LOCAL TIME ZONE 'UTC'");
    // The file was written from a snapshot; the rows must still be exactly those and
    // still past retention by `now` (the function checks them again by its own clock).
    const [check] = await tx.$queryRawUnsafe<Array<{ live: boolean }>>(
      `SELECT coalesce(bool_or(event_timestamp + make_interval(months => retention_months) >= $1::timestamptz), false) AS live FROM ${p.ident}`,
      now,
    );
    if (check?.live) throw new RetentionError(`Partition ${p.name} changed while it was being archived; nothing was removed`);

    const [clock] = await tx.$queryRawUnsafe<Array<{ t: Date }>>("SELECT date_trunc('milliseconds', clock_timestamp()) AS t");
    const fields = {
      partition: p.name,
      rangeStart: p.rangeStart,
      rangeEnd: p.rangeEnd,
      rowCount: BigInt(written.rows),
      filePath,
      fileSha256: written.sha256,
      chainEnds: written.chainEnds,
      createdAt: clock!.t,
      keyId: signer.keyId,
      algorithm: signer.algorithm,
    };
    const signature = signer.sign(archivePayload(fields));
    // Records the archive, then detaches and drops the partition (the only removal of
    // audit rows), refusing if its rows are not exactly those the record describes.
    let recorded: Array<{ id: string }>;
    try {
      recorded = await tx.$queryRawUnsafe<Array<{ id: string }>>(
        "SELECT audit_record_archive($1, $2, $3, $4::bigint, $5::jsonb, $6::timestamptz, $7, $8, $9)::text AS id",
        p.name, filePath, written.sha256, String(written.rows), JSON.stringify(written.chainEnds), fields.createdAt, signer.keyId, signer.algorithm, signature,
      );
    } catch (error) {
      if (/chain ends given|holds \d+ entries, not/.test(String((error as Error).message))) {
        throw new RetentionError(`Partition ${p.name} changed while it was being archived; nothing was removed`);
      }
      throw error;
    }
    const record = { id: recorded[0]!.id };

    audit.record({
      eventType: "system",
      category: "compliance",
      actionType: "audit.retention_archived",
      description: `Archived ${written.rows} audit entries of ${monthLabel(p.rangeStart)} (all past their retention) to ${path.basename(filePath)} and removed partition ${p.name}`,
      actor: systemActor("audit retention"),
      object: { type: "audit_partition", id: p.name, name: `Audit log ${monthLabel(p.rangeStart)}` },
      additionalData: {
        archiveId: record.id,
        partition: p.name,
        rangeStart: p.rangeStart.toISOString(),
        rangeEnd: p.rangeEnd.toISOString(),
        rowCount: written.rows,
        filePath,
        fileSha256: written.sha256,
        chainEnds: written.chainEnds.length,
        retentionCheckedAt: now.toISOString(),
      },
      // The fact that entries left the database is kept as long as anything is.
      retentionMonths: 120,
    });
    return {
      archiveId: record.id,
      partition: p.name,
      rangeStart: p.rangeStart,
      rangeEnd: p.rangeEnd,
      rowCount: written.rows,
      filePath,
      fileSha256: written.sha256,
      chainEnds: written.chainEnds,
    };
  });
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Decompresses an archive file and follows every chain through it. */
async function scanArchiveFile(file: string, starts: Map<number, { seq: bigint; hash: Buffer }>) {
  const follow = chainFollower(starts);
  const ends = new Map<number, ChainEnd>();
  const problems: string[] = [];
  let rows = 0;
  const onLine = (line: string) => {
    if (line === "") return;
    rows++;
    let row: { chain_id: number; chain_seq: number | string; content_hash: string; entry_hash: string; event_timestamp: string };
    try {
      row = JSON.parse(line);
    } catch {
      problems.push(`line ${rows} is not valid JSON`);
      return;
    }
    const entry = Buffer.from(String(row.entry_hash).replace(/^\\x/, ""), "hex");
    const content = Buffer.from(String(row.content_hash).replace(/^\\x/, ""), "hex");
    const broken = follow(row.chain_id, BigInt(row.chain_seq), content, BigInt(Date.parse(row.event_timestamp)), entry);
    if (broken && problems.length < 20) problems.push(`line ${rows}: ${broken}`);
    ends.set(row.chain_id, { chainId: row.chain_id, seq: String(row.chain_seq), hash: entry.toString("hex") });
  };
  try {
    await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      const decoder = new StringDecoder("utf8");
      let rest = "";
      for await (const chunk of source) {
        const parts = (rest + decoder.write(chunk)).split("\n");
        rest = parts.pop() ?? "";
        parts.forEach(onLine);
      }
      onLine(rest + decoder.end());
    });
  } catch (error) {
    problems.unshift(`the file does not decompress: ${(error as Error).message}`);
  }
  return { rows, chainEnds: [...ends.values()].sort((a, b) => a.chainId - b.chainId), problems };
}

export type ArchiveFileReport = {
  ok: boolean;
  filePath: string;
  archiveId: string | null;
  partition: string | null;
  rowCount: number;
  fileSha256: string;
  recordedSha256: string | null;
  problems: string[];
  summary: string;
};

/**
 * Checks an archive file against its audit_archives record: the file's SHA-256, the
 * record's signature, the row count, and that every chain in the file links from the
 * previous archive (or its genesis) to the chain ends the record names.
 */
export async function verifyArchiveFile(file: string): Promise<ArchiveFileReport> {
  const filePath = path.resolve(file);
  const partitionFromName = /^(audit_logs_p\d{6})\.jsonl\.gz$/.exec(path.basename(filePath))?.[1];
  // A file moved to cold storage is still found by its partition's name.
  const record =
    (await db.auditArchive.findFirst({ where: { filePath } })) ??
    (partitionFromName ? await db.auditArchive.findUnique({ where: { partition: partitionFromName } }) : null);
  const sha256 = await fileSha256(filePath);
  const problems: string[] = [];
  let rowCount = 0;
  if (!record) {
    problems.push("No archive record names this file");
  } else {
    if (sha256 !== record.fileSha256) problems.push(`The file's SHA-256 (${sha256}) differs from the recorded ${record.fileSha256}: the file was altered or replaced`);
    const chainEnds = record.chainEnds as ChainEnd[];
    const check = checkSignature(auditKeyring(), record, archivePayload({ ...record, chainEnds }));
    if (check !== "valid") {
      problems.push(`Archive record #${record.id} does not carry a valid signature${check === "unknown_key" ? ` (its key ${record.keyId} is not in the keyring)` : ""}: it was forged or altered`);
    }
    const scan = await scanArchiveFile(filePath, await archivedStarts(record.rangeStart));
    rowCount = scan.rows;
    problems.push(...scan.problems);
    if (BigInt(scan.rows) !== record.rowCount) problems.push(`The file holds ${scan.rows} entries; the record says ${record.rowCount}`);
    if (JSON.stringify(scan.chainEnds) !== JSON.stringify(chainEnds.map((e) => ({ chainId: e.chainId, seq: e.seq, hash: e.hash })))) {
      problems.push("The chains in the file do not end where the record says they do");
    }
  }
  const ok = problems.length === 0;
  return {
    ok,
    filePath,
    archiveId: record ? record.id.toString() : null,
    partition: record?.partition ?? null,
    rowCount,
    fileSha256: sha256,
    recordedSha256: record?.fileSha256 ?? null,
    problems,
    summary: ok
      ? `Intact: ${record!.partition} archive #${record!.id}, ${rowCount} entries, SHA-256 ${sha256}, signature valid`
      : `Broken: ${problems[0]}`,
  };
}
