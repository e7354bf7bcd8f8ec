import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { exportAuditLog } from "@/lib/audit/search/export";
import { parseQuery } from "@/lib/audit/search/parse";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { createCheckpoint } from "@/lib/audit/integrity/checkpoint";
import { generateSigningKey, keyIdOf, publicKeyPem, signerFrom } from "@/lib/audit/integrity/signing";
import { checkpointPayload as libCheckpointPayload } from "@/lib/audit/integrity/signed-records";
import { db } from "@/lib/db";
import { createAuditSearchPeople, REQUEST } from "@/test/factories";
import { bundleFiles, checkpointPayload, contentFraming, HASHED_COLUMNS, verifyBundle } from "./verify-bundle.mjs";

// Evidence bundles, checked the way an outside auditor checks them: with the verifier
// alone and the public key, no database. Then each way of tampering with a bundle must
// make it fail, naming the place.

let people: Awaited<ReturnType<typeof createAuditSearchPeople>>;
let dir: string;
let publicKey: string;
let auditorBundle: string;

async function write(n: number, actor: typeof people.employee, o: { sensitive?: boolean; tag?: string } = {}) {
  await auditedTransaction(async (_tx, audit) => {
    for (let i = 0; i < n; i++) {
      audit.record({
        eventType: "update", category: o.sensitive ? "data" : "user_management", actionType: `bundle.${o.tag ?? "test"}`,
        description: `Bundle test ${o.tag ?? "entry"} ${i}, with "quotes", commas, and (parentheses)`,
        actor: actorFromUser(actor.actor), context: REQUEST,
        object: { type: "bundle_test", id: `${o.tag ?? "t"}-${i}`, name: `Record ${i}` },
        subjectUserId: actor.user.id,
        // salary is a sensitive key: the writer stores it masked ("••••••", multi-byte).
        before: { salary: 1000 + i, grade: i, note: null }, after: { salary: 1100 + i, grade: i + 1, note: "raised ✓" },
        isSensitive: o.sensitive ?? false,
      });
    }
  });
}

async function bundleOf(actor: typeof people.auditor, q: string, file: string): Promise<string> {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(String(parsed.error));
  const out = exportAuditLog({ ...actor.ctx, ast: parsed.ast, format: "bundle" });
  expect(out.contentType).toBe("application/zip");
  expect(out.filename).toMatch(/^audit-evidence-.*\.zip$/);
  const bytes = Buffer.from(await new Response(out.body).arrayBuffer());
  expect(await out.finished).toBe("completed");
  const target = path.join(dir, file);
  await fs.writeFile(target, bytes);
  return target;
}

/** The bundle unzipped into a folder, with `change` applied to its files first. */
async function tampered(name: string, change: (files: Map<string, Buffer>) => void): Promise<string> {
  const files = await bundleFiles(auditorBundle);
  change(files);
  const folder = path.join(dir, name);
  await fs.mkdir(folder);
  for (const [file, content] of files) await fs.writeFile(path.join(folder, file), content);
  return folder;
}

/** A row (a record as PostgreSQL prints it) read back into its fields by name. */
function rowFields(row: string): Record<string, string | null> {
  const texts: Array<string | null> = [];
  let at = 1;
  while (at < row.length) {
    if (row[at] === '"') {
      let text = "";
      for (at++; ; at++) {
        if ((row[at] === '"' && row[at + 1] === '"') || (row[at] === "\\" && row[at + 1] === "\\")) text += row[++at];
        else if (row[at] === '"') break;
        else text += row[at];
      }
      texts.push(text);
      at += 2; // the closing quote and the comma (or the closing parenthesis)
    } else {
      const end = row.indexOf(",", at) < 0 ? row.length - 1 : row.indexOf(",", at);
      texts.push(end === at ? null : row.slice(at, end));
      at = end + 1;
    }
  }
  if (row.endsWith(",)")) texts.push(null);
  expect(texts).toHaveLength(HASHED_COLUMNS.length);
  expect(contentFraming(texts)).toBe(row);
  return Object.fromEntries(HASHED_COLUMNS.map((c, i) => [c, texts[i]!]));
}

