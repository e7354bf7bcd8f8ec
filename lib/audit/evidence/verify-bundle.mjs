#!/usr/bin/env node
// verify-bundle.mjs: checks an HR Governance audit evidence bundle on any machine with
// Node.js 20 or later, with no access to the app or its database, and no dependencies
// (Node's own crypto, zlib and fs only). One file, copied into every bundle as is.
//
//   node verify-bundle.mjs                      the bundle this file sits in (unzipped)
//   node verify-bundle.mjs BUNDLE.zip           a bundle as downloaded
//   node verify-bundle.mjs BUNDLE --public-key KEY.pem
//                                               trust only this key (recommended: the
//                                               key your organisation published)
//
// Exit status: 0 every entry verified; 1 something does not verify (the first place
// is named); 2 the bundle cannot be read or the command is wrong; 3 everything in it
// verifies, but some entries are newer than its checkpoint and not yet provable.
//
// What it proves, for every entry line: its row (its hashed fields printed by
// PostgreSQL as one record, the columns the manifest's hashedColumns names) hashes to
// the entry's content hash; with the previous entry's hash in its chain and its time,
// to the entry's hash; and that hash is a leaf of the RFC 9162 Merkle tree whose root
// and size the checkpoint signs (the inclusion proof: the line's own hashes up to its
// 16-leaf page, then its page's and its block's shared parts from upper-paths.ndjson).
// The checkpoint's Ed25519 signature is checked with the public key, and every file's
// SHA-256 against the manifest (which is not signed: it catches damage and edits, not
// a rewritten bundle).
//
// Speed: a million entries in a few seconds. This thread inflates and hashes the file
// and hands batches of lines (their bytes, not copies) to worker threads, which parse
// each line once and hash text, not Buffers (Node's one-shot hash is three times
// faster so). A Merkle node proven once is not proven again (`known`).

import { createHash, createPublicKey, hash as cryptoHash, verify as verifySignatureRaw } from "node:crypto";
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { StringDecoder } from "node:string_decoder";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as nodeBuffer from "node:buffer";
import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

export const BUNDLE_KIND = "audit-evidence-bundle/v2";
export const CHECKPOINT_KIND = "audit-checkpoint/v3";
export const ENTRIES_FILE = "entries.ndjson";
export const CHECKPOINT_FILE = "checkpoint.json";
export const MANIFEST_FILE = "manifest.json";
export const KEYS_FILE = "public-keys.pem";
export const UPPER_PATHS_FILE = "upper-paths.ndjson";
const PAGE = 16; // leaves whose proofs share all but their own 4 lowest hashes
const BLOCK = 1024; // leaves whose proofs share the path above their block

/** The hashed columns of an audit entry, in hashing order (lib/audit/integrity/canonical.ts). */
export const HASHED_COLUMNS = Object.freeze([
  "id", "event_type", "event_category", "action_type", "action_description", "module_name",
  "user_id", "user_name", "user_email", "user_role", "user_department", "session_id", "ip_address",
  "user_agent", "object_type", "object_id", "object_name", "subject_user_id", "old_values", "new_values",
  "changed_fields", "request_method", "request_path", "response_status", "risk_level", "is_sensitive",
  "is_compliance_related", "status", "error_message", "error_code", "additional_data", "tags", "retention_months",
]);

// ── Hashing ────────────────────────────────────────────────────────────────

// One-shot hashing where Node has it (20.12+): a third cheaper than a Hash object.
const oneShot = typeof cryptoHash === "function" ? (b) => cryptoHash("sha256", b, "buffer") : (b) => createHash("sha256").update(b).digest();
const sha256 = (...parts) => oneShot(parts.length === 1 ? parts[0] : Buffer.concat(parts));
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);
const HEX64 = /^[0-9a-f]{64}$/;

/** RFC 9162 2.1.1: the hash of a leaf. */
export function leafHash(data) {
  return sha256(LEAF_PREFIX, data);
}

/** RFC 9162 2.1.1: the hash of an interior node. */
export function nodeHash(left, right) {
  return sha256(NODE_PREFIX, left, right);
}

