import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asSuperuser, auditModules, freshDatabaseWith, sqlAs, type FreshDatabase } from "@/test/fresh-database";
import { genesisHash } from "./canonical";

// The audit log's promise against whoever holds the app's own database login (the
// runtime role), and what verify proves against someone with more: a superuser who
// can rewrite any row but holds no signing key.

async function modules() {
  return {
    ...(await auditModules()),
    runAuditMaintenance: (await import("./maintenance")).runAuditMaintenance,
    signing: await import("./signing"),
    records: await import("./signed-records"),
  };
}

let fresh: FreshDatabase;
let m: Awaited<ReturnType<typeof modules>>;

beforeEach(async () => {
  ({ fresh, m } = await freshDatabaseWith(modules));
});
afterEach(() => fresh.drop());

async function writeEntries(n: number) {
  for (let i = 0; i < n; i++) {
    await m.auditedTransaction(async (tx, audit) => {
      const d = await tx.department.create({ data: { name: `Dept ${i} ${Math.random()}` } });
      audit.record({ eventType: "create", category: "user_management", actionType: "department.created", description: `Department ${i} created`, actor: m.systemActor("test"), object: { type: "department", id: d.id } });
    });
  }
}

const runtime = (sql: string, params: unknown[] = []) => sqlAs(fresh.url, sql, params);

