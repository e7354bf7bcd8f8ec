import "server-only";
// Evidence bundles (issue 21): the viewer's search as a zip an outside auditor checks
// offline. Each matching entry with its row (every hashed field as PostgreSQL prints the
// record, the text its content hash is taken over), the previous entry's hash in its
// chain, its leaf number and its RFC 9162 inclusion proof against the newest signed
// checkpoint (its own hashes up to its 16-leaf page; the rest shared per page and per
// block in upper-paths.ndjson); that checkpoint; the public keys; a manifest
// (the search, the viewer, the time, counts, every file's SHA-256); VERIFY.md; and
// verify-bundle.mjs, the dependency-free verifier.
//
// Choice: the web app does not hold the signing key (only the scheduled maintenance
// signs), so the export does not sign a checkpoint first. It proves entries against
// the newest checkpoint, and entries written after it are in the bundle marked "not
// yet provable" (no proof): the verifier checks everything else and exits 3 naming how
// many, and the next checkpoint (AUDIT_CHECKPOINT_MINUTES) makes them provable. For the
// same reason the manifest is not signed: its hashes catch a damaged or edited file,
// and each proven entry stands on the checkpoint's own signature.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import yazl from "yazl";
import type pg from "pg";
import type { Viewer } from "@/lib/access/scope";
import { pool } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { maskObject } from "@/lib/audit/search/masking";
import type { SearchQuery } from "@/lib/audit/search/parse";
import { maskedSql, searchWhere } from "@/lib/audit/search/where";
import { inlineSql } from "@/lib/audit/search/csv-copy";
import { HASHED_COLUMNS, contentFraming, genesisHash, hashedFieldsJsonSql, jsonbText } from "@/lib/audit/integrity/canonical";
import { auditKeyring } from "@/lib/audit/integrity/keys";
import { BLOCK, LeafMap, MerkleReader, PAGE, type MerkleCheckpointRow } from "@/lib/audit/integrity/merkle-store";
import { publicKeyPem } from "@/lib/audit/integrity/signing";
import type { CheckpointHead } from "@/lib/audit/integrity/signed-records";
import { BUNDLE_KIND, CHECKPOINT_FILE, isoTime, ENTRIES_FILE, KEYS_FILE, MANIFEST_FILE, UPPER_PATHS_FILE, type BundleCheckpoint } from "./verify-bundle.mjs";
import { nativeCrc32ForZip } from "./fast-crc";
import { verifyMarkdown } from "./verify-text";

nativeCrc32ForZip();

const VERIFIER_FILE = "verify-bundle.mjs";
const FETCH_ROWS = 500;
const MASKABLE = new Set(["old_values", "new_values", "additional_data"]);

export type BundleViewer = Viewer & { name: string; email: string };

export type BundleOptions = {
  viewer: BundleViewer;
  ast: SearchQuery;
  /** The search as typed, for the manifest. */
  query: string;
  title?: string;
  /** Called as entries are written (for progress and the audit record). */
  onEntries?: (count: number) => void;
  signal?: AbortSignal;
};

export type BundleResult = { entries: number; masked: number; notYetProvable: number; checkpointId: string; treeSize: string };

/** No checkpoint with a Merkle tree head exists yet: nothing can be proven. */
export class NoCheckpointError extends Error {}

export const NO_CHECKPOINT_MESSAGE = "No signed checkpoint covers the audit log yet, so nothing in it can be proven; the scheduled maintenance signs the first one.";

/** Whether a bundle can prove anything: a checkpoint with a Merkle tree head exists. */
export async function bundleReady(): Promise<boolean> {
  const { rows } = await pool.query<{ ok: boolean }>("SELECT EXISTS (SELECT 1 FROM audit_checkpoints WHERE merkle_root IS NOT NULL) AS ok");
  return rows[0]!.ok;
}

type CheckpointRowDb = {
  id: string; created_at: Date; heads: CheckpointHead[]; total_entries: string; key_id: string; algorithm: string; signature: string;
  previous_id: string | null; previous_signature: string | null; archive_id: string | null; archive_signature: string | null;
  merkle_size: string; merkle_root: string; merkle_base: CheckpointHead[];
};

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** The bundled verifier's own text (the file an auditor runs). */
export async function verifierSource(): Promise<string> {
  return fs.readFile(path.join(process.cwd(), "lib/audit/evidence/verify-bundle.mjs"), "utf8");
}

function bundleCheckpoint(c: CheckpointRowDb): BundleCheckpoint {
  return {
    id: c.id, createdAt: new Date(c.created_at).toISOString(), heads: c.heads.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })),
    totalEntries: c.total_entries, keyId: c.key_id, algorithm: c.algorithm, signature: c.signature,
    previousId: c.previous_id, previousSignature: c.previous_signature, archiveId: c.archive_id, archiveSignature: c.archive_signature,
    merkle: { size: c.merkle_size, root: c.merkle_root, base: c.merkle_base.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })) },
  };
}

