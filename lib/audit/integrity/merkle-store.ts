// The log's Merkle tree as stored: blocks of 1,024 leaves in audit_merkle_chunks
// (migration 20261209000000_audit_merkle says why and what it costs), the order of
// the leaves, appending at each checkpoint, and proofs read from the blocks.
//
// Leaf order: checkpoint by checkpoint, the entries each one newly covers, by chain
// then position. So every checkpoint's tree is a prefix of the next one's (RFC 9162
// consistency), and an entry's leaf number follows from the signed heads alone.
import { hash } from "node:crypto";
import type pg from "pg";
import type { CheckpointHead } from "./signed-records";
import { EMPTY_ROOT, leafHash, nodeHash, pathAbove, splitPoint } from "./merkle";

export const BLOCK = 1024;
const LEVELS = 10; // log2(BLOCK)
/** Evidence bundles split proofs at pages of 16 leaves (verify-bundle.mjs PAGE). */
export const PAGE = 16;
const PAGE_LEVELS = 4; // log2(PAGE)
const HASH = 32;

/** Where level L (0 = the entry hashes, 10 = the block's root) starts in a full block, in hashes. */
const levelOffset = (level: number) => 2 * BLOCK - 2 ** (LEVELS + 1 - level);
/** 0x00 and an entry hash: a leaf hash's input (RFC 9162), hashed to text (faster than to a Buffer). */
const LEAF_IN = Buffer.alloc(1 + HASH);

/** A full block's stored form: its 1,024 entry hashes, then every interior node, level by level. */
export function fullBlock(entryHashes: Buffer): { nodes: Buffer; root: Buffer } {
  if (entryHashes.length !== BLOCK * HASH) throw new RangeError("a full block holds 1,024 entry hashes");
  const nodes = Buffer.allocUnsafe((2 * BLOCK - 1) * HASH);
  entryHashes.copy(nodes, 0);
  let below: Buffer[] = [];
  for (let i = 0; i < BLOCK; i++) below.push(leafHash(entryHashes.subarray(i * HASH, (i + 1) * HASH)));
  for (let level = 1; level <= LEVELS; level++) {
    const above: Buffer[] = [];
    for (let i = 0; i < below.length; i += 2) {
      const h = nodeHash(below[i]!, below[i + 1]!);
      h.copy(nodes, (levelOffset(level) + above.length) * HASH);
      above.push(h);
    }
    below = above;
  }
  return { nodes, root: below[0]! };
}

// ── Leaf order ─────────────────────────────────────────────────────────────

export type MerkleCheckpointRow = { id: string; heads: CheckpointHead[]; merkle_size: string; merkle_base: CheckpointHead[] };

/**
 * Maps an entry (chain, position) to its leaf number, from the Merkle checkpoints in
 * order. The first checkpoint that reaches the position covers it; its new entries
 * follow the previous tree, chain by chain.
 */
export class LeafMap {
  private readonly heads: number[][] = []; // [checkpoint][chain] head position
  private readonly starts: number[][] = []; // [checkpoint][chain] first leaf of that chain's new entries
  private readonly chains: number[];
  readonly base: Map<number, { seq: number; hash: Buffer }>;

  constructor(rows: MerkleCheckpointRow[]) {
    const base = rows[0]?.merkle_base ?? [];
    this.chains = base.map((h) => h.chainId).sort((a, b) => a - b);
    this.base = new Map(base.map((h) => [h.chainId, { seq: Number(h.seq), hash: Buffer.from(h.hash, "hex") }]));
    let previous = this.chains.map((c) => this.base.get(c)!.seq);
    let size = 0;
    for (const row of rows) {
      const bySeq = new Map(row.heads.map((h) => [h.chainId, Number(h.seq)]));
      const heads = this.chains.map((c) => bySeq.get(c) ?? 0);
      const starts: number[] = [];
      let at = size;
      heads.forEach((h, i) => {
        starts.push(at - previous[i]! - 1);
        at += h - previous[i]!;
      });
      this.heads.push(heads);
      this.starts.push(starts);
      previous = heads;
      size = Number(row.merkle_size);
      if (at !== size) throw new Error(`Merkle checkpoint #${row.id} says ${size} leaves, its heads make ${at}`);
    }
  }