/** JSON with object keys sorted at every level; what signatures cover. */
export function canonicalJson(value) {
  if (value === null || typeof value !== "object") return value === undefined ? "null" : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const parts = [];
  for (const key of Object.keys(value).sort()) {
    if (value[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  }
  return `{${parts.join(",")}}`;
}

const NEEDS_QUOTES = /[",\\() \t\n\v\f\r]/;
const DOUBLED = /["\\]/g;

/** The column texts framed as PostgreSQL prints a row (record_out); NULL is an empty field. */
export function contentFraming(texts) {
  const fields = texts.map((t) => {
    if (t === null) return "";
    return t === "" || NEEDS_QUOTES.test(t) ? `"${t.replace(DOUBLED, "$&$&")}"` : t;
  });
  return `(${fields.join(",")})`;
}

/** An entry's hash: SHA-256 of the previous entry's hash, its content hash and its time in ms (8 bytes, big-endian). */
export function chainHash(previous, content, timeMs) {
  const time = Buffer.alloc(8);
  time.writeBigInt64BE(BigInt(timeMs));
  return sha256(previous, content, time);
}

// ── RFC 9162 proofs ────────────────────────────────────────────────────────

const isHash = (b) => Buffer.isBuffer(b) && b.length === 32;
const isSize = (n) => Number.isSafeInteger(n) && n >= 0;
const lsb = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

/**
 * RFC 9162 2.1.3.2: whether `path` proves the leaf `leaf` (a leaf hash) is at `index`
 * in the tree of `size` leaves whose root is `root`. `known`, if given, is a cache of
 * nodes already proven to lead to that same root ("level:index" -> hash): a path that
 * reaches one of them is proven there, and the nodes it proves are added.
 */
export function verifyInclusion(leaf, index, size, path, root, known) {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(path) || !isSize(index) || !isSize(size) || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  let level = 0;
  const seen = known ? [] : null;
  for (const p of path) {
    if (known) {
      const key = `${level}:${fn}`;
      const cached = known.get(key);
      if (cached) {
        if (!cached.equals(r)) return false;
        for (const [k, value] of seen) known.set(k, value);
        return true;
      }
      seen.push([key, r]);
    }
    const sibling = typeof p === "string" ? Buffer.from(p, "hex") : p; // not hex: shorter than 32 bytes
    if (!isHash(sibling) || sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(sibling, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
          level++;
        }
      }
    } else {
      r = nodeHash(r, sibling);
    }
    fn = half(fn);
    sn = half(sn);
    level++;
  }
  if (sn !== 0 || !r.equals(root)) return false;
  if (known) for (const [key, value] of seen) known.set(key, value);
  return true;
}

/** RFC 9162 2.1.4.2: whether `proof` shows the tree of `first` leaves (root `firstRoot`) is a prefix of the tree of `second` leaves. */
export function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (!isSize(first) || !isSize(second) || first > second || !isHash(firstRoot) || !isHash(secondRoot) || !Array.isArray(proof)) return false;
  const path = proof.map((p) => (typeof p === "string" && HEX64.test(p) ? Buffer.from(p, "hex") : p));
  if (!path.every(isHash)) return false;
  if (first === second) return path.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return path.length === 0; // every tree extends the empty one
  if (path.length === 0) return false;
  if (2 ** Math.round(Math.log2(first)) === first) path.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

// ── Signed records ─────────────────────────────────────────────────────────

/** What a checkpoint with a Merkle tree head signs (lib/audit/integrity/signed-records.ts). */
export function checkpointPayload(c) {
  return {
    kind: CHECKPOINT_KIND,
    heads: c.heads.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })),
    totalEntries: c.totalEntries,
    createdAt: c.createdAt,
    keyId: c.keyId,
    algorithm: c.algorithm,
    previous: c.previousId === null ? null : { id: c.previousId, signature: c.previousSignature },
    archive: c.archiveId === null ? null : { id: c.archiveId, signature: c.archiveSignature },
    merkle: { size: c.merkle.size, root: c.merkle.root, base: c.merkle.base.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })) },
  };
}

/** `ed25519:` and the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(key) {
  return `ed25519:${sha256(key.export({ type: "spki", format: "der" })).toString("hex").slice(0, 16)}`;
}

/** Every Ed25519 public key in a PEM text. */
export function readPublicKeys(text) {
  const keys = [];
  for (const block of String(text).match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []) {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType === "ed25519") keys.push(key);
  }
  return keys;
}

/** "valid", "invalid" or "unknown_key". */
export function checkSigned(keys, signature, payload) {
  if (!signature || signature.algorithm !== "ed25519") return "invalid";
  const key = keys.get(signature.keyId);
  if (!key) return "unknown_key";
  try {
    return verifySignatureRaw(null, Buffer.from(canonicalJson(payload)), key, Buffer.from(String(signature.value), "base64url")) ? "valid" : "invalid";
  } catch {
    return "invalid";
  }
}

// ── Reading a bundle: a zip file or an unzipped folder ─────────────────────

class Unreadable extends Error {}