/** `position <= head` per chain, as one array lookup (chains are 0..n-1). */
function coveredSql(heads: CheckpointHead[], base: CheckpointHead[]): string {
  const upTo: string[] = [];
  const from: string[] = [];
  for (const h of heads) upTo[h.chainId] = h.seq;
  for (const b of base) from[b.chainId] = b.seq;
  const array = (a: string[]) => `ARRAY[${Array.from(a, (v) => (v === undefined ? "0" : String(BigInt(v)))).join(",")}]::bigint[]`;
  return `a.chain_seq <= (${array(upTo)})[a.chain_id + 1] AND a.chain_seq > (${array(from)})[a.chain_id + 1]`;
}

/** Where a bundle's entries come from: the rows of `select` (every column of audit_logs as `a`, plus `masked`), in `order`. */
type BundleSpec = {
  select: string;
  order: string;
  title: string;
  /** Who the bundle was made for, in the manifest. */
  viewer: { id: string | null; name: string; email: string | null; role: string };
  /** The search as typed (search bundles), for the manifest and VERIFY.md. */
  query: string | null;
  /** The archived month (archive bundles), for the manifest. */
  archive?: { partition: string; rangeStart: string; rangeEnd: string };
  /** Deflate the entries file (archives) or store it (exports, for speed). */
  compress: boolean;
  onEntries?: (count: number) => void;
  signal?: AbortSignal;
};

/**
 * Writes the bundle of a search as a zip stream. The entries file is streamed from one
 * snapshot as the client reads; the small files and the manifest follow it.
 */
export function evidenceBundle(o: BundleOptions): { stream: Readable; result: Promise<BundleResult> } {
  const select = Prisma.sql`SELECT a.*, ${maskedSql(o.viewer)} AS masked FROM audit_logs a WHERE ${searchWhere(o.ast, o.viewer)}`;
  return buildBundle({
    select: inlineSql(select), order: "a.event_timestamp DESC, a.id DESC", title: o.title ?? "Audit log extract",
    viewer: { id: o.viewer.id, name: o.viewer.name, email: o.viewer.email, role: o.viewer.role }, query: o.query, onEntries: o.onEntries, signal: o.signal, compress: false,
  });
}

/**
 * An archived month as a bundle (the retention job's archive file): every entry of the
 * partition unmasked, by chain then position, each proven against the newest checkpoint,
 * which the archive job signs first so that every one is provable.
 */
export function archiveBundle(o: { partition: { ident: string; name: string; rangeStart: Date; rangeEnd: Date }; title: string }): { stream: Readable; result: Promise<BundleResult> } {
  return buildBundle({
    select: `SELECT a.*, false AS masked FROM ${o.partition.ident} a`, order: "a.chain_id, a.chain_seq, a.id", title: o.title,
    viewer: { id: null, name: "audit retention", email: null, role: "system" }, query: null, compress: true,
    archive: { partition: o.partition.name, rangeStart: o.partition.rangeStart.toISOString(), rangeEnd: o.partition.rangeEnd.toISOString() },
  });
}