  /** The leaf number of (chain, position), or null when the tree does not hold it (before its base, or not yet covered). */
  leafOf(chainId: number, seq: number): number | null {
    const c = this.chains.indexOf(chainId);
    if (c < 0 || seq <= this.base.get(chainId)!.seq) return null;
    let lo = 0;
    let hi = this.heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.heads[mid]![c]! >= seq) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.heads.length) return null;
    return this.starts[lo]![c]! + seq;
  }
}

// ── Reading and proving ────────────────────────────────────────────────────

type StoredBlock = { leafCount: number; nodes: Buffer; hex?: string };

/**
 * Proofs against the tree of `size` leaves, read from the stored blocks. Full blocks'
 * interior nodes are stored, so a proof inside a block is lookups; above the blocks,
 * nodes are computed once from the blocks' roots and kept.
 */
export class MerkleReader {
  private readonly blocks = new Map<number, StoredBlock>();
  private readonly memo = new Map<string, Buffer>();
  private readonly above = new Map<number, Buffer[]>();
  /** The last, partial block: kept whatever else is dropped. */
  private tail: StoredBlock | null = null;

  private constructor(
    private readonly client: Pick<pg.ClientBase, "query">,
    readonly size: number,
    private readonly roots: Buffer[],
    private readonly maxBlocks: number,
  ) {}

  static async open(client: Pick<pg.ClientBase, "query">, size: number, o: { maxBlocks?: number } = {}): Promise<MerkleReader> {
    const full = Math.floor(size / BLOCK);
    const { rows } = await client.query<{ root: Buffer }>({ text: "SELECT root FROM audit_merkle_chunks WHERE chunk < $1 ORDER BY chunk", values: [full] });
    if (rows.length !== full) throw new Error(`The Merkle blocks hold ${rows.length} full blocks; a tree of ${size} needs ${full}`);
    const reader = new MerkleReader(client, size, rows.map((r) => r.root), o.maxBlocks ?? 1024);
    // The last, partial block is where the right edge of every path is computed.
    if (size % BLOCK !== 0) {
      await reader.load([size - 1]);
      reader.tail = reader.blocks.get(full) ?? null;
    }
    return reader;
  }

  /** Reads the blocks holding these leaves (once; the oldest read are dropped past maxBlocks). */
  async load(leaves: Iterable<number>): Promise<void> {
    const wanted = [...new Set([...leaves].map((l) => Math.floor(l / BLOCK)))].filter((b) => !this.blocks.has(b));
    if (wanted.length === 0) return;
    const { rows } = await this.client.query<{ chunk: string; leaf_count: number; nodes: Buffer }>({
      text: "SELECT chunk::text, leaf_count, nodes FROM audit_merkle_chunks WHERE chunk = ANY($1::bigint[])",
      values: [wanted],
    });
    for (const r of rows) this.blocks.set(Number(r.chunk), { leafCount: r.leaf_count, nodes: r.nodes });
    for (const b of wanted) if (!this.blocks.has(b)) throw new Error(`Merkle block ${b} is missing`);
    while (this.blocks.size > Math.max(this.maxBlocks, wanted.length)) this.blocks.delete(this.blocks.keys().next().value!);
  }

  private block(leaf: number): StoredBlock {
    const index = Math.floor(leaf / BLOCK);
    const b = this.blocks.get(index) ?? (index === this.roots.length ? this.tail : undefined);
    if (!b) throw new Error(`Merkle block of leaf ${leaf} was not loaded`);
    return b;
  }

  /** The entry hash stored at a leaf (the leaf's input). */
  entryHash(leaf: number): Buffer {
    const b = this.block(leaf);
    const i = leaf % BLOCK;
    if (i >= b.leafCount) throw new Error(`leaf ${leaf} is not stored`);
    return b.nodes.subarray(i * HASH, (i + 1) * HASH);
  }

