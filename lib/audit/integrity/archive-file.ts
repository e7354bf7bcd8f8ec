// Archive files: a partition written as an evidence bundle (the same zip an auditor
// exports from a search, verified by the same verify-bundle.mjs), read back, hashed, and
// later verified against its signed record. Archives written before issue 21 are gzip
// JSON lines (every column as row_to_json printed it); they are still read and verified.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { db } from "@/lib/db";
import { archiveBundle } from "@/lib/audit/evidence/bundle";
import { entryLines, verifyBundle } from "@/lib/audit/evidence/verify-bundle.mjs";
import { chainHash, genesisHash } from "./canonical";
import { auditKeyring } from "./keys";
import { RetentionError, type Partition } from "./partitions";
import { archivePayload, type ChainEnd } from "./signed-records";
import { checkSignature, publicKeyPem } from "./signing";

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
 * Writes the partition as an evidence bundle (lib/audit/evidence/bundle.ts): every entry
 * with its hashed fields and its Merkle inclusion proof against the newest checkpoint
 * (signed first by the caller, so that every entry is provable), the checkpoint, the
 * public keys, a manifest and the verifier. Synced to disk before anything is dropped.
 */
export async function writeArchiveBundle(p: Partition, file: string): Promise<{ rows: number }> {
  const { stream, result } = archiveBundle({ partition: p, title: `Audit log archive, ${p.rangeStart.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}` });
  await pipeline(stream, createWriteStream(file, { flags: "wx" }));
  const written = await result;
  if (written.notYetProvable > 0) throw new RetentionError(`${p.name}: ${written.notYetProvable} entries are not covered by a signed checkpoint; nothing was archived`);
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync(); // on disk before the rows it holds are dropped
  } finally {
    await handle.close();
  }
  return { rows: written.entries };
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

type Scan = { rows: number; chainEnds: ChainEnd[]; problems: string[] };

/**
 * Reads an archive file back: an evidence bundle is verified as an outside auditor would
 * (every entry's hashes and Merkle proof, the checkpoint's signature with the keyring's
 * public keys, the manifest), then every chain is followed through it from where the
 * previous archive left it. Files of the earlier format (gzip JSON lines) are still read.
 */
export async function scanArchiveFile(file: string, starts: Map<number, ChainPoint>): Promise<Scan> {
  if (!file.endsWith(".zip")) return scanLegacyArchiveFile(file, starts);
  const problems: string[] = [];
  const keys = [...auditKeyring().ed25519.values()].map(publicKeyPem).join("");
  const verified = await verifyBundle(file, { publicKeys: keys });
  if (verified.code === 3) problems.push(`${verified.notYetProvable} entries carry no proof (not covered by a signed checkpoint)`);
  else if (verified.code !== 0) problems.push(verified.lines[0] ?? "the bundle does not verify");
  const last = new Map<number, ChainPoint>();
  const ends = new Map<number, ChainEnd>();
  let rows = 0;
  try {
    for await (const line of entryLines(file)) {
      rows++;
      const e = JSON.parse(line) as { chain: number; seq: string; previousHash?: string; entryHash: string };
      const seq = BigInt(e.seq);
      const previous = last.get(e.chain) ?? starts.get(e.chain) ?? { seq: 0n, hash: genesisHash(e.chain) };
      if (problems.length < 20) {
        if (seq !== previous.seq + 1n) problems.push(`line ${rows}: chain ${e.chain}: position ${seq} follows position ${previous.seq}`);
        else if (e.previousHash !== previous.hash.toString("hex")) problems.push(`line ${rows}: chain ${e.chain}: position ${seq} does not link to the entry before it`);
      }
      last.set(e.chain, { seq, hash: Buffer.from(e.entryHash, "hex") });
      ends.set(e.chain, { chainId: e.chain, seq: e.seq, hash: e.entryHash });
    }
  } catch (error) {
    if (problems.length === 0) problems.push(`the file cannot be read: ${(error as Error).message}`);
  }
  return { rows, chainEnds: [...ends.values()].sort((a, b) => a.chainId - b.chainId), problems };
}

/** An archive of the earlier format: decompresses it and follows every chain through it. */
async function scanLegacyArchiveFile(file: string, starts: Map<number, ChainPoint>): Promise<Scan> {
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
  const partitionFromName = /^(audit_logs_p\d{6})\.(?:zip|jsonl\.gz)$/.exec(path.basename(filePath))?.[1];
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