function currentPartition() {
  const now = new Date();
  return `audit_logs_p${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

describe("the app's database role", () => {
  it("is not a superuser and owns nothing", async () => {
    const { rows } = await runtime(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations,
              (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned_functions
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, owned_relations: 0, owned_functions: 0 });
  });

  it.each([
    ["UPDATE audit_logs SET action_description = 'edited'", /permission denied/],
    ["DELETE FROM audit_logs", /permission denied/],
    ["TRUNCATE audit_logs", /permission denied/],
    ["INSERT INTO audit_logs (id, event_type, event_category, action_type, action_description, module_name, object_type, chain_id, chain_seq, content_hash, entry_hash) VALUES (gen_random_uuid(), 'create', 'data', 'x', 'x', 'x', 'x', 0, 1, '\\x00', '\\x00')", /permission denied/],
    ["ALTER TABLE audit_logs DISABLE TRIGGER ALL", /must be owner/],
    ["ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only", /must be owner/],
    ["SET session_replication_role = replica", /permission denied to set parameter/],
    ["DROP TABLE {partition}", /must be owner/],
    ["ALTER TABLE audit_logs DETACH PARTITION {partition}", /must be owner/],
    ["INSERT INTO audit_checkpoints (heads, total_entries, key_id, algorithm, signature) VALUES ('[]', 0, 'k', 'ed25519', 'x')", /permission denied/],
    ["INSERT INTO audit_archives (partition, range_start, range_end, row_count, file_path, file_sha256, chain_ends, key_id, algorithm, signature) VALUES ('audit_logs_p202001', now(), now(), 0, 'f', 'x', '[]', 'k', 'ed25519', 'x')", /permission denied/],
    ["UPDATE audit_chain_heads SET last_seq = last_seq + 1", /permission denied/],
    ["DELETE FROM audit_checkpoints", /permission denied/],
    ["UPDATE audit_sessions SET user_email = 'x'", /permission denied/],
    ["ALTER EVENT TRIGGER audit_partition_drop_guard DISABLE", /must be owner/],
    ["CREATE TABLE scratch (id int)", /permission denied for schema public/],
  ])("cannot %s", async (statement, refusal) => {
    await writeEntries(1);
    await expect(runtime(statement.replaceAll("{partition}", currentPartition()))).rejects.toThrow(refusal);
    expect(await m.db.auditLog.count()).toBe(1);
  });

  it("cannot record a checkpoint whose heads are not the real chain heads, even with the signing key", async () => {
    await writeEntries(3);
    const heads = (await runtime("SELECT chain_id, last_seq::text, encode(last_hash, 'hex') AS hash FROM audit_chain_heads ORDER BY chain_id")).rows as Array<{ chain_id: number; last_seq: string; hash: string }>;
    const fake = heads.map((h) => ({ chainId: h.chain_id, seq: h.last_seq, hash: h.last_seq === "0" ? h.hash : "00".repeat(32) }));
    const total = heads.reduce((s, h) => s + Number(h.last_seq), 0);
    const base = heads.map((h) => ({ chainId: h.chain_id, seq: "0", hash: genesisHash(h.chain_id).toString("hex") }));
    const RECORD_CHECKPOINT = "SELECT audit_record_checkpoint($1::jsonb, $2, now(), 'ed25519:x', 'ed25519', NULL, NULL, NULL, NULL, $3, $4, $5, $6::jsonb)";
    await expect(
      runtime(RECORD_CHECKPOINT, [JSON.stringify(fake), total, "s".repeat(64), total, "0".repeat(64), JSON.stringify(base)]),
    ).rejects.toThrow(/does not hold that hash/);
    await expect(
      runtime(RECORD_CHECKPOINT, [JSON.stringify(fake.slice(1)), total, "s".repeat(64), total, "0".repeat(64), JSON.stringify(base)]),
    ).rejects.toThrow(/every chain once/);
    expect(await m.db.auditCheckpoint.count()).toBe(0);
  });

  it("cannot archive a partition that holds live entries, nor one whose rows the record does not describe", async () => {
    await writeEntries(2);
    const partition = currentPartition();
    const args = [partition, "/tmp/x.jsonl.gz", "a".repeat(64), 2, "[]", "ed25519:x", "ed25519", "s".repeat(64)];
    const call = "SELECT audit_record_archive($1, $2, $3, $4, $5::jsonb, now(), $6, $7, $8)";
    await expect(runtime(call, args)).rejects.toThrow(/has not ended/);
    await expect(runtime(call, ["audit_logs_p202001; DROP TABLE users", ...args.slice(1)])).rejects.toThrow(/not an audit partition name/);
    expect(await m.db.auditArchive.count()).toBe(0);
    expect(await m.db.auditLog.count()).toBe(2);
  });
});

describe("verify against a superuser without the signing key", () => {
  it("names a forged archive record that hides a dropped partition (it used to report intact)", async () => {
    await writeEntries(4);
    await m.createCheckpoint();
    const partition = currentPartition();
    // The attack of the issue: an archive record naming the live partition, with the
    // current chain heads as its chain ends and any signature; then the partition goes.
    const heads = (await sqlAs(fresh.superUrl, "SELECT chain_id, last_seq::text, encode(last_hash, 'hex') AS hash FROM audit_chain_heads WHERE last_seq > 0 ORDER BY chain_id")).rows as Array<{ chain_id: number; last_seq: string; hash: string }>;
    const ends = heads.map((h) => ({ chainId: h.chain_id, seq: h.last_seq, hash: h.hash }));
    await asSuperuser(
      fresh.superUrl,
      `BEGIN;
       INSERT INTO audit_archives (partition, range_start, range_end, row_count, file_path, file_sha256, chain_ends, key_id, algorithm, signature)
         VALUES ('${partition}', date_trunc('month', now()), date_trunc('month', now()) + interval '1 month', 4, '/dev/null', '${"0".repeat(64)}', '${JSON.stringify(ends)}', 'k1', 'hmac-sha256', 'anything');
       DROP TABLE ${partition};
       COMMIT;`,
    );
    expect(await m.db.auditLog.count()).toBe(0);
    const report = await m.verifyAuditLog();
    expect(report.status).toBe("broken");
    expect(report.firstProblem).toMatchObject({ kind: "archive_forged" });
    expect(report.summary).toMatch(/^Broken: archive forged\. Forged archive record #1 \(audit_logs_p\d{6}\)/);
    expect(report.problems.some((p) => p.kind === "entry_missing")).toBe(true);
  });

  it("names a deleted newest checkpoint, and a deleted checkpoint between two others", async () => {
    await writeEntries(2);
    const first = await m.runAuditMaintenance({ force: true });
    await writeEntries(1);
    const second = await m.runAuditMaintenance({ force: true });
    await writeEntries(1);
    const third = await m.runAuditMaintenance({ force: true });
    const ids = [first, second, third].map((r) => (r.ran ? r.checkpointId : null));
    expect(ids).toEqual([1n, 2n, 3n]);
    expect((await m.verifyAuditLog()).status).toBe("intact");

    await asSuperuser(fresh.superUrl, "DELETE FROM audit_checkpoints WHERE id = 3");
    const newestGone = await m.verifyAuditLog();
    expect(newestGone.status).toBe("broken");
    expect(newestGone.firstProblem).toMatchObject({ kind: "checkpoint_missing" });
    expect(newestGone.firstProblem!.detail).toMatch(/^Checkpoint #3 is missing: it was issued and recorded in the audit log/);

    await asSuperuser(fresh.superUrl, "DELETE FROM audit_checkpoints WHERE id = 1");
    const middleGone = await m.verifyAuditLog();
    expect(middleGone.problems.filter((p) => p.kind === "checkpoint_missing").map((p) => p.detail)).toEqual([
      expect.stringMatching(/^Checkpoint #1 is missing: checkpoint #2 names it as the one before it/),
      expect.stringMatching(/^Checkpoint #3 is missing/),
    ]);
  });

  it("reports a non-empty log with no valid checkpoint as not yet verifiable, not intact", async () => {
    await writeEntries(2);
    const report = await m.verifyAuditLog();
    expect(report).toMatchObject({ ok: false, status: "unverifiable", problems: [] });
    const { VERIFY_EXIT_CODES } = await import("./verify-report");
    expect(VERIFY_EXIT_CODES[report.status]).toBe(3);
    expect((await m.verifyAuditLog()).summary).toMatch(/^Not yet verifiable: 2 entries/);
  });

  it("reports an old newest checkpoint as stale", async () => {
    await writeEntries(1);
    await m.createCheckpoint();
    expect((await m.verifyAuditLog({ now: new Date(Date.now() + 119 * 60_000) })).status).toBe("intact");
    const later = await m.verifyAuditLog({ now: new Date(Date.now() + 121 * 60_000) });
    expect(later.status).toBe("stale");
    expect(later.summary).toMatch(/^Stale: 1 entries intact through checkpoint #1, but the newest checkpoint #1 is from .* older than twice the 60-minute checkpoint interval/);
  });

  it("catches entries cut off a chain's end with its head moved back, against the signed totals", async () => {
    await m.auditedTransaction(async (tx, audit) => {
      await tx.department.create({ data: { name: "Bulk" } });
      for (let i = 0; i < 3; i++) audit.record({ eventType: "create", category: "data", actionType: "department.touched", description: `touch ${i}`, actor: m.systemActor("test"), object: { type: "department" } });
    });
    await m.createCheckpoint();
    const [last] = await m.db.auditLog.findMany({ orderBy: { chainSeq: "desc" }, take: 1 });
    const [before] = await m.db.auditLog.findMany({ where: { chainId: last!.chainId, chainSeq: last!.chainSeq - 1n } });
    await asSuperuser(fresh.superUrl, "DELETE FROM audit_logs WHERE id = $1", [last!.id]);
    await asSuperuser(fresh.superUrl, "UPDATE audit_chain_heads SET last_seq = last_seq - 1, last_hash = $2 WHERE chain_id = $1", [last!.chainId, before!.entryHash]);
    const report = await m.verifyAuditLog();
    expect(report.firstProblem).toMatchObject({ kind: "entry_missing", chainId: last!.chainId, chainSeq: last!.chainSeq.toString() });
  });
});

describe("signing keys", () => {
  it("verifies old checkpoints after a rotation with the retired public key, and names them without it", async () => {
    const oldKey = m.signing.signerFrom(m.signing.generateSigningKey().privateKey);
    const newKey = m.signing.signerFrom(m.signing.generateSigningKey().privateKey);
    await writeEntries(2);
    await m.createCheckpoint({ signer: oldKey });
    await writeEntries(1);
    await m.createCheckpoint({ signer: newKey });
    const both = m.signing.makeKeyring({ publicKeys: [oldKey.publicKey, newKey.publicKey] });
    expect((await m.verifyAuditLog({ keyring: both })).summary).toBe("Intact: 3 entries through checkpoint #2");
    const onlyNew = await m.verifyAuditLog({ keyring: m.signing.makeKeyring({ publicKeys: [newKey.publicKey] }) });
    expect(onlyNew.firstProblem).toMatchObject({ kind: "checkpoint_key_unknown" });
    expect(onlyNew.firstProblem!.detail).toContain(`Checkpoint #1 is signed with key ${oldKey.keyId}`);
  });

  it("keeps verifying checkpoints signed with the old HMAC key, under their key id, before and after the first Ed25519 one", async () => {
    await writeEntries(2);
    // A checkpoint as the HMAC version wrote it (v1 payload), by the owner as that version did.
    const heads = (await runtime("SELECT chain_id, last_seq::text, encode(last_hash, 'hex') AS hash FROM audit_chain_heads ORDER BY chain_id")).rows as Array<{ chain_id: number; last_seq: string; hash: string }>;
    const record = {
      heads: heads.map((h) => ({ chainId: h.chain_id, seq: h.last_seq, hash: h.hash })),
      totalEntries: "2", createdAt: new Date(Date.now() - 60_000), keyId: "k1", algorithm: "hmac-sha256",
      previousId: null, previousSignature: null, archiveId: null, archiveSignature: null,
    };
    const hmacKey = "h".repeat(40);
    const signature = m.signing.hmacSign(hmacKey, m.records.checkpointPayload(record));
    await sqlAs(fresh.ownerUrl, "INSERT INTO audit_checkpoints (created_at, heads, total_entries, key_id, algorithm, signature) VALUES ($1, $2::jsonb, 2, 'k1', 'hmac-sha256', $3)", [record.createdAt, JSON.stringify(record.heads), signature]);
    const ed = m.signing.signerFrom(m.signing.generateSigningKey().privateKey);
    await writeEntries(1);
    await m.createCheckpoint({ signer: ed });
    const cp2 = await m.db.auditCheckpoint.findUniqueOrThrow({ where: { id: 2n } });
    expect(cp2).toMatchObject({ algorithm: "ed25519", previousId: 1n, previousSignature: signature });

    const full = m.signing.makeKeyring({ publicKeys: [ed.publicKey], hmac: { keyId: "k1", key: hmacKey } });
    expect((await m.verifyAuditLog({ keyring: full })).status).toBe("intact");
    // With the public key alone the HMAC checkpoint cannot be checked: a note, not damage.
    const publicOnly = await m.verifyAuditLog({ keyring: m.signing.makeKeyring({ publicKeys: [ed.publicKey] }) });
    expect(publicOnly.status).toBe("intact");
    expect(publicOnly.notes).toEqual([expect.stringMatching(/^Checkpoint #1 is HMAC-signed/)]);
    // A wrong HMAC key still finds it forged.
    const wrong = m.signing.makeKeyring({ publicKeys: [ed.publicKey], hmac: { keyId: "k1", key: "w".repeat(40) } });
    expect((await m.verifyAuditLog({ keyring: wrong })).firstProblem).toMatchObject({ kind: "checkpoint_signature_invalid" });
  });
});

describe("npm run audit:verify", () => {
  const root = path.resolve(import.meta.dirname, "..", "..", "..");
  function verifyCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      // Only the database URL and the key file: no app secrets, no private key.
      execFile(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], { cwd: root, env: { PATH: process.env.PATH!, ...env } as unknown as NodeJS.ProcessEnv, timeout: 50_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: `${stdout}${stderr}` });
      });
    });
  }

  it("verifies with only the public key, and exits non-zero naming a forged archive record", { timeout: 60_000 }, async () => {
    const { auditSigner } = await import("./keys");
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-key-")), "audit-public-key.pem");
    fs.writeFileSync(keyFile, m.signing.publicKeyPem(auditSigner().publicKey));
    await writeEntries(3);
    await m.runAuditMaintenance({ force: true });

    const intact = await verifyCli(["--public-key", keyFile], { DATABASE_URL: fresh.url });
    expect(intact.out).toMatch(/Intact: 4 entries through checkpoint #1/);
    expect(intact.code).toBe(0);

    const stranger = path.join(path.dirname(keyFile), "other.pem");
    fs.writeFileSync(stranger, m.signing.generateSigningKey().publicKeyPem);
    const wrongKey = await verifyCli(["--public-key", stranger], { DATABASE_URL: fresh.url });
    expect(wrongKey.out).toMatch(/Broken: checkpoint key unknown/);
    expect(wrongKey.code).toBe(1);

    const partition = currentPartition();
    await asSuperuser(fresh.superUrl, `BEGIN; INSERT INTO audit_archives (partition, range_start, range_end, row_count, file_path, file_sha256, chain_ends, key_id, algorithm, signature)
      SELECT '${partition}', date_trunc('month', now()), date_trunc('month', now()) + interval '1 month', 4, '/dev/null', repeat('0', 64),
             jsonb_agg(jsonb_build_object('chainId', chain_id, 'seq', last_seq::text, 'hash', encode(last_hash, 'hex'))), '${auditSigner().keyId}', 'ed25519', 'forged'
        FROM audit_chain_heads WHERE last_seq > 0;
      DROP TABLE ${partition}; COMMIT;`);
    const forged = await verifyCli(["--public-key", keyFile], { DATABASE_URL: fresh.url });
    expect(forged.out).toMatch(/Broken: archive forged\. Forged archive record #1 \(audit_logs_p\d{6}\)/);
    expect(forged.code).toBe(1);
    fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  });

  it("needs only the database and public keys; says in one line what is missing (issue 25: it died asking for AUTH_SECRET)", { timeout: 60_000 }, async () => {
    const { auditSigner } = await import("./keys");
    await writeEntries(2);
    await m.runAuditMaintenance({ force: true });
    // Another database, as the README describes: its URL and its public keys, nothing else.
    const publicKeys = m.signing.publicKeyPem(auditSigner().publicKey);
    const intact = await verifyCli([], { DATABASE_URL: fresh.url, AUDIT_PUBLIC_KEYS: publicKeys });
    expect(intact.out).toMatch(/^Intact: /m);
    expect(intact.out).not.toMatch(/AUTH_SECRET|Invalid environment/);
    expect(intact.code).toBe(0);

    const noKey = await verifyCli([], { DATABASE_URL: fresh.url });
    expect(noKey.out.trim()).toBe("No key to verify checkpoints with: set AUDIT_PUBLIC_KEYS (the PEM public keys), or pass --public-key FILE.");
    expect(noKey.code).toBe(2);

    const badKey = await verifyCli([], { DATABASE_URL: fresh.url, AUDIT_PUBLIC_KEYS: "not a key" });
    expect(badKey.out.trim().split("\n")).toHaveLength(1);
    expect(badKey.code).toBe(2);

    const unreachable = await verifyCli([], { DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none", AUDIT_PUBLIC_KEYS: publicKeys });
    expect(unreachable.out.trim()).toMatch(/^Cannot read the audit log at postgres:\/\/nobody:•••@127\.0\.0\.1:1\/none: /);
    expect(unreachable.out).not.toContain("secret");
    expect(unreachable.out.trim().split("\n")).toHaveLength(1);
    expect(unreachable.code).toBe(5);
  });
});
