import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import yazl from "yazl";
import { bundleFiles, contentFraming, HASHED_COLUMNS, recordFields, verifyBundle } from "@/lib/audit/evidence/verify-bundle.mjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asSuperuser, auditModules, freshDatabaseWith, type FreshDatabase } from "@/test/fresh-database";

// The writer stamps every entry with the database clock, so entries old enough to be
// past retention cannot be produced by it. The history below is built with the
// writer's own functions instead (prepareAuditRow, columnTexts, the content and chain
// hashes) and appended to the chains exactly as audit_append() would have at
// those times; verifyAuditLog() confirms it is intact before anything is archived.

async function modules() {
  return {
    ...(await auditModules()),
    env: (await import("@/lib/env")).env,
    writer: await import("../write/writer"),
    canonical: await import("./canonical"),
    uuidv7: (await import("@/lib/uuidv7")).uuidv7,
    checkSignature: (await import("./signing")).checkSignature,
    archivePayload: (await import("./signed-records")).archivePayload,
    keys: await import("./keys"),
    retention: { ...(await import("./retention")), ...(await import("./archive-file")) },
  };
}

const NOW = new Date("2026-11-23T12:00:00Z");

let fresh: FreshDatabase;
let m: Awaited<ReturnType<typeof modules>>;
let archiveDir: string;

beforeEach(async () => {
  ({ fresh, m } = await freshDatabaseWith(modules));
  archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-archive-test-"));
});
afterEach(async () => {
  await fresh.drop();
  fs.rmSync(archiveDir, { recursive: true, force: true });
});

async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: fresh.superUrl });
  await client.connect();
  try {
    return await client.query<R>(text, params);
  } finally {
    await client.end();
  }
}

type HistoricEntry = { at: string; chainId: number; retentionMonths: number; label: string };
type Written = HistoricEntry & { id: string; seq: bigint; entryHash: string };