function readZipDirectory(file) {
  const fd = openSync(file, "r");
  try {
    const size = statSync(file).size;
    const read = (position, length) => {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, position);
      return buf.subarray(0, n);
    };
    const tailLength = Math.min(size, 65557);
    const tail = read(size - tailLength, tailLength);
    const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (at < 0) throw new Unreadable(`${file} is not a zip file`);
    const eocdPosition = size - tailLength + at;
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = read(eocdPosition - 20, 20);
      if (locator.readUInt32LE(0) !== 0x07064b50) throw new Unreadable(`${file}: zip64 locator missing`);
      const eocd64 = read(Number(locator.readBigUInt64LE(8)), 56);
      if (eocd64.readUInt32LE(0) !== 0x06064b50) throw new Unreadable(`${file}: zip64 directory missing`);
      count = Number(eocd64.readBigUInt64LE(32));
      cdSize = Number(eocd64.readBigUInt64LE(40));
      cdOffset = Number(eocd64.readBigUInt64LE(48));
    }
    const cd = read(cdOffset, cdSize);
    const members = new Map();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Unreadable(`${file}: damaged zip directory`);
      const method = cd.readUInt16LE(p + 10);
      let compressed = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLength);
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const length = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressed === 0xffffffff) { uncompressed = Number(cd.readBigUInt64LE(q)); q += 8; }
          if (compressed === 0xffffffff) { compressed = Number(cd.readBigUInt64LE(q)); q += 8; }
          if (offset === 0xffffffff) { offset = Number(cd.readBigUInt64LE(q)); q += 8; }
        }
        e += 4 + length;
      }
      const local = read(offset, 30);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new Unreadable(`${file}: damaged zip entry ${name}`);
      const start = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (method !== 0 && method !== 8) throw new Unreadable(`${file}: ${name} uses an unsupported compression method`);
      members.set(name.replace(/^.*\//, ""), { start, compressed, method });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

function openBundle(source) {
  if (!existsSync(source)) throw new Unreadable(`${source} does not exist`);
  if (statSync(source).isDirectory()) {
    return {
      has: (name) => existsSync(join(source, name)),
      names: () => readdirSync(source, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
      stream: (name) => createReadStream(join(source, name)),
    };
  }
  const members = readZipDirectory(source);
  return {
    has: (name) => members.has(name),
    names: () => [...members.keys()],
    stream: (name) => {
      const m = members.get(name);
      if (m.compressed === 0) return Readable.from([]);
      const raw = createReadStream(source, { start: m.start, end: m.start + m.compressed - 1, highWaterMark: 1 << 20 });
      return m.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
    },
  };
}

/** Every file of a bundle (zip or folder) by name, as bytes. */
export async function bundleFiles(source) {
  const bundle = openBundle(source);
  const out = new Map();
  for (const name of bundle.names() ?? []) out.set(name, await readWhole(bundle, name));
  return out;
}

/**
 * A line's `row` (PostgreSQL's text of the record of hashed columns) split into its
 * values, in the manifest's `hashedColumns` order: null for NULL, unquoted otherwise.
 * For reading an entry; verification hashes the row text as it stands.
 */
export function recordFields(text) {
  if (typeof text !== "string" || text[0] !== "(" || text[text.length - 1] !== ")") throw new Error("not a record");
  const out = [];
  let i = 1;
  for (;;) {
    if (text[i] === '"') {
      let v = "";
      for (i++; i < text.length; ) {
        const c = text[i];
        if (c === '"' && text[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else if (c === "\\") {
          v += text[i + 1];
          i += 2;
        } else {
          v += c;
          i++;
        }
      }
      out.push(v);
    } else {
      let j = i;
      while (j < text.length - 1 && text[j] !== ",") j++;
      out.push(j === i ? null : text.slice(i, j));
      i = j;
    }
    if (text[i] === ",") i++;
    else break;
  }
  return out;
}

/** The entry lines of a bundle (zip or folder), streamed, as text without their newlines. */
export async function* entryLines(source) {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of openBundle(source).stream(ENTRIES_FILE)) {
    const parts = (rest + decoder.write(chunk)).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) if (line !== "") yield line;
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}

async function readWhole(bundle, name) {
  const parts = [];
  for await (const chunk of bundle.stream(name)) parts.push(chunk);
  return Buffer.concat(parts);
}

// ── Verification ───────────────────────────────────────────────────────────

class Failure extends Error {}

const fail = (message) => {
  throw new Failure(message);
};

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${what} is not valid JSON`);
  }
}

const signatureWhy = (check, keyId) =>
  check === "unknown_key" ? `is signed with key ${keyId}, which is not among the public keys used` : "does not carry a valid signature";

// The hashes of an entry line are checked on base64 and hex text, as Node's one-shot
// hash returns text much faster than a Buffer: the bytes each hash is taken over are
// written into these scratch buffers (one set per thread).
const digest = typeof cryptoHash === "function" ? (b, encoding) => cryptoHash("sha256", b, encoding) : (b, encoding) => createHash("sha256").update(b).digest(encoding);
const isAscii = nodeBuffer.isAscii; // Node 18.15+
const LEAF_IN = Buffer.alloc(33); // 0x00, the entry hash
const NODE_IN = Buffer.alloc(65); // 0x01, left, right
NODE_IN[0] = 1;
const CHAIN_IN = Buffer.alloc(72); // previous hash, content hash, time in ms (8 bytes, big-endian)
const B64 = 44; // one hash in base64
const B64_HASHES = /^(?:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)*$/;
const TIME_MS = /^-?[0-9]{1,16}$/;
const LEAF_NUMBER = /^[0-9]{1,16}$/;
const hexInto = (target, at, text) => typeof text === "string" && text.length === 64 && target.write(text, at, 32, "hex") === 32;

/**
 * The shared parts of the proofs (upper-paths.ndjson), by page and by block: read once
 * here, and handed to the worker threads as shared memory (sorted keys, offsets, text).
 */
function sharePaths(map) {
  const keys = [...map.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of keys) total += map.get(k).length;
  const index = new Float64Array(new SharedArrayBuffer(8 * (2 * keys.length + 1)));
  const text = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
  let at = 0;
  keys.forEach((k, i) => {
    const path = map.get(k);
    index[i] = k;
    index[keys.length + i] = at;
    text.set(Buffer.from(path, "latin1"), at);
    at += path.length;
  });
  index[2 * keys.length] = at;
  return { index, text, count: keys.length };
}

/** The shared path of a page or block ("" when the bundle has none: the line's own proof is then whole). */
function sharedPath(shared, key) {
  const { index, text, count } = shared;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo === count || index[lo] !== key) return "";
  const start = index[count + lo];
  return Buffer.from(text.buffer, text.byteOffset + start, index[count + lo + 1] - start).toString("latin1");
}

/**
 * Nodes already proven to lead to the checkpoint's root, by index * 64 + level (trees
 * under 2^47 leaves), as 32-character latin1 text: those inside a 1,024-leaf block
 * (`low`, forgotten now and then) and those above (`high`, few, kept).
 */
const newKnown = () => ({ low: new Map(), high: new Map() });
const BLOCK_LEVELS = 10;
const walked = []; // the nodes an entry's walk computed: key, hash, key, hash…

/**
 * verifyInclusion for an entry line (leaf and root as latin1 text): the path is the
 * line's own hashes, then (when the walk gets that far) its page's shared part, then
 * its block's, all base64. A walk that reaches a known node is proven there (every
 * line's own first hash is always used), and the nodes it computed become known.
 */
function entryIncluded(leaf, index, size, own, shared, root, known) {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  let level = 0;
  walked.length = 0;
  for (let part = 0; part < 3; part++) {
    const path = part === 0 ? own : part === 1 ? sharedPath(shared.pages, Math.floor(index / PAGE)) : sharedPath(shared.blocks, Math.floor(index / BLOCK));
    for (let at = 0; at < path.length; at += B64) {
      if (level > 0) {
        const key = fn * 64 + level;
        const cached = (level < BLOCK_LEVELS ? known.low : known.high).get(key);
        if (cached !== undefined) {
          if (cached !== r) return false;
          remember(known);
          return true;
        }
        walked.push(key, r);
      }
      if (sn === 0) return false;
      const sibling = path.slice(at, at + B64);
      if (sibling.charCodeAt(B64 - 1) !== 61 || sibling.charCodeAt(B64 - 2) === 61) return false; // not one hash in base64
      if (lsb(fn) || fn === sn) {
        if (NODE_IN.write(sibling, 1, 32, "base64") !== 32) return false;
        NODE_IN.write(r, 33, 32, "latin1");
        r = digest(NODE_IN, "latin1");
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
          level++;
        }
      } else {
        NODE_IN.write(r, 1, 32, "latin1");
        if (NODE_IN.write(sibling, 33, 32, "base64") !== 32) return false;
        r = digest(NODE_IN, "latin1");
      }
      fn = half(fn);
      sn = half(sn);
      level++;
    }
  }
  if (sn !== 0 || r !== root) return false;
  remember(known);
  return true;
}

function remember(known) {
  for (let i = 0; i < walked.length; i += 2) {
    const key = walked[i];
    (key % 64 < BLOCK_LEVELS ? known.low : known.high).set(key, walked[i + 1]);
  }
}

/** A time in ms as toISOString() prints it, or "" outside the years 0-9999; the minute's part is kept (lines come in time order). The bundle writer prints lines' times with it too. */
let isoMinute = NaN;
let isoPrefix = "";
export function isoTime(ms) {
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return "";
  const minute = Math.floor(ms / 60_000);
  if (minute !== isoMinute) {
    isoMinute = minute;
    isoPrefix = new Date(minute * 60_000).toISOString().slice(0, 17); // 2026-09-27T18:59:
  }
  const rest = ms - minute * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest % 1000;
  return `${isoPrefix}${s < 10 ? "0" : ""}${s}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

/** Verifies one entry line: "proven", "masked" (proven through its content hash) or "unproven" (newer than the checkpoint). Throws a Failure naming it. */
function verifyEntry(line, n, cp, known, shared) {
  let e;
  try {
    e = JSON.parse(line);
  } catch {
    fail(`${ENTRIES_FILE} line ${n} is not valid JSON`);
  }
  if (e === null || typeof e !== "object" || Array.isArray(e)) fail(`${ENTRIES_FILE} line ${n} is not an entry`);
  const label = () => `entry ${typeof e.id === "string" ? e.id : "?"} (${ENTRIES_FILE} line ${n})`;
  if (e.n !== n) {
    if (Number.isSafeInteger(e.n) && e.n > n) fail(`${label()}: entry #${n} of the bundle is missing here (this line is #${e.n}): a line was removed`);
    fail(`${label()}: this line is #${e.n} but it stands at #${n}: a line was added, repeated or moved`);
  }
  // The row: the entry's hashed columns (the manifest's hashedColumns) printed by
  // PostgreSQL as one record, the very text its content hash is taken over.
  const row = e.row;
  if (typeof row !== "string") fail(`${label()}: it has no row of hashed fields`);
  if (e.provable === false && e.proof === undefined) {
    if (typeof e.entryHash !== "string" || !HEX64.test(e.entryHash)) fail(`${label()}: it has no entry hash`);
    return "unproven";
  }
  const id = e.id;
  if (typeof id !== "string" || id === "" || NEEDS_QUOTES.test(id) || row.charCodeAt(0) !== 40 || !row.startsWith(id, 1) || row.charCodeAt(id.length + 1) !== 44) {
    fail(`${label()}: its id differs from the id its row begins with`);
  }
  let content;
  if (e.masked === true) {
    if (typeof e.contentHash !== "string" || !HEX64.test(e.contentHash)) fail(`${label()}: a masked entry must carry its stored content hash`);
    content = e.contentHash;
  } else {
    content = digest(row, "hex");
    if (e.contentHash !== undefined && e.contentHash !== content) fail(`${label()}: its row does not hash to its content hash: a field was changed`);
  }
  if (!hexInto(CHAIN_IN, 0, e.previousHash)) fail(`${label()}: it lacks the previous entry's hash`);
  if (typeof e.timeMs !== "string" || !TIME_MS.test(e.timeMs)) fail(`${label()}: its time is missing`);
  const ms = Number(e.timeMs);
  if (typeof e.time !== "string" || e.time === "" || e.time !== isoTime(ms)) fail(`${label()}: its time ${e.time} is not its hashed time`);
  CHAIN_IN.write(content, 32, 32, "hex");
  // Within the years 0-9999 (isoTime), so well within ±2^53: 64-bit big-endian as two 32-bit halves.
  const high = Math.floor(ms / 2 ** 32);
  CHAIN_IN.writeInt32BE(high, 64);
  CHAIN_IN.writeUInt32BE(ms - high * 2 ** 32, 68);
  const entryHash = digest(CHAIN_IN, "hex");
  if (e.entryHash !== entryHash) {
    fail(`${label()}: its row, time and previous hash do not hash to its entry hash: ${e.masked === true ? "the entry" : "a field"} was changed`);
  }
  if (typeof e.leaf !== "string" || !LEAF_NUMBER.test(e.leaf) || typeof e.proof !== "string") fail(`${label()}: it has no inclusion proof`);
  if (e.proof.length % B64 !== 0) fail(`${label()}: its proof is not whole hashes (${B64} base64 characters each)`);
  LEAF_IN.write(entryHash, 1, 32, "hex");
  if (!entryIncluded(digest(LEAF_IN, "latin1"), Number(e.leaf), cp.size, e.proof, shared, cp.root, known)) {
    fail(`${label()}: its inclusion proof does not lead from leaf ${e.leaf} to the root checkpoint #${cp.id} signs: the entry is not in the log as shown, or its proof belongs to another entry`);
  }
  return e.masked === true ? "masked" : "proven";
}

/** The shared parts of the proofs: by page (16 leaves, up to its block) and by block (1,024 leaves, up to the root). */
function readUpperPaths(text) {
  const pages = new Map();
  const blocks = new Map();
  let n = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    n++;
    const u = parseJson(line, `${UPPER_PATHS_FILE} line ${n}`);
    const [map, key] = typeof u?.page === "string" ? [pages, u.page] : [blocks, u?.block];
    if (typeof key !== "string" || !LEAF_NUMBER.test(key) || typeof u.path !== "string" || !B64_HASHES.test(u.path)) {
      fail(`${UPPER_PATHS_FILE} line ${n} is not a page's or a block's path`);
    }
    if (map.has(Number(key))) fail(`${UPPER_PATHS_FILE} line ${n} repeats a ${map === pages ? "page" : "block"}`);
    map.set(Number(key), u.path);
  }
  return { pages: sharePaths(pages), blocks: sharePaths(blocks) };
}

const BATCH_LINES = 2000;

/** Verifies a batch of lines (text; numbered from `first`, blank lines skipped); the first failure is returned, not thrown. */
function verifyBatch(text, first, cp, known, shared) {
  let masked = 0;
  let unproven = 0;
  let n = first;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end > start) {
      try {
        const outcome = verifyEntry(text.slice(start, end), n, cp, known, shared);
        if (outcome === "masked") masked++;
        else if (outcome === "unproven") unproven++;
      } catch (error) {
        if (error instanceof Failure) return { masked, unproven, error: { line: n, message: error.message } };
        throw error;
      }
      n++;
      if (known.low.size > 300_000) known.low.clear();
    }
    start = end + 1;
  }
  return { masked, unproven, error: null };
}

/** A batch's text (ASCII, the usual case, decodes faster as such). */
function textOf(bytes) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return b.toString(isAscii?.(b) ? "ascii" : "utf8");
}

