import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { systemActor } from "../write/actor";
import { effectiveRetentionSql } from "../write/retention-policy";
import { auditedTransaction, type AuditRecorder } from "../write/transaction";
import { archivedStarts, fileSha256, scanArchiveFile, syncDirectory, writeArchiveBundle } from "./archive-file";
import { ensureCheckpoint } from "./checkpoint";
import { auditSigner } from "./keys";
import { listPartitions, monthLabel, partitionState, RetentionError, type Partition } from "./partitions";
import { archivePayload, type ChainEnd } from "./signed-records";
import type { Signer } from "./signing";

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

const LOCK_TIMEOUT = "5s";
const COMMIT_ATTEMPTS = 3;
// How far `now` may run ahead of the database clock: a caller cannot shorten retention.
const CLOCK_SKEW_MS = 5 * 60_000;

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
      report.archive = await archivePartition(p, now, archiveDir, signer!);
      report.outcome = "archived";
      run.archived.push(report.archive);
    }
  } finally {
    await client.end(); // also releases the advisory lock
  }
  return run;
}

async function archivePartition(p: Partition, now: Date, archiveDir: string, signer: Signer): Promise<ArchivedPartition> {
  if (await db.auditArchive.findUnique({ where: { partition: p.name } })) {
    throw new RetentionError(`Partition ${p.name} was archived before and holds rows again; refusing to overwrite its archive`);
  }
  // Every entry leaving the database is first a leaf of a signed Merkle tree.
  await ensureCheckpoint({ signer });
  await fs.mkdir(archiveDir, { recursive: true });
  const filePath = path.join(archiveDir, `${p.name}.zip`);
  const partial = `${filePath}.partial-${randomBytes(4).toString("hex")}`;
  let written: Written;
  try {
    const streamed = await writeArchiveBundle(p, `${partial}.zip`);
    // Read the file back before anything is dropped: it must verify as a bundle, every
    // chain must run through it from the previous archive, and it must hold every row.
    const sha256 = await fileSha256(`${partial}.zip`);
    const readBack = await scanArchiveFile(`${partial}.zip`, await archivedStarts(p.rangeStart));
    if (readBack.rows !== streamed.rows || readBack.problems.length > 0) {
      throw new RetentionError(`Archive file for ${p.name} did not read back intact, so nothing was archived: ${readBack.problems[0] ?? `${readBack.rows} of ${streamed.rows} rows`}; run npm run audit:verify`);
    }
    await fs.rename(`${partial}.zip`, filePath);
    await syncDirectory(archiveDir);
    written = { ...streamed, chainEnds: readBack.chainEnds, sha256 };
  } catch (error) {
    await fs.rm(`${partial}.zip`, { force: true });
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

/**
 * One attempt: the rows are still exactly those written and still past retention, the
 * signed record is written and the partition dropped (audit_record_archive), and the
 * removal is itself audited, all in one transaction.
 */
async function commitOnce(p: Partition, now: Date, filePath: string, written: Written, signer: Signer): Promise<ArchivedPartition> {
  return auditedTransaction(async (tx, audit) => {
    // Waiting behind a long reader for the parent's lock would queue every audit write
    // behind us; give up quickly instead and try again.
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await tx.$executeRawUnsafe("SET LOCAL TIME ZONE 'UTC'");
    await refuseIfLive(tx, p, now);
    const archiveId = await recordAndDrop(tx, p, filePath, written, signer);
    recordRemoval(audit, { archiveId, p, now, filePath, written });
    return {
      archiveId,
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

const CHANGED_WHILE_ARCHIVING = (p: Partition) => `Partition ${p.name} changed while it was being archived; nothing was removed`;

/**
 * The file was written from a snapshot; the rows must still be past retention by `now`
 * (audit_record_archive() checks them again by its own clock).
 */
async function refuseIfLive(tx: Tx, p: Partition, now: Date): Promise<void> {
  const [check] = await tx.$queryRawUnsafe<Array<{ live: boolean }>>(
    `SELECT coalesce(bool_or(l.event_timestamp + make_interval(months => ${effectiveRetentionSql("l")}) >= $1::timestamptz), false) AS live FROM ${p.ident} l`,
    now,
  );
  if (check?.live) throw new RetentionError(CHANGED_WHILE_ARCHIVING(p));
}

/**
 * Signs and writes the archive record, then detaches and drops the partition (the only
 * removal of audit rows); the function refuses if the rows are not exactly those the
 * record describes. Returns the record's id.
 */
async function recordAndDrop(tx: Tx, p: Partition, filePath: string, written: Written, signer: Signer): Promise<string> {
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
  try {
    const recorded = await tx.$queryRawUnsafe<Array<{ id: string }>>(
      "SELECT audit_record_archive($1, $2, $3, $4::bigint, $5::jsonb, $6::timestamptz, $7, $8, $9)::text AS id",
      p.name, filePath, written.sha256, String(written.rows), JSON.stringify(written.chainEnds), fields.createdAt, signer.keyId, signer.algorithm, signature,
    );
    return recorded[0]!.id;
  } catch (error) {
    if (/chain ends given|holds \d+ entries, not/.test(String((error as Error).message))) throw new RetentionError(CHANGED_WHILE_ARCHIVING(p));
    throw error;
  }
}

function recordRemoval(audit: AuditRecorder, o: { archiveId: string; p: Partition; now: Date; filePath: string; written: Written }) {
  const { p, written } = o;
  audit.record({
    eventType: "system",
    category: "compliance",
    actionType: "audit.retention_archived",
    description: `Archived ${written.rows} audit entries of ${monthLabel(p.rangeStart)} (all past their retention) to ${path.basename(o.filePath)} and removed partition ${p.name}`,
    actor: systemActor("audit retention"),
    object: { type: "audit_partition", id: p.name, name: `Audit log ${monthLabel(p.rangeStart)}` },
    additionalData: {
      archiveId: o.archiveId,
      partition: p.name,
      rangeStart: p.rangeStart.toISOString(),
      rangeEnd: p.rangeEnd.toISOString(),
      rowCount: written.rows,
      filePath: o.filePath,
      fileSha256: written.sha256,
      chainEnds: written.chainEnds.length,
      retentionCheckedAt: o.now.toISOString(),
    },
    // The fact that entries left the database is kept as long as anything is.
    retentionMonths: 120,
  });
}