/** Appends entries dated in the past to the chains, hashed exactly as the writer would have. */
async function writeHistory(entries: HistoricEntry[]): Promise<Written[]> {
  const { prepareAuditRow, columnTexts } = m.writer;
  const { HASHED_COLUMNS, contentHashOfTexts, chainHash } = m.canonical;
  const columns = [...HASHED_COLUMNS, "event_timestamp", "chain_id", "chain_seq", "content_hash", "entry_hash"];
  const insert = `INSERT INTO audit_logs (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
  const client = new pg.Client({ connectionString: fresh.superUrl });
  await client.connect();
  const heads = new Map<number, { seq: bigint; hash: Buffer; at: Date }>();
  for (const r of (await client.query("SELECT chain_id, last_seq::text, last_hash, last_ts FROM audit_chain_heads")).rows) {
    heads.set(r.chain_id, { seq: BigInt(r.last_seq), hash: r.last_hash, at: r.last_ts });
  }
  const written: Written[] = [];
  try {
    for (const e of [...entries].sort((a, b) => a.at.localeCompare(b.at))) {
      const at = new Date(e.at);
      const row = prepareAuditRow({
        eventType: "create",
        category: "user_management",
        actionType: "department.created",
        description: `Department ${e.label} created`,
        actor: m.systemActor("history"),
        object: { type: "department", id: e.label, name: e.label },
        after: { name: e.label },
        retentionMonths: e.retentionMonths,
      });
      const id = m.uuidv7(at.getTime());
      const texts = columnTexts({ ...row, id });
      const content = contentHashOfTexts(texts);
      const head = heads.get(e.chainId)!;
      const entryHash = chainHash(head.hash, content, at);
      const seq = head.seq + 1n;
      await client.query(insert, [...texts, at, e.chainId, seq.toString(), content, entryHash]);
      heads.set(e.chainId, { seq, hash: entryHash, at });
      written.push({ ...e, id, seq, entryHash: entryHash.toString("hex") });
    }
    for (const [chainId, head] of heads) {
      await client.query("UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3, last_ts = $4 WHERE chain_id = $1 AND last_seq < $2", [chainId, head.seq.toString(), head.hash, head.at]);
    }
  } finally {
    await client.end();
  }
  return written;
}

/**
 * January 2020: every chain, all past a 12-month retention. February 2020: one entry
 * kept for 120 months (until 2030), so the partition stays. March 2020: expired, but
 * younger than a partition that stays, so it must stay too.
 */
async function seedHistory() {
  const january: HistoricEntry[] = [];
  for (let c = 0; c < 16; c++) {
    const day = String(c + 1).padStart(2, "0");
    january.push({ at: `2020-01-${day}T09:00:00.000Z`, chainId: c, retentionMonths: 12, label: `Jan-${c}-a` });
    if (c % 2 === 0) january.push({ at: `2020-01-${day}T10:30:00.250Z`, chainId: c, retentionMonths: 12, label: `Jan-${c}-b` });
  }
  const february: HistoricEntry[] = [
    { at: "2020-02-03T09:00:00.000Z", chainId: 4, retentionMonths: 120, label: "Feb-keep" },
    { at: "2020-02-04T09:00:00.000Z", chainId: 5, retentionMonths: 12, label: "Feb-expired" },
  ];
  const march: HistoricEntry[] = [{ at: "2020-03-02T09:00:00.000Z", chainId: 6, retentionMonths: 12, label: "Mar-expired" }];
  await sql("SELECT audit_ensure_partition('2020-01-15'), audit_ensure_partition('2020-02-15'), audit_ensure_partition('2020-03-15')");
  const written = await writeHistory([...january, ...february, ...march]);
  return { written, january: written.filter((w) => w.at.startsWith("2020-01")) };
}

async function writeToday(n: number, prefix = "Today") {
  for (let i = 0; i < n; i++) {
    await m.auditedTransaction(async (tx, audit) => {
      const d = await tx.department.create({ data: { name: `${prefix} ${i}` } });
      audit.record({
        eventType: "create", category: "user_management", actionType: "department.created",
        description: `Department ${d.name} created`, actor: m.systemActor("test"),
        object: { type: "department", id: d.id, name: d.name }, after: { name: d.name },
      });
    });
  }
}

async function partitionExists(name: string) {
  const { rows } = await sql<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [name]);
  return rows[0]!.t !== null;
}

type ArchiveLine = { id: string; time: string; chain: number; seq: string; row: string; previousHash: string; entryHash: string; leaf: string };

/** A line's row as named values (the manifest's hashed columns). */
const fieldsOf = (line: ArchiveLine) => Object.fromEntries(recordFields(line.row).map((v, i) => [HASHED_COLUMNS[i]!, v]));

async function archiveFiles(file: string): Promise<Map<string, Buffer>> {
  return bundleFiles(file);
}

function linesOf(files: Map<string, Buffer>): string[] {
  return files.get("entries.ndjson")!.toString("utf8").split("\n").filter(Boolean);
}

async function readArchive(file: string): Promise<ArchiveLine[]> {
  return linesOf(await archiveFiles(file)).map((l) => JSON.parse(l));
}

/** Writes `files` as a zip at `file` (a forger's re-packed archive). */
async function rezip(files: Map<string, Buffer>, file: string) {
  const zip = new yazl.ZipFile();
  for (const [name, content] of files) zip.addBuffer(content, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  fs.writeFileSync(file, Buffer.concat(chunks));
}

function sha256Hex(file: string) {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

describe("retention archive", () => {
  it("archives an expired partition to a signed evidence bundle, drops it, and leaves the log verifiably intact", async () => {
    const { written, january } = await seedHistory();
    await writeToday(10);
    const before = await m.verifyAuditLog();
    expect(before.summary).toBe(`Not yet verifiable: ${written.length + 10} entries link up, but no valid signed checkpoint vouches for them`);
    expect(before.status).toBe("unverifiable");
    await m.createCheckpoint();

    const run = await m.retention.archiveExpiredPartitions({ now: NOW, archiveDir });

    // Oldest first; February still holds a live entry, so the run stops there and
    // March (all expired, but younger) is not touched.
    expect(run.partitions.map((p) => [p.partition, p.outcome])).toEqual([
      ["audit_logs_p202001", "archived"],
      ["audit_logs_p202002", "within_retention"],
    ]);
    expect(run.archived).toHaveLength(1);
    const archived = run.archived[0]!;
    expect(archived).toMatchObject({ partition: "audit_logs_p202001", rowCount: january.length, rangeStart: new Date("2020-01-01T00:00:00Z"), rangeEnd: new Date("2020-02-01T00:00:00Z") });
    expect(await partitionExists("audit_logs_p202001")).toBe(false);
    expect(await partitionExists("audit_logs_p202002")).toBe(true);
    expect(await partitionExists("audit_logs_p202003")).toBe(true);

    // The file: an evidence bundle of every January row, ordered by chain and position,
    // each with every hashed column, its time, chain, position and hashes (the content
    // hash follows from the fields), proven in the Merkle tree of a signed checkpoint.
    expect(archived.filePath).toBe(path.join(archiveDir, "audit_logs_p202001.zip"));
    expect(fs.readdirSync(archiveDir)).toEqual(["audit_logs_p202001.zip"]);
    const files = await archiveFiles(archived.filePath);
    expect([...files.keys()].sort()).toEqual(["VERIFY.md", "checkpoint.json", "entries.ndjson", "manifest.json", "public-keys.pem", "upper-paths.ndjson", "verify-bundle.mjs"]);
    expect(JSON.parse(files.get("manifest.json")!.toString())).toMatchObject({
      title: "Audit log archive, January 2020", viewer: { name: "audit retention", role: "system" }, counts: { entries: january.length, masked: 0, notYetProvable: 0 },
      archive: { partition: "audit_logs_p202001", rangeStart: "2020-01-01T00:00:00.000Z", rangeEnd: "2020-02-01T00:00:00.000Z" },
    });
    const rows = await readArchive(archived.filePath);
    const expectedOrder = [...january].sort((a, b) => a.chainId - b.chainId || Number(a.seq - b.seq));
    expect(rows.map((r) => r.id)).toEqual(expectedOrder.map((w) => w.id));
    const { rows: columns } = await sql<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_logs' ORDER BY ordinal_position");
    const carried = new Set([...HASHED_COLUMNS, "event_timestamp", "chain_id", "chain_seq", "content_hash", "entry_hash"]);
    expect(columns.map((c) => c.column_name).filter((c) => !carried.has(c))).toEqual([]);
    expect(JSON.parse(files.get("manifest.json")!.toString()).hashedColumns).toEqual([...HASHED_COLUMNS]);
    const first = fieldsOf(rows[0]!);
    expect(rows[0]).toMatchObject({ chain: 0, seq: "1" });
    expect(first).toMatchObject({ id: rows[0]!.id, action_description: "Department Jan-0-a created", retention_months: "12" });
    expect(JSON.parse(first.new_values!)).toMatchObject({ name: "Jan-0-a" });
    expect(rows[0]!.entryHash).toBe(expectedOrder[0]!.entryHash);
    // An outside auditor checks it with the verifier inside it and the public key alone.
    const publicKey = m.keys.auditKeyring().ed25519.values().next().value!;
    const offline = await verifyBundle(archived.filePath, { publicKeys: (await import("./signing")).publicKeyPem(publicKey) });
    expect(offline.code).toBe(0);
    expect(offline.lines.join("\n")).toContain(`${january.length} entries are the audit log's own, unaltered`);
    expect(offline.lines.join("\n")).toContain("every entry of partition audit_logs_p202001");

    // The record: the file's SHA-256, each chain's last archived position, a valid signature.
    const record = await m.db.auditArchive.findUniqueOrThrow({ where: { partition: "audit_logs_p202001" } });
    expect(record.fileSha256).toBe(sha256Hex(archived.filePath));
    expect(record.rowCount).toBe(BigInt(january.length));
    expect(record.filePath).toBe(archived.filePath);
    const lastPerChain = new Map(january.map((w) => [w.chainId, w]));
    expect(record.chainEnds).toEqual(
      [...lastPerChain.values()].sort((a, b) => a.chainId - b.chainId).map((w) => ({ chainId: w.chainId, seq: w.seq.toString(), hash: w.entryHash })),
    );
    const payload = m.archivePayload({ ...record, chainEnds: record.chainEnds as never });
    expect(record).toMatchObject({ algorithm: "ed25519", keyId: m.keys.auditSigner().keyId });
    expect(m.checkSignature(m.keys.auditKeyring(), record, payload)).toBe("valid");
    expect(await m.retention.verifyArchiveFile(archived.filePath)).toMatchObject({ ok: true, partition: "audit_logs_p202001", rowCount: january.length, problems: [] });

    // The step itself is in the audit log.
    const [entry] = await m.db.auditLog.findMany({ where: { actionType: "audit.retention_archived" } });
    expect(entry).toMatchObject({
      eventType: "system", eventCategory: "compliance", userId: null, userName: "System: audit retention",
      objectType: "audit_partition", objectId: "audit_logs_p202001", riskLevel: "critical", isComplianceRelated: true, retentionMonths: 120,
    });
    expect(entry!.additionalData).toMatchObject({ archiveId: record.id.toString(), rowCount: january.length, fileSha256: record.fileSha256 });

    // The chains resume after the archived positions. Until a checkpoint names the new
    // archive record, its signature alone vouches for it: no damage, but stale.
    const after = await m.verifyAuditLog();
    expect(after.problems).toEqual([]);
    expect(after.status).toBe("stale");
    expect(after.notes).toEqual([expect.stringMatching(new RegExp(`Archive record #${record.id} \\(audit_logs_p202001\\) is newer than the newest checkpoint`))]);
    const checkpoint = await m.createCheckpoint();
    const covered = await m.verifyAuditLog();
    expect(covered.summary).toBe(`Intact: ${written.length + 10 - january.length + 1} entries through checkpoint #${checkpoint.id}`);
    expect((await m.db.auditCheckpoint.findUniqueOrThrow({ where: { id: checkpoint.id } })).archiveId).toBe(record.id);

    // New entries continue every chain (each one had January entries) and verify.
    await writeToday(20, "Later");
    const later = await m.verifyAuditLog();
    expect(later.ok).toBe(true);
    expect(later.entriesChecked).toBe(written.length + 10 - january.length + 1 + 20);

    // A second run finds nothing more to do.
    const again = await m.retention.archiveExpiredPartitions({ now: NOW, archiveDir });
    expect(again.archived).toEqual([]);
    expect(again.partitions.map((p) => [p.partition, p.outcome])).toEqual([["audit_logs_p202002", "within_retention"]]);
  });

  it("keeps a partition while any entry in it is inside its retention, and everything younger with it", async () => {
    await seedHistory();
    const run = await m.retention.archiveExpiredPartitions({ now: new Date("2021-01-10T00:00:00Z"), archiveDir });
    // On 10 Jan 2021 the entries of 11–16 Jan 2020 are still inside 12 months.
    expect(run.partitions.map((p) => [p.partition, p.outcome])).toEqual([["audit_logs_p202001", "within_retention"]]);
    expect(run.archived).toEqual([]);
    expect(await partitionExists("audit_logs_p202001")).toBe(true);
    expect(await m.db.auditArchive.count()).toBe(0);
    expect(fs.readdirSync(archiveDir)).toEqual([]);
  });

  it("reports without changing anything on a dry run", async () => {
    await seedHistory();
    const run = await m.retention.archiveExpiredPartitions({ now: NOW, archiveDir, dryRun: true });
    expect(run.partitions.map((p) => [p.partition, p.outcome])).toEqual([
      ["audit_logs_p202001", "expired"],
      ["audit_logs_p202002", "within_retention"],
    ]);
    expect(await partitionExists("audit_logs_p202001")).toBe(true);
    expect(await m.db.auditArchive.count()).toBe(0);
    expect(fs.readdirSync(archiveDir)).toEqual([]);
  });

  it("drops nothing when the archive file cannot be written", async () => {
    const { written } = await seedHistory();
    const notADirectory = path.join(archiveDir, "a-file");
    fs.writeFileSync(notADirectory, "x");
    await expect(m.retention.archiveExpiredPartitions({ now: NOW, archiveDir: path.join(notADirectory, "archive") })).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await partitionExists("audit_logs_p202001")).toBe(true);
    expect(await m.db.auditLog.count()).toBe(written.length);
    expect(await m.db.auditArchive.count()).toBe(0);
    expect((await m.verifyAuditLog()).problems).toEqual([]);
  });

  it("refuses to archive a partition whose entries fail verification, so archiving cannot hide tampering", async () => {
    const { january } = await seedHistory();
    await asSuperuser(fresh.superUrl, "UPDATE audit_logs SET action_description = 'rewritten' WHERE id = $1", [january[3]!.id]);
    await expect(m.retention.archiveExpiredPartitions({ now: NOW, archiveDir })).rejects.toThrow(/did not read back intact, so nothing was archived: Does not verify: entry .* a field was changed/);
    expect(await partitionExists("audit_logs_p202001")).toBe(true);
    expect(await m.db.auditArchive.count()).toBe(0);
    expect(fs.readdirSync(archiveDir)).toEqual([]);
    expect(await m.db.auditLog.count({ where: { actionType: "audit.retention_archived" } })).toBe(0);
  });

  it("refuses a `now` ahead of the database clock", async () => {
    await seedHistory();
    await expect(m.retention.archiveExpiredPartitions({ now: new Date(Date.now() + 86_400_000), archiveDir })).rejects.toThrow(/ahead of the database clock/);
  });

  it("still refuses DELETE, TRUNCATE, DROP and DETACH of audit rows outside the archive step", async () => {
    const { written } = await seedHistory();
    await m.retention.archiveExpiredPartitions({ now: NOW, archiveDir });
    const remaining = await m.db.auditLog.count();
    expect(remaining).toBe(written.length - 24 + 1);
    for (const statement of [
      "DELETE FROM audit_logs WHERE event_timestamp < '2020-04-01'",
      "DELETE FROM audit_logs_p202003",
      "TRUNCATE audit_logs_p202003",
      "DELETE FROM audit_archives",
      "UPDATE audit_archives SET file_sha256 = 'x'",
    ]) {
      await expect(sql(statement), statement).rejects.toThrow(/append-only/);
    }
    // Dropping or detaching a partition that has no archive record is refused by the
    // database itself (event triggers; the test server's role is a superuser).
    for (const statement of ["DROP TABLE audit_logs_p202003", "ALTER TABLE audit_logs DETACH PARTITION audit_logs_p202003", "DROP TABLE audit_logs"]) {
      await expect(sql(statement), statement).rejects.toThrow(/has not been archived|cannot be dropped/);
    }
    expect(await partitionExists("audit_logs_p202003")).toBe(true);
    expect(await m.db.auditLog.count()).toBe(remaining);
    expect((await m.verifyAuditLog()).problems).toEqual([]);
  });

  it("detects a tampered, forged or corrupted archive file", async () => {
    await seedHistory();
    const [archived] = (await m.retention.archiveExpiredPartitions({ now: NOW, archiveDir })).archived;
    const file = archived!.filePath;
    const original = fs.readFileSync(file);

    const files = await archiveFiles(file);

    // One entry's text changed inside the file, re-zipped.
    const lines = linesOf(files);
    lines[2] = lines[2]!.replace("created", "deleted");
    await rezip(new Map(files).set("entries.ndjson", Buffer.from(lines.map((l) => `${l}\n`).join(""))), file);
    const edited = await m.retention.verifyArchiveFile(file);
    expect(edited.ok).toBe(false);
    expect(edited.problems[0]).toMatch(/SHA-256 .* differs from the recorded/);
    expect(edited.problems[1]).toMatch(/entries.ndjson line 3\).*a field was changed/);

    // The forger also rewrites the recorded SHA-256 (as a superuser): the signature gives it away.
    await asSuperuser(fresh.superUrl, "UPDATE audit_archives SET file_sha256 = $1 WHERE partition = 'audit_logs_p202001'", [sha256Hex(file)]);
    const forged = await m.retention.verifyArchiveFile(file);
    expect(forged.ok).toBe(false);
    expect(forged.problems[0]).toMatch(/does not carry a valid signature/);
    await asSuperuser(fresh.superUrl, "UPDATE audit_archives SET file_sha256 = $1 WHERE partition = 'audit_logs_p202001'", [archived!.fileSha256]);

    // Dropping an entry from the file (and renumbering, and fixing the manifest's
    // count and hash) still breaks its chain, and the count the record signs.
    const shorter = linesOf(files).slice(1).map((l, i) => l.replace(/^\{"n":\d+,/, `{"n":${i + 1},`));
    const entries = Buffer.from(shorter.map((l) => `${l}\n`).join(""));
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    manifest.counts.entries = shorter.length;
    manifest.files["entries.ndjson"] = { sha256: createHash("sha256").update(entries).digest("hex"), bytes: entries.length };
    await rezip(new Map(files).set("entries.ndjson", entries).set("manifest.json", Buffer.from(JSON.stringify(manifest))), file);
    const missing = await m.retention.verifyArchiveFile(file);
    expect(missing.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/SHA-256/),
        expect.stringMatching(/chain 0: position 2 follows position 0/),
        expect.stringMatching(/holds 23 entries; the record says 24/),
      ]),
    );

    // Truncated bytes.
    fs.writeFileSync(file, original.subarray(0, original.length - 20));
    const truncated = await m.retention.verifyArchiveFile(file);
    expect(truncated.ok).toBe(false);
    expect(truncated.problems.join("\n")).toMatch(/SHA-256[\s\S]*Cannot read the bundle/);

    // Restored, it verifies again.
    fs.writeFileSync(file, original);
    expect((await m.retention.verifyArchiveFile(file)).ok).toBe(true);

    // An archive of the earlier format (gzip JSON lines, every column as row_to_json
    // printed it), recorded and signed as the archive job used to: still verified.
    const legacy = path.join(archiveDir, "audit_logs_p202001.jsonl.gz");
    const legacyLines = (await readArchive(file)).map((e) => JSON.stringify({
      ...fieldsOf(e), chain_id: e.chain, chain_seq: Number(e.seq), event_timestamp: e.time,
      content_hash: `\\x${createHash("sha256").update(contentFraming(recordFields(e.row))).digest("hex")}`, entry_hash: `\\x${e.entryHash}`,
    }));
    fs.writeFileSync(legacy, gzipSync(legacyLines.map((l) => `${l}\n`).join("")));
    const record = await m.db.auditArchive.findUniqueOrThrow({ where: { partition: "audit_logs_p202001" } });
    const legacyRecord = { ...record, filePath: legacy, fileSha256: sha256Hex(legacy), chainEnds: record.chainEnds as never };
    const signature = m.keys.auditSigner().sign(m.archivePayload(legacyRecord));
    await asSuperuser(fresh.superUrl, "UPDATE audit_archives SET file_path = $1, file_sha256 = $2, signature = $3 WHERE partition = 'audit_logs_p202001'", [legacy, legacyRecord.fileSha256, signature]);
    expect(await m.retention.verifyArchiveFile(legacy)).toMatchObject({ ok: true, rowCount: 24, problems: [] });
    const damaged = gunzipSync(fs.readFileSync(legacy)).toString("utf8").split("\n");
    damaged.splice(0, 1);
    fs.writeFileSync(legacy, gzipSync(damaged.join("\n")));
    expect((await m.retention.verifyArchiveFile(legacy)).problems).toEqual(expect.arrayContaining([expect.stringMatching(/chain 0: position 2 follows position 0/)]));

    // A file no record names.
    const stray = path.join(archiveDir, "stray.zip");
    fs.writeFileSync(stray, original);
    expect((await m.retention.verifyArchiveFile(stray)).problems).toEqual(["No archive record names this file"]);
  });
});