// A worker thread of this same file: verifies the batches it is sent (bytes, handed over).
if (!isMainThread && workerData?.kind === "verify-bundle-worker") {
  const { cp, shared } = workerData;
  const known = newKnown();
  parentPort.on("message", ({ seq, first, bytes }) => {
    try {
      parentPort.postMessage({ seq, ...verifyBatch(textOf(bytes), first, cp, known, shared) });
    } catch (error) {
      parentPort.postMessage({ seq, masked: 0, unproven: 0, error: { line: first, message: `cannot check: ${error?.message ?? error}`, crash: true } });
    }
  });
}

/**
 * The entries, checked on `threads` worker threads: this thread reads (inflates) and
 * hashes the file, cuts it at line ends into batches of `batchLines` lines, numbers
 * them, and hands each batch's bytes to the least busy worker; the first failing line
 * is reported as if checked in order.
 */
async function verifyEntries(bundle, cp, expectedLines, shared, threads, batchLines = BATCH_LINES) {
  const hash = createHash("sha256");
  let bytes = 0;
  let n = 0; // lines numbered so far
  let masked = 0;
  let unproven = 0;
  let firstError = null;
  const noteError = (e) => {
    if (e && (!firstError || e.line < firstError.line)) firstError = e;
  };

  const workers = [];
  const busy = [];
  const pending = new Map(); // seq -> resolve
  let seq = 0;
  const inFlight = [];
  for (let i = 0; i < threads; i++) {
    const w = new Worker(new URL(import.meta.url), { workerData: { kind: "verify-bundle-worker", cp, shared } });
    w.on("message", (r) => pending.get(r.seq)?.(r));
    w.on("error", (error) => {
      for (const resolve of pending.values()) resolve({ masked: 0, unproven: 0, error: { line: 0, message: `cannot check: ${error.message}`, crash: true } });
    });
    workers.push(w);
    busy.push(0);
  }
  const known = newKnown();
  const tally = (r) => {
    masked += r.masked;
    unproven += r.unproven;
    noteError(r.error);
  };

  // The batch being gathered: whole pieces of chunks, its first line's number, its lines.
  let pieces = [];
  let pieceBytes = 0;
  let batchFirst = 1;
  let batchCount = 0;
  const send = async () => {
    if (pieceBytes === 0) return;
    const batch = new Uint8Array(pieceBytes); // its own memory, so it can be handed over
    let at = 0;
    for (const p of pieces) {
      batch.set(p, at);
      at += p.length;
    }
    const first = batchFirst;
    pieces = [];
    pieceBytes = 0;
    batchFirst = n + 1;
    batchCount = 0;
    if (workers.length === 0) {
      tally(verifyBatch(textOf(batch), first, cp, known, shared));
      return;
    }
    const id = seq++;
    let w = 0;
    for (let i = 1; i < workers.length; i++) if (busy[i] < busy[w]) w = i;
    busy[w]++;
    inFlight.push(
      new Promise((resolve) => pending.set(id, resolve)).then((r) => {
        pending.delete(id);
        busy[w]--;
        tally(r);
      }),
    );
    workers[w].postMessage({ seq: id, first, bytes: batch }, [batch.buffer]);
    if (inFlight.length >= workers.length * 3) await inFlight.shift();
  };
  const lineEnded = (length) => {
    if (length === 0) return; // a blank line is skipped
    n++;
    batchCount++;
    if (n > expectedLines) noteError({ line: n, message: `${ENTRIES_FILE} line ${n}: the manifest lists ${expectedLines} entries; this one was added` });
  };
  try {
    let lineLength = 0; // bytes of the current line read so far
    for await (const chunk of bundle.stream(ENTRIES_FILE)) {
      hash.update(chunk);
      bytes += chunk.length;
      let start = 0; // of the part of this chunk not yet in `pieces`
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        lineEnded(lineLength + nl - from);
        lineLength = 0;
        from = nl + 1;
        if (batchCount >= batchLines) {
          pieces.push(chunk.subarray(start, from));
          pieceBytes += from - start;
          start = from;
          await send();
        }
      }
      lineLength += chunk.length - from;
      if (start < chunk.length) {
        pieces.push(chunk.subarray(start));
        pieceBytes += chunk.length - start;
      }
      if (firstError) break; // batches before it are in flight and awaited below
    }
    if (!firstError) lineEnded(lineLength); // a last line without a line end
    await send(); // the lines read so far are checked, so an earlier failure is named first
    await Promise.all(inFlight);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (firstError) fail(firstError.message);
  if (n < expectedLines) fail(`${ENTRIES_FILE}: holds ${n} entries, the manifest lists ${expectedLines}: entries were removed from the end`);
  return { sha256: hash.digest("hex"), bytes, count: n, masked, unproven };
}