const entryLines = (files: Map<string, Buffer>) => files.get("entries.ndjson")!.toString("utf8").split("\n").filter(Boolean);
const setLines = (files: Map<string, Buffer>, lines: string[]) => files.set("entries.ndjson", Buffer.from(lines.map((l) => `${l}\n`).join("")));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "bundle-test-"));
  publicKey = publicKeyPem(signerFrom(process.env.AUDIT_SIGNING_KEY!).publicKey);
  people = await createAuditSearchPeople();
  // Spread over several checkpoints and more than one 1,024-leaf block.
  await write(700, people.peer, { tag: "first" });
  await createCheckpoint();
  await write(600, people.employee, { tag: "second" });
  await write(20, people.employee, { tag: "secret", sensitive: true });
  await createCheckpoint();
  await write(30, people.outsider, { tag: "third" });
  await createCheckpoint(); // the scheduled maintenance signs; the web app does not
  auditorBundle = await bundleOf(people.auditor, "action:bundle.*", "auditor.zip");
}, 120_000);

describe("an evidence bundle", () => {
  it("verifies offline with only the public key, every entry of the search in it", async () => {
    const result = await verifyBundle(auditorBundle, { publicKeys: publicKey });
    expect(result.lines.join("\n")).toMatch(/^Verified: 1,350 entries/);
    expect(result).toMatchObject({ code: 0, entries: 1350, masked: 0, notYetProvable: 0 });
    const expected = await db.auditLog.count({ where: { actionType: { startsWith: "bundle." } } });
    expect(expected).toBe(1350);
    const newest = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" } });
    expect(result.checkpointId).toBe(newest!.id.toString());
  });

  it("holds the manifest, the checkpoint, the keys, VERIFY.md and the verifier itself", async () => {
    const files = await bundleFiles(auditorBundle);
    expect([...files.keys()].sort()).toEqual(["VERIFY.md", "checkpoint.json", "entries.ndjson", "manifest.json", "public-keys.pem", "upper-paths.ndjson", "verify-bundle.mjs"]);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest).toMatchObject({ search: { query: "action:bundle.*" }, counts: { entries: 1350 }, viewer: { id: people.auditor.user.id, role: "auditor" } });
    expect(files.get("VERIFY.md")!.toString()).toContain("node verify-bundle.mjs --public-key");
    expect(files.get("verify-bundle.mjs")!.toString()).toBe(await fs.readFile("lib/audit/evidence/verify-bundle.mjs", "utf8"));
    // The verifier's checkpoint payload is the app's own.
    const cp = JSON.parse(files.get("checkpoint.json")!.toString());
    expect(checkpointPayload(cp)).toEqual(libCheckpointPayload({ ...cp, createdAt: new Date(cp.createdAt) }));
  });

  it("is verified by the bundled verifier run as a command, exit 0, and exit 1 when tampered", async () => {
    const run = promisify(execFile);
    const keyFile = path.join(dir, "key.pem");
    await fs.writeFile(keyFile, publicKey);
    const ok = await run(process.execPath, ["lib/audit/evidence/verify-bundle.mjs", auditorBundle, "--public-key", keyFile]);
    expect(ok.stdout).toMatch(/Verified: 1,350 entries/);
    const folder = await tampered("cli", (files) => {
      const lines = entryLines(files);
      setLines(files, [...lines.slice(0, 10), ...lines.slice(11)]);
    });
    const bad = await run(process.execPath, [path.join(folder, "verify-bundle.mjs"), "--public-key", keyFile]).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/line 11\): entry #11 of the bundle is missing here \(this line is #12\): a line was removed/);
  });

  it("fails on one changed field, naming the entry", async () => {
    const folder = await tampered("field", (files) => {
      const lines = entryLines(files);
      const e = JSON.parse(lines[41]!);
      e.row = e.row.replace("Bundle test", "Nothing happened in");
      lines[41] = JSON.stringify(e);
      setLines(files, lines);
    });
    const id = JSON.parse(entryLines(await bundleFiles(folder))[41]!).id;
    const result = await verifyBundle(folder, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toContain(`entry ${id} (entries.ndjson line 42)`);
    expect(result.lines[0]).toMatch(/a field was changed/);
  });

  it("gives the same verdicts checked on worker threads, the first failing line first", async () => {
    expect(await verifyBundle(auditorBundle, { publicKeys: publicKey, threads: 2 })).toMatchObject({ code: 0, entries: 1350 });
    // Two changed entries in different batches of lines: the earlier one is named.
    const folder = await tampered("threads", (files) => {
      const lines = entryLines(files);
      for (const at of [1300, 41]) {
        const e = JSON.parse(lines[at]!);
        e.row = e.row.replace(/"Record \d+"/, "Changed");
        lines[at] = JSON.stringify(e);
      }
      setLines(files, lines);
    });
    for (const threads of [0, 1, 3]) {
      const result = await verifyBundle(folder, { publicKeys: publicKey, threads, batchLines: 100 });
      expect(result.code, `threads ${threads}`).toBe(1);
      expect(result.lines[0], `threads ${threads}`).toMatch(/\(entries.ndjson line 42\): its row, time and previous hash do not hash to its entry hash: a field was changed/);
    }
  });

  it("fails on a deleted line and on an added line", async () => {
    const deleted = await tampered("deleted", (files) => setLines(files, entryLines(files).slice(0, -1)));
    expect((await verifyBundle(deleted, { publicKeys: publicKey })).lines[0]).toMatch(/holds 1349 entries, the manifest lists 1350: entries were removed/);
    const added = await tampered("added", (files) => {
      const lines = entryLines(files);
      setLines(files, [...lines.slice(0, 5), lines[4]!, ...lines.slice(5)]);
    });
    const result = await verifyBundle(added, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/line 6\): this line is #5 but it stands at #6: a line was added/);
  });

  it("fails on a proof taken from another entry", async () => {
    const folder = await tampered("proof", (files) => {
      const lines = entryLines(files);
      const [a, b] = [JSON.parse(lines[100]!), JSON.parse(lines[900]!)];
      a.proof = b.proof;
      lines[100] = JSON.stringify(a);
      setLines(files, lines);
    });
    const result = await verifyBundle(folder, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/line 101\): its inclusion proof does not lead .* its proof belongs to another entry/);
  });

  it("fails on a proof from the entry next to it in the tree, and on a proof that is not base64 hashes", async () => {
    // Leaves i and i ^ 1 share every proof hash but their first: each one's own first hash must be checked.
    const lines = entryLines(await bundleFiles(auditorBundle)).map((l) => JSON.parse(l));
    const at = lines.findIndex((e, i) => i > 0 && lines.some((o) => Number(o.leaf) === (Number(e.leaf) ^ 1) && o.n < e.n));
    const mate = lines.find((o) => Number(o.leaf) === (Number(lines[at].leaf) ^ 1))!;
    const swapped = await tampered("mate", (files) => {
      const all = entryLines(files);
      const e = JSON.parse(all[at]!);
      e.proof = mate.proof;
      all[at] = JSON.stringify(e);
      setLines(files, all);
    });
    const result = await verifyBundle(swapped, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toContain(`(entries.ndjson line ${at + 1}): its inclusion proof does not lead`);

    const garbled = await tampered("garbled", (files) => {
      const all = entryLines(files);
      const e = JSON.parse(all[7]!);
      e.proof = `${e.proof.slice(0, 10)}!${e.proof.slice(11)}`;
      all[7] = JSON.stringify(e);
      setLines(files, all);
    });
    expect((await verifyBundle(garbled, { publicKeys: publicKey })).lines[0]).toMatch(/line 8\): its inclusion proof does not lead/);
  });

  it("fails on a changed shared path, naming an entry that needs it, even with the manifest's hash changed to match", async () => {
    const folder = await tampered("page", (files) => {
      const upper = files.get("upper-paths.ndjson")!.toString().split("\n").filter(Boolean);
      expect(upper.some((l) => l.startsWith('{"page":'))).toBe(true);
      expect(upper.some((l) => l.startsWith('{"block":'))).toBe(true);
      const at = upper.findIndex((l) => l.startsWith('{"page":'));
      const u = JSON.parse(upper[at]!);
      // Its first hash, which the first entry of the page to be checked always uses (a
      // later hash may go unused when the walk meets a node already proven).
      u.path = `${Buffer.alloc(32, 7).toString("base64")}${u.path.slice(44)}`;
      upper[at] = JSON.stringify(u);
      const text = Buffer.from(upper.map((l) => `${l}\n`).join(""));
      files.set("upper-paths.ndjson", text);
      const m = JSON.parse(files.get("manifest.json")!.toString());
      m.files["upper-paths.ndjson"].sha256 = createHash("sha256").update(text).digest("hex");
      files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    });
    const result = await verifyBundle(folder, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/\(entries.ndjson line \d+\): its inclusion proof does not lead/);
  });

  it("fails on an id that is not the id its row begins with", async () => {
    const folder = await tampered("id", (files) => {
      const all = entryLines(files);
      const e = JSON.parse(all[3]!);
      e.id = JSON.parse(all[4]!).id;
      all[3] = JSON.stringify(e);
      setLines(files, all);
    });
    expect((await verifyBundle(folder, { publicKeys: publicKey })).lines[0]).toMatch(/line 4\): its id differs from the id its row begins with/);
  });

  it("fails on a checkpoint with a forged signature, on a changed manifest, and against another key", async () => {
    const forger = signerFrom(generateSigningKey().privateKey);
    const forged = await tampered("checkpoint", (files) => {
      const cp = JSON.parse(files.get("checkpoint.json")!.toString());
      cp.signature = forger.sign(checkpointPayload(cp));
      files.set("checkpoint.json", Buffer.from(JSON.stringify(cp)));
    });
    const result = await verifyBundle(forged, { publicKeys: publicKey });
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/checkpoint.json: checkpoint #\d+ does not carry a valid signature: it was forged/);

    const manifest = await tampered("manifest", (files) => {
      const m = JSON.parse(files.get("manifest.json")!.toString());
      m.files["entries.ndjson"].sha256 = "0".repeat(64);
      files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    });
    expect((await verifyBundle(manifest, { publicKeys: publicKey })).lines[0]).toMatch(/entries.ndjson: every entry verifies, but the file's SHA-256 differs from the manifest's/);

    // A checkpoint re-signed by someone else's key fails against the real one.
    const resigned = await tampered("resigned", (files) => {
      const cp = JSON.parse(files.get("checkpoint.json")!.toString());
      cp.keyId = keyIdOf(forger.publicKey);
      cp.signature = forger.sign(checkpointPayload(cp));
      const text = Buffer.from(JSON.stringify(cp));
      files.set("checkpoint.json", text);
      const m = JSON.parse(files.get("manifest.json")!.toString());
      m.files["checkpoint.json"].sha256 = createHash("sha256").update(text).digest("hex");
      files.set("manifest.json", Buffer.from(JSON.stringify(m)));
    });
    expect((await verifyBundle(resigned, { publicKeys: publicKey })).lines[0]).toMatch(/checkpoint #\d+ is signed with key ed25519:\w+, which is not among the public keys used/);
  });

  it("marks entries newer than the checkpoint not yet provable, verifies the rest, and exits 3", async () => {
    await write(7, people.outsider, { tag: "late" });
    const file = await bundleOf(people.auditor, "action:bundle.*", "late.zip");
    const result = await verifyBundle(file, { publicKeys: publicKey });
    expect(result).toMatchObject({ code: 3, entries: 1357, notYetProvable: 7 });
    expect(result.lines.at(-1)).toMatch(/^Not yet provable: 7 entries were written after checkpoint #\d+/);
    const late = entryLines(await bundleFiles(file)).map((l) => JSON.parse(l)).filter((e) => e.provable === false);
    expect(late).toHaveLength(7);
    expect(late.every((e) => rowFields(e.row).action_type === "bundle.late")).toBe(true);
    // After the next checkpoint they are proven.
    await createCheckpoint();
    const again = await verifyBundle(await bundleOf(people.auditor, "action:bundle.*", "later.zip"), { publicKeys: publicKey });
    expect(again).toMatchObject({ code: 0, entries: 1357, notYetProvable: 0 });
  });

  it("for an employee holds only their own entries, values masked, and still verifies", async () => {
    const file = await bundleOf(people.employee, "action:bundle.*", "employee.zip");
    const result = await verifyBundle(file, { publicKeys: publicKey });
    // The employee may not read sensitive entries' values: every entry here holds a
    // sensitive key, so all are masked for them, and all still verify.
    expect(result).toMatchObject({ code: 0, entries: 620, masked: 620 });
    const lines = entryLines(await bundleFiles(file)).map((l) => JSON.parse(l));
    expect(lines.every((e) => rowFields(e.row).user_id === people.employee.user.id)).toBe(true);
    const secret = lines.find((e) => e.masked);
    expect(rowFields(secret.row).new_values).toBe('{"note": "••••••", "grade": "••••••", "salary": "••••••"}');
    expect(secret.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The export is audited like every export.
    const exported = await db.auditLog.findFirst({ where: { actionType: "audit_log.exported", userId: people.employee.user.id }, orderBy: { eventTimestamp: "desc" } });
    expect(exported?.additionalData).toMatchObject({ format: "bundle", rowCount: 620, outcome: "completed" });
  });
});