  /** The hash of the subtree [lo, hi) of the tree, as the RFC's recursion asks for it. */
  readonly hashOf = (lo: number, hi: number): Buffer => {
    const n = hi - lo;
    if (n === 1) return leafHash(this.entryHash(lo));
    const aligned = (n & (n - 1)) === 0 && lo % n === 0;
    if (aligned && n <= BLOCK && hi <= this.roots.length * BLOCK) {
      if (n === BLOCK) return this.roots[lo / BLOCK]!;
      const b = this.block(lo);
      const level = Math.log2(n);
      const at = levelOffset(level) + (lo % BLOCK) / n;
      return b.nodes.subarray(at * HASH, (at + 1) * HASH);
    }
    const key = `${lo}:${hi}`;
    let h = this.memo.get(key);
    if (!h) {
      const k = splitPoint(n);
      h = nodeHash(this.hashOf(lo, lo + k), this.hashOf(lo + k, hi));
      this.memo.set(key, h);
    }
    return h;
  };

  root(): Buffer {
    return this.size === 0 ? EMPTY_ROOT : this.hashOf(0, this.size);
  }

  private blockHex(b: StoredBlock): string {
    b.hex ??= b.nodes.toString("hex");
    return b.hex;
  }

  /** entryHash() as hex. */
  entryHashHex(leaf: number): string {
    const b = this.block(leaf);
    const i = leaf % BLOCK;
    if (i >= b.leafCount) throw new Error(`leaf ${leaf} is not stored`);
    return this.blockHex(b).slice(i * 2 * HASH, (i + 1) * 2 * HASH);
  }

  /**
   * proof() split for evidence bundles, in base64 (44 characters per hash, nearest
   * first): `own`, the leaf's hashes up to its 16-leaf page, and `page`, the page whose
   * path to its block's root (pagePathB64) and that block's path to the root
   * (aboveBlockB64) complete the proof; null when the leaf is not in a full block and
   * `own` is the whole proof.
   */
  proofSplitB64(leaf: number): { own: string; page: number | null } {
    const block = Math.floor(leaf / BLOCK);
    if (leaf < 0 || leaf >= this.size || block >= this.roots.length) return { own: this.proof(leaf).map((h) => h.toString("base64")).join(""), page: null };
    const b = this.block(leaf);
    const i = leaf % BLOCK;
    LEAF_IN.set(b.nodes.subarray((i ^ 1) * HASH, ((i ^ 1) + 1) * HASH), 1);
    let own = hash("sha256", LEAF_IN, "base64");
    for (let level = 1; level < PAGE_LEVELS; level++) own += this.nodeB64(b, levelOffset(level) + ((i >> level) ^ 1));
    return { own, page: Math.floor(leaf / PAGE) };
  }

  /** The path from a page of a full block (its block loaded) up to the block's root, in base64: shared by the page's 16 leaves. */
  pagePathB64(page: number): string {
    const leaf = page * PAGE;
    const b = this.block(leaf);
    const i = leaf % BLOCK;
    let path = "";
    for (let level = PAGE_LEVELS; level < LEVELS; level++) path += this.nodeB64(b, levelOffset(level) + ((i >> level) ^ 1));
    return path;
  }

  /** The path from a full block's root up to the tree's root, in base64: shared by its 1,024 leaves. */
  aboveBlockB64(block: number): string {
    return this.upperPath(block).map((h) => h.toString("base64")).join("");
  }

  private nodeB64(b: StoredBlock, at: number): string {
    return b.nodes.toString("base64", at * HASH, (at + 1) * HASH);
  }

  private upperPath(block: number): Buffer[] {
    let upper = this.above.get(block);
    if (!upper) {
      upper = pathAbove(this.hashOf, block * BLOCK, (block + 1) * BLOCK, 0, this.size);
      this.above.set(block, upper);
    }
    return upper;
  }