/**
 * Verifies a bundle (zip file or folder). `publicKeys`: PEM text to trust instead of
 * the keys inside the bundle. Returns { code, lines }: code 0 verified, 1 does not
 * verify, 2 unreadable.
 */
export async function verifyBundle(source, o = {}) {
  const lines = [];
  try {
    const bundle = openBundle(source);
    for (const name of [MANIFEST_FILE, CHECKPOINT_FILE, ENTRIES_FILE]) {
      if (!bundle.has(name)) throw new Unreadable(`${source} holds no ${name}: it is not an evidence bundle`);
    }
    const keyText = o.publicKeys ?? (bundle.has(KEYS_FILE) ? (await readWhole(bundle, KEYS_FILE)).toString("utf8") : "");
    const keys = new Map(readPublicKeys(keyText).map((k) => [keyIdOf(k), k]));
    if (keys.size === 0) throw new Unreadable(o.publicKeys ? "the public key given is not an Ed25519 public key (PEM)" : `${source} holds no Ed25519 public key; give one with --public-key`);
    const keySource = o.publicKeys ? "the public key given" : `the bundle's own ${KEYS_FILE}`;

    const manifest = parseJson((await readWhole(bundle, MANIFEST_FILE)).toString("utf8"), MANIFEST_FILE);
    if (!manifest || manifest.kind !== BUNDLE_KIND) fail(`${MANIFEST_FILE}: not a ${BUNDLE_KIND} manifest`);
    if (canonicalJson(manifest.hashedColumns) !== canonicalJson(HASHED_COLUMNS)) fail(`${MANIFEST_FILE}: it names hashed columns this verifier does not know`);

    const files = manifest.files ?? {};
    const fileCheck = async (name) => {
      const listed = files[name];
      if (!listed) fail(`${name}: the manifest does not list it`);
      const content = await readWhole(bundle, name);
      if (sha256(content).toString("hex") !== listed.sha256) fail(`${name}: its SHA-256 differs from the manifest's: the file was changed`);
      return content;
    };

    // The checkpoint's own signature first: a forged checkpoint is named as such.
    const checkpoint = parseJson((await readWhole(bundle, CHECKPOINT_FILE)).toString("utf8"), CHECKPOINT_FILE);
    let cpCheck = "invalid";
    try {
      cpCheck = checkSigned(keys, { algorithm: checkpoint.algorithm, keyId: checkpoint.keyId, value: checkpoint.signature }, checkpointPayload(checkpoint));
    } catch {
      fail(`${CHECKPOINT_FILE}: it is not a checkpoint`);
    }
    if (cpCheck !== "valid") fail(`${CHECKPOINT_FILE}: checkpoint #${checkpoint.id} ${signatureWhy(cpCheck, checkpoint.keyId)}: it was forged or altered`);
    await fileCheck(CHECKPOINT_FILE);
    if (manifest.checkpoint?.id !== checkpoint.id || manifest.checkpoint?.root !== checkpoint.merkle.root || manifest.checkpoint?.size !== checkpoint.merkle.size) {
      fail(`${CHECKPOINT_FILE}: checkpoint #${checkpoint.id} is not the one the manifest names`);
    }
    const cp = { id: checkpoint.id, size: Number(checkpoint.merkle.size), root: Buffer.from(checkpoint.merkle.root, "hex").toString("latin1") };

    const listed = files[ENTRIES_FILE];
    if (!listed) fail(`${ENTRIES_FILE}: the manifest does not list it`);
    const upper = files[UPPER_PATHS_FILE] ? readUpperPaths((await fileCheck(UPPER_PATHS_FILE)).toString("utf8")) : readUpperPaths("");
    const expected = Number(manifest.counts?.entries ?? -1);
    // Threads pay off past a few batches; o.threads = 0 checks on this thread alone.
    const threads = o.threads ?? (expected > 4 * BATCH_LINES ? Math.min(8, availableParallelism()) : 0);
    const entries = await verifyEntries(bundle, cp, expected, upper, threads, o.batchLines);
    if (entries.sha256 !== listed.sha256) fail(`${ENTRIES_FILE}: every entry verifies, but the file's SHA-256 differs from the manifest's: the file was changed between lines`);
    for (const name of Object.keys(files)) if (![ENTRIES_FILE, CHECKPOINT_FILE, UPPER_PATHS_FILE].includes(name)) await fileCheck(name);
    const unlisted = (bundle.names() ?? []).filter((name) => name !== MANIFEST_FILE && !files[name]);

    const s = manifest.search ?? {};
    const proven = entries.count - entries.unproven;
    lines.push(
      `${entries.unproven > 0 ? "Partly verified" : "Verified"}: ${proven.toLocaleString("en-US")} entries are the audit log's own, unaltered, each a leaf of the Merkle tree checkpoint #${checkpoint.id} signs (${cp.size.toLocaleString("en-US")} entries, root ${checkpoint.merkle.root.slice(0, 16)}…).`,
      `  Checkpoint #${checkpoint.id}, signed ${checkpoint.createdAt} with key ${checkpoint.keyId}; key from ${keySource}.`,
      manifest.archive
        ? `  Bundle: ${manifest.title ?? "audit log archive"}, every entry of partition ${manifest.archive.partition} (${manifest.archive.rangeStart} to ${manifest.archive.rangeEnd}), made ${manifest.createdAt} by ${manifest.viewer?.name ?? "?"}.`
        : `  Bundle: ${manifest.title ?? "audit log extract"}${s.query ? `, search "${s.query}"` : ""}, made ${manifest.createdAt} for ${manifest.viewer?.name ?? "?"} (${manifest.viewer?.role ?? "?"}).`,
      `  Every file's SHA-256 matches the manifest (${Object.keys(files).length} files). The manifest is not signed: it shows the files arrived as made, not who made them.`,
    );
    if (entries.masked > 0) {
      lines.push(`  ${entries.masked.toLocaleString("en-US")} entries show masked values: each is proven through its stored content hash; the values shown for them are not re-hashed.`);
    }
    if (!o.publicKeys) lines.push(`  The key came from the bundle itself: compare ${checkpoint.keyId} with the key your organisation published, or run again with --public-key.`);
    if (unlisted.length > 0) lines.push(`  Not covered by the manifest (ignored): ${unlisted.join(", ")}.`);
    const result = { lines, entries: entries.count, masked: entries.masked, notYetProvable: entries.unproven, checkpointId: checkpoint.id, keyId: checkpoint.keyId };
    if (entries.unproven > 0) {
      lines.push(`Not yet provable: ${entries.unproven.toLocaleString("en-US")} entries were written after checkpoint #${checkpoint.id}. They are in the bundle but carry no proof; export again after the next checkpoint to prove them.`);
      return { code: 3, ...result };
    }
    return { code: 0, ...result };
  } catch (error) {
    if (error instanceof Failure) return { code: 1, lines: [`Does not verify: ${error.message}`] };
    if (error instanceof Unreadable) return { code: 2, lines: [`Cannot read the bundle: ${error.message}`] };
    return { code: 2, lines: [`Cannot read the bundle: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

async function main(argv) {
  const args = [...argv];
  let keyFile = null;
  const at = args.indexOf("--public-key");
  if (at >= 0) {
    keyFile = args[at + 1];
    args.splice(at, 2);
    if (!keyFile) {
      console.error("--public-key needs a PEM file");
      return 2;
    }
  }
  if (args.length > 1 || args.some((a) => a.startsWith("-"))) {
    console.error("usage: node verify-bundle.mjs [BUNDLE.zip | FOLDER] [--public-key KEY.pem]");
    return 2;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const source = args[0] ?? here;
  let publicKeys;
  if (keyFile) {
    try {
      publicKeys = readFileSync(keyFile, "utf8");
    } catch (error) {
      console.error(`Cannot read ${keyFile}: ${error.message}`);
      return 2;
    }
  }
  const started = performance.now();
  const result = await verifyBundle(source, { publicKeys });
  for (const line of result.lines) (result.code === 0 || result.code === 3 ? console.log : console.error)(line);
  if (result.code === 0 || result.code === 3) console.log(`  (${basename(source)}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result.code;
}

if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
