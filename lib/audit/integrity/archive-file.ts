// Archive files: a partition streamed to gzip JSON lines (checked as it is written),
// read back, hashed, and later verified against its signed record.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { db } from "@/lib/db";
import { CONTENT_HASH_SQL, chainHash, genesisHash } from "./canonical";
import { auditKeyring } from "./keys";
import { RetentionError, type Partition } from "./partitions";
import { archivePayload, type ChainEnd } from "./signed-records";
import { checkSignature } from "./signing";

const FETCH_ROWS = 5000;

type ChainPoint = { seq: bigint; hash: Buffer };

/** Each chain's newest archived position before `before` (genesis when there is none). */
export async function archivedStarts(before: Date): Promise<Map<number, ChainPoint>> {
  const archives = await db.auditArchive.findMany({ where: { rangeEnd: { lte: before } }, select: { chainEnds: true } });
  const starts = new Map<number, ChainPoint>();
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
function chainFollower(starts: Map<number, ChainPoint>) {
  const last = new Map<number, ChainPoint>();
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

/**
 * Streams the partition's rows (every column, as row_to_json prints them) into a gzip
 * file from one snapshot, checking on the way that every entry's content still matches
 * its hash and links to the entry before it: archiving must never hide damage.
 */
export async function writePartitionFile(client: pg.Client, p: Partition, file: string, starts: Map<number, ChainPoint>) {
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

export async function syncDirectory(dir: string) {
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

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Decompresses an archive file and follows every chain through it. */
export async function scanArchiveFile(file: string, starts: Map<number, ChainPoint>) {
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