function buildBundle(o: BundleSpec): { stream: Readable; result: Promise<BundleResult> } {
  const zip = new yazl.ZipFile();
  let settle!: { resolve: (r: BundleResult) => void; reject: (e: unknown) => void };
  const result = new Promise<BundleResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined);

  const run = async () => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const cpRows = (await client.query<CheckpointRowDb>(
        `SELECT id::text, created_at, heads, total_entries::text, key_id, algorithm, signature, previous_id::text, previous_signature,
                archive_id::text, archive_signature, merkle_size::text, merkle_root, merkle_base
           FROM audit_checkpoints WHERE merkle_root IS NOT NULL ORDER BY audit_checkpoints.id`,
      )).rows;
      const cp = cpRows[cpRows.length - 1];
      if (!cp) throw new NoCheckpointError(NO_CHECKPOINT_MESSAGE);
      const leaves = new LeafMap(cpRows.map((c): MerkleCheckpointRow => ({ id: c.id, heads: c.heads, merkle_size: c.merkle_size, merkle_base: c.merkle_base })));
      const reader = await MerkleReader.open(client, Number(cp.merkle_size));
      if (reader.root().toString("hex") !== cp.merkle_root) throw new Error(`The stored Merkle tree does not match checkpoint #${cp.id}'s signed root; run npm run audit:verify`);

      const entries = await streamEntries(client, o, cp, leaves, reader);
      // An export stores its entries as they are, like the CSV export (a download can be
      // compressed in transit); an archive, kept for years, deflates them (about a quarter
      // of the size: the hashes and proofs do not compress).
      zip.addReadStream(entries.stream, ENTRIES_FILE, { compress: o.compress } as yazl.ReadStreamOptions);
      const stats = await entries.done;

      const checkpointJson = Buffer.from(`${JSON.stringify(bundleCheckpoint(cp), null, 2)}\n`);
      const keys = Buffer.from([...auditKeyring().ed25519.values()].map(publicKeyPem).join(""));
      const verifier = Buffer.from(await verifierSource());
      const readme = Buffer.from(verifyMarkdown({ entries: stats.count, checkpointId: cp.id, keyId: cp.key_id, query: o.query ?? "", masked: stats.masked, notYetProvable: stats.notYetProvable, archive: o.archive ? o.title : null }));
      const small: Array<[string, Buffer]> = [[UPPER_PATHS_FILE, stats.upperPaths], [CHECKPOINT_FILE, checkpointJson], [KEYS_FILE, keys], ["VERIFY.md", readme], [VERIFIER_FILE, verifier]];
      for (const [name, content] of small) zip.addBuffer(content, name);

      const files: Record<string, { sha256: string; bytes: number }> = { [ENTRIES_FILE]: { sha256: stats.sha256, bytes: stats.bytes } };
      for (const [name, content] of small) files[name] = { sha256: sha256(content), bytes: content.length };
      const manifest = {
        kind: BUNDLE_KIND,
        title: o.title,
        createdAt: new Date().toISOString(),
        viewer: o.viewer,
        ...(o.query !== null ? { search: { query: o.query } } : {}),
        ...(o.archive ? { archive: o.archive } : {}),
        counts: { entries: stats.count, masked: stats.masked, notYetProvable: stats.notYetProvable },
        checkpoint: { id: cp.id, size: cp.merkle_size, root: cp.merkle_root },
        hashedColumns: [...HASHED_COLUMNS],
        files,
      };
      zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_FILE);
      zip.end();
      await client.query("COMMIT");
      settle.resolve({ entries: stats.count, masked: stats.masked, notYetProvable: stats.notYetProvable, checkpointId: cp.id, treeSize: cp.merkle_size });
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      client.release(broken);
    }
  };
  run().catch((error) => {
    settle.reject(error);
    (zip.outputStream as unknown as Readable).destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { stream: zip.outputStream as unknown as Readable, result };
}

// id, chain, position, time (ms), content hash (hex, masked entries only), entry hash
// (hex), masked, the row of hashed columns as PostgreSQL prints it, whether the
// checkpoint covers the entry, and (masked entries only) the hashed fields as JSON.
type EntryRow = [string, number, string, string, string | null, string, boolean, string, boolean, string | null];
const EMPTY_ROW: EntryRow = ["", 0, "", "", null, "", false, "", false, null];

// The hashed row as PostgreSQL prints it: the very text the content hash is taken over
// (CONTENT_HASH_SQL), so the verifier hashes it as it stands.
const ROW_TEXT = `ROW(${HASHED_COLUMNS.map((c) => `a.${c}`).join(", ")})::text`;
// A masked entry's fields, each column's text in hashing order, to mask and print again.
const FIELDS_JSON = hashedFieldsJsonSql("a");

/** A masked entry's row: old/new values and additional data with every value masked, as the search shows them. */
function maskedRow(json: string): string {
  const fields = JSON.parse(json) as Record<string, string | null>;
  for (const c of MASKABLE) {
    const value = fields[c];
    if (value !== null && value !== undefined) fields[c] = jsonbText(maskObject(JSON.parse(value)));
  }
  return contentFraming(HASHED_COLUMNS.map((c) => fields[c] ?? null));
}

/**
 * A batch of lines written as UTF-8 straight into one Buffer, growing it when a piece
 * might not fit (cheaper than joining strings and encoding the result).
 */
class ChunkWriter {
  private buf: Buffer;
  private at = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }
  write(text: string): void {
    if (this.buf.length - this.at < text.length * 3) {
      const need = Buffer.byteLength(text);
      if (this.buf.length - this.at < need) {
        const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + need));
        this.buf.copy(bigger, 0, 0, this.at);
        this.buf = bigger;
      }
    }
    this.at += this.buf.write(text, this.at);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