  /** The inclusion proof of a leaf (its block must be loaded), nearest sibling first. */
  proof(leaf: number): Buffer[] {
    if (leaf < 0 || leaf >= this.size) throw new RangeError(`leaf ${leaf} is not in a tree of ${this.size}`);
    const block = Math.floor(leaf / BLOCK);
    if (block >= this.roots.length) return pathAbove(this.hashOf, leaf, leaf + 1, 0, this.size);
    const b = this.block(leaf);
    const i = leaf % BLOCK;
    const out: Buffer[] = [leafHash(b.nodes.subarray((i ^ 1) * HASH, ((i ^ 1) + 1) * HASH))];
    for (let level = 1; level < LEVELS; level++) {
      const at = levelOffset(level) + ((i >> level) ^ 1);
      out.push(b.nodes.subarray(at * HASH, (at + 1) * HASH));
    }
    return out.concat(this.upperPath(block));
  }
}

// ── Appending at a checkpoint ──────────────────────────────────────────────

export type TreeStart = { size: number; base: CheckpointHead[]; previousHeads: CheckpointHead[] };

const PUT_BATCH = 32; // blocks per call (2 MB)
const FETCH = 20_000;

/**
 * Appends the entries between `from.previousHeads` and `heads` to the stored tree (in
 * the caller's transaction, under its checkpoint lock) and returns the new size and root.
 */
export async function appendLeaves(client: pg.ClientBase, from: TreeStart, heads: CheckpointHead[]): Promise<{ size: number; root: Buffer }> {
  let size = from.size;
  const lastBlock = Math.floor(size / BLOCK);
  let current = Buffer.alloc(0);
  if (size % BLOCK !== 0) {
    const { rows } = await client.query<{ nodes: Buffer }>({ text: "SELECT nodes FROM audit_merkle_chunks WHERE chunk = $1", values: [lastBlock] });
    current = Buffer.from(rows[0]!.nodes);
  }
  let block = lastBlock;
  const pending: { chunk: number; count: number; root: Buffer | null; nodes: Buffer }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await client.query({
      text: "SELECT audit_merkle_put_chunks($1::bigint[], $2::int[], $3::bytea[], $4::bytea[])",
      values: [pending.map((p) => p.chunk), pending.map((p) => p.count), pending.map((p) => p.root), pending.map((p) => p.nodes)],
    });
    pending.length = 0;
  };
  const previous = new Map(from.previousHeads.map((h) => [h.chainId, BigInt(h.seq)]));
  let parts: Buffer[] = [current];
  let partLength = current.length;
  const addHashes = async (hashes: Buffer[]) => {
    for (const h of hashes) {
      parts.push(h);
      partLength += HASH;
      size++;
      if (partLength === BLOCK * HASH) {
        const { nodes, root } = fullBlock(Buffer.concat(parts, partLength));
        pending.push({ chunk: block, count: BLOCK, root, nodes });
        block++;
        parts = [];
        partLength = 0;
        if (pending.length >= PUT_BATCH) await flush();
      }
    }
  };
  for (const head of [...heads].sort((a, b) => a.chainId - b.chainId)) {
    const after = previous.get(head.chainId) ?? 0n;
    const upTo = BigInt(head.seq);
    for (let lo = after; lo < upTo; lo += BigInt(FETCH)) {
      const hi = lo + BigInt(FETCH) < upTo ? lo + BigInt(FETCH) : upTo;
      const { rows } = await client.query<[Buffer]>({
        text: "SELECT entry_hash FROM audit_logs WHERE chain_id = $1 AND chain_seq > $2 AND chain_seq <= $3 ORDER BY chain_seq",
        values: [head.chainId, lo.toString(), hi.toString()],
        rowMode: "array",
      });
      if (BigInt(rows.length) !== hi - lo) {
        throw new Error(`Chain ${head.chainId} positions ${lo + 1n}–${hi} are not all in the database (${rows.length} of ${hi - lo}): archived or missing entries cannot join the Merkle tree`);
      }
      await addHashes(rows.map((r) => r[0]));
    }
  }
  if (partLength > 0 && size > from.size) {
    pending.push({ chunk: block, count: partLength / HASH, root: null, nodes: Buffer.concat(parts, partLength) });
  }
  await flush();
  const reader = await MerkleReader.open(client, size);
  return { size, root: reader.root() };
}