async function streamEntries(client: pg.PoolClient, o: BundleSpec, cp: CheckpointRowDb, leaves: LeafMap, reader: MerkleReader) {
  const hash = createHash("sha256");
  const stats = { count: 0, masked: 0, notYetProvable: 0, bytes: 0, sha256: "", upperPaths: Buffer.alloc(0) };
  const covered = coveredSql(cp.heads, cp.merkle_base);
  await client.query(
    `DECLARE bundle_rows NO SCROLL CURSOR FOR
       SELECT a.id::text, a.chain_id, a.chain_seq::text, (extract(epoch FROM a.event_timestamp) * 1000)::bigint::text,
              CASE WHEN a.masked THEN encode(a.content_hash, 'hex') END, encode(a.entry_hash, 'hex'), a.masked, ${ROW_TEXT}, ${covered},
              CASE WHEN a.masked THEN ${FIELDS_JSON} END
         FROM (${o.select}) a
        ORDER BY ${o.order}`,
  );
  let done!: (v: typeof stats) => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<typeof stats>((resolve, reject) => ((done = resolve), (failed = reject)));
  finished.catch(() => undefined);
  // Each line carries its proof up to its 16-leaf page; the rest is shared, written once
  // to upper-paths.ndjson: per page up to its 1,024-leaf block's root (taken while the
  // block is loaded), per block up to the tree's root.
  const pages = new Map<number, string>();
  const proofOf = (leaf: number) => {
    const { own, page } = reader.proofSplitB64(leaf);
    if (page !== null && !pages.has(page)) pages.set(page, reader.pagePathB64(page));
    return own;
  };
  const fetch = () => client.query<EntryRow>({ text: `FETCH ${FETCH_ROWS} FROM bundle_rows`, rowMode: "array" });

  async function* lines() {
    try {
      let next = fetch();
      next.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
      for (;;) {
        if (o.signal?.aborted) throw new Error("The export was cancelled");
        const { rows } = await next;
        if (rows.length === 0) break;
        const places = rows.map((r) => {
          if (!r[8]) return null; // newer than the checkpoint: not yet provable
          const seq = Number(r[2]);
          const leaf = leaves.leafOf(r[1], seq);
          if (leaf === null) throw new Error(`Entry ${r[0]} (chain ${r[1]} position ${seq}) is not in checkpoint #${cp.id}'s tree`);
          const base = leaves.base.get(r[1])!;
          const prevLeaf = seq - 1 > base.seq ? leaves.leafOf(r[1], seq - 1) : null;
          return { leaf, prevLeaf, seq, base };
        });
        await reader.load(places.flatMap((p) => (p === null ? [] : p.prevLeaf === null ? [p.leaf] : [p.leaf, p.prevLeaf])));
        // The database reads the next batch while this one is written out.
        next = fetch();
        next.catch(() => undefined);
        const out = new ChunkWriter(rows.length * 1536);
        for (let i = 0; i < rows.length; i++) {
          const [id, chainId, seqText, timeMs, contentHash, entryHash, masked, row, , maskedFields] = rows[i]!;
          rows[i] = EMPTY_ROW; // let it go: fewer survivors when the young generation is collected mid-batch
          stats.count++;
          if (masked) stats.masked++;
          // Written in pieces: a line joined into one string first costs twice as much (flattening, garbage).
          out.write(`{"n":${stats.count},"id":"${id}","time":"${isoTime(Number(timeMs)) || new Date(Number(timeMs)).toISOString()}","timeMs":"${timeMs}","chain":${chainId},"seq":"${seqText}","row":`);
          out.write(JSON.stringify(masked ? maskedRow(maskedFields!) : row));
          if (masked) out.write(`,"masked":true,"contentHash":"${contentHash}"`);
          const place = places[i];
          if (!place) {
            stats.notYetProvable++;
            out.write(`,"entryHash":"${entryHash}","provable":false}\n`);
            continue;
          }
          const { leaf, prevLeaf, seq, base } = place;
          if (reader.entryHashHex(leaf) !== entryHash) throw new Error(`Entry ${id}'s hash differs from leaf ${leaf} of the Merkle tree; run npm run audit:verify`);
          const previous = prevLeaf !== null ? reader.entryHashHex(prevLeaf) : (seq - 1 === base.seq && base.seq > 0 ? base.hash : genesisHash(chainId)).toString("hex");
          out.write(`,"previousHash":"${previous}","entryHash":"${entryHash}","leaf":"${leaf}","proof":"${proofOf(leaf)}"}\n`);
        }
        const chunk = out.done();
        hash.update(chunk);
        stats.bytes += chunk.length;
        o.onEntries?.(stats.count);
        yield chunk;
      }
      await client.query("CLOSE bundle_rows");
      stats.sha256 = hash.digest("hex");
      const blocks = [...new Set([...pages.keys()].map((p) => Math.floor((p * PAGE) / BLOCK)))].sort((a, b) => a - b);
      stats.upperPaths = Buffer.from(
        [...[...pages].sort((a, b) => a[0] - b[0]).map(([p, path]) => `{"page":"${p}","path":"${path}"}\n`), ...blocks.map((b) => `{"block":"${b}","path":"${reader.aboveBlockB64(b)}"}\n`)].join(""),
      );
      done(stats);
    } catch (error) {
      failed(error);
      throw error;
    }
  }
  // Read ahead up to 16 MB: the next batches are written while the compressor works on this one.
  return { stream: Readable.from(lines(), { objectMode: false, highWaterMark: 16 << 20 }), done: finished };
}
