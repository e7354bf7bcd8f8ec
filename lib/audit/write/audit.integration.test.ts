import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asSuperuser, auditModules, freshDatabaseWith, type FreshDatabase } from "@/test/fresh-database";

let fresh: FreshDatabase;
let m: Awaited<ReturnType<typeof auditModules>>;

beforeEach(async () => {
  ({ fresh, m } = await freshDatabaseWith(auditModules));
});
afterEach(() => fresh.drop());

async function createDepartment(name: string, extra: { retentionMonths?: number; failAfter?: boolean } = {}) {
  return m.auditedTransaction(async (tx, audit) => {
    const d = await tx.department.create({ data: { name } });
    audit.record({
      eventType: "create",
      category: "user_management",
      actionType: "department.created",
      description: `Department ${name} created`,
      actor: m.systemActor("test"),
      object: { type: "department", id: d.id, name },
      after: { name },
      retentionMonths: extra.retentionMonths,
    });
    if (extra.failAfter) throw new Error("boom after the change");
    return d;
  });
}

async function writeEntries(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await createDepartment(`Dept ${i}`)).id);
  return m.db.auditLog.findMany({ orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
}

async function sql(text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: fresh.superUrl });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

describe("audit capture", () => {
  it("commits a change and its audit entry together", async () => {
    const d = await createDepartment("Legal");
    const entries = await m.db.auditLog.findMany({ where: { objectId: d.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actionType: "department.created", eventType: "create", userName: "System: test", riskLevel: "low" });
    expect(entries[0]!.newValues).toEqual({ name: "Legal" });
    expect(entries[0]!.changedFields).toEqual(["name"]);
  });

  it("rolls the change back when the audit entry cannot be written", async () => {
    await expect(createDepartment("Ghost", { retentionMonths: 6 })).rejects.toThrow(/between 12 and 120 months/);
    expect(await m.db.department.count({ where: { name: "Ghost" } })).toBe(0);
    expect(await m.db.auditLog.count()).toBe(0);
  });

  it("leaves no audit entry when the change rolls back", async () => {
    await expect(createDepartment("Phantom", { failAfter: true })).rejects.toThrow("boom");
    expect(await m.db.department.count({ where: { name: "Phantom" } })).toBe(0);
    expect(await m.db.auditLog.count()).toBe(0);
    // The chain did not move either, so nothing looks missing.
    expect((await m.verifyAuditLog()).problems).toEqual([]);
  });

  it("refuses a mutation that records no audit entry", async () => {
    await expect(m.auditedTransaction(async (tx) => tx.department.create({ data: { name: "Silent" } }))).rejects.toThrow(/no audit entry/);
    expect(await m.db.department.count({ where: { name: "Silent" } })).toBe(0);
  });

  it("masks sensitive values, drops secrets, and keeps the fact that both changed", async () => {
    await m.auditedTransaction(async (tx, audit) => {
      await tx.department.create({ data: { name: "Payroll" } });
      audit.record({
        eventType: "update", category: "payroll", actionType: "employee.compensation_changed",
        description: "Salary and bank account updated", actor: m.systemActor("test"),
        object: { type: "employee", id: "e-1", name: "Test Person" },
        before: { salary: 5000, bankAccount: "PK36SCBL0000001123456702", password: "old-secret", title: "Analyst" },
        after: { salary: 6000, bankAccount: "PK36SCBL0000009999999999", password: "new-secret", title: "Senior Analyst" },
      });
    });
    const [entry] = await m.db.auditLog.findMany({ where: { actionType: "employee.compensation_changed" } });
    const raw = JSON.stringify({ ...entry, chainSeq: String(entry!.chainSeq) });
    expect(raw).not.toContain("5000");
    expect(raw).not.toContain("PK36SCBL");
    expect(raw).not.toContain("old-secret");
    expect(raw).not.toContain("new-secret");
    expect(entry!.oldValues).toEqual({ salary: "••••••", bankAccount: "••••••", title: "Analyst" });
    expect(entry!.newValues).toEqual({ salary: "••••••", bankAccount: "••••••", title: "Senior Analyst" });
    expect(entry!.changedFields).toEqual(["bankAccount", "password (secret)", "salary", "title"]);
    expect(entry!.isSensitive).toBe(true);
    expect(entry!.riskLevel).toBe("high");
  });
});

describe("immutability in PostgreSQL", () => {
  beforeEach(async () => {
    await writeEntries(2);
    await m.db.auditSession.create({ data: { sessionId: "s-1", userName: "A", userEmail: "a@x.test", loginStatus: "success" } });
  });

  it.each([
    ["UPDATE audit_logs SET action_description = 'edited'"],
    ["DELETE FROM audit_logs"],
    ["TRUNCATE audit_logs"],
    // The partition the entries above went to: asked of the database, never a month
    // written here (a fixed month held only until the calendar moved on).
    ["UPDATE {partition} SET user_name = 'x'"],
    ["TRUNCATE {partition}"],
    ["DELETE FROM audit_sessions"],
    ["UPDATE audit_sessions SET user_email = 'someone-else@x.test'"],
    ["TRUNCATE data_access_logs"],
    ["UPDATE audit_chain_heads SET last_seq = 0"],
  ])("rejects %s", async (template) => {
    const { rows } = await sql("SELECT DISTINCT tableoid::regclass::text AS partition FROM audit_logs");
    expect(rows).toHaveLength(1);
    const partition = rows[0].partition as string;
    expect(partition).toMatch(/^audit_logs_p\d{6}$/);
    const statement = template.replace("{partition}", partition);
    await expect(sql(statement)).rejects.toThrow(/append-only|cannot be changed|only move forward/);
    expect(await m.db.auditLog.count()).toBe(2);
  });
});

describe("tamper evidence", () => {
  it("stays intact with many concurrent writers (positions past 9, one chain head lock each)", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, w) => (async () => {
      for (let i = 0; i < 12; i++) await createDepartment(`W${w}-${i}`);
    })()));
    const checkpoint = await m.createCheckpoint();
    const report = await m.verifyAuditLog();
    expect(report.summary).toBe(`Intact: 96 entries through checkpoint #${checkpoint.id}`);
    const heads = await m.db.auditChainHead.findMany();
    expect(heads.reduce((sum, h) => sum + h.lastSeq, 0n)).toBe(96n);
  });

  it("reports an intact chain through the newest signed checkpoint", async () => {
    await writeEntries(5);
    const checkpoint = await m.createCheckpoint();
    const report = await m.verifyAuditLog();
    expect(report.ok).toBe(true);
    expect(report.entriesChecked).toBe(5);
    expect(report.summary).toBe(`Intact: 5 entries through checkpoint #${checkpoint.id}`);
  });

  it("finds a superuser's edit at the exact entry", async () => {
    const entries = await writeEntries(5);
    const target = entries[2]!;
    await asSuperuser(fresh.superUrl, "UPDATE audit_logs SET action_description = 'nothing to see' WHERE id = $1", [target.id]);
    const report = await m.verifyAuditLog();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: "content_altered", entryId: target.id });
    expect(report.problems).toHaveLength(1);
  });

  it("finds a deleted entry at the entry after the gap", async () => {
    await writeEntries(2);
    // Three entries in one transaction land contiguously on one chain; delete the middle one.
    await m.auditedTransaction(async (tx, audit) => {
      const d = await tx.department.create({ data: { name: "Bulk" } });
      for (let i = 0; i < 3; i++) {
        audit.record({ eventType: "create", category: "data", actionType: "department.touched", description: `touch ${i}`, actor: m.systemActor("test"), object: { type: "department", id: d.id } });
      }
    });
    const bulk = await m.db.auditLog.findMany({ where: { actionType: "department.touched" }, orderBy: { chainSeq: "asc" } });
    await asSuperuser(fresh.superUrl, "DELETE FROM audit_logs WHERE id = $1", [bulk[1]!.id]);
    const report = await m.verifyAuditLog();
    expect(report.firstProblem).toMatchObject({ kind: "entry_missing", entryId: bulk[2]!.id, chainSeq: bulk[2]!.chainSeq.toString() });
  });

  it("finds a deleted last entry as missing at the end of its chain", async () => {
    const entries = await writeEntries(3);
    const last = entries[2]!;
    await asSuperuser(fresh.superUrl, "DELETE FROM audit_logs WHERE id = $1", [last.id]);
    const report = await m.verifyAuditLog();
    expect(report.firstProblem).toMatchObject({ kind: "entry_missing", chainId: last.chainId, chainSeq: last.chainSeq.toString() });
  });

  it("finds an inserted entry at the exact entry", async () => {
    const entries = await writeEntries(4);
    const victim = entries[1]!;
    // A forged row that claims the same chain position with a made-up hash.
    const forgedId = "0190d4c0-0000-7000-8000-000000000001";
    await asSuperuser(
      fresh.superUrl,
      `INSERT INTO audit_logs SELECT $1::uuid, event_timestamp, event_type, event_category, action_type, 'forged', module_name, user_id, user_name, user_email,
         user_role, user_department, session_id, ip_address, user_agent, object_type, object_id, object_name, subject_user_id, old_values, new_values,
         changed_fields, request_method, request_path, response_status, risk_level, is_sensitive, is_compliance_related, status, error_message, error_code,
         additional_data, tags, retention_months, chain_id, chain_seq, content_hash, sha256(entry_hash) FROM audit_logs WHERE id = $2`,
      [forgedId, victim.id],
    );
    const report = await m.verifyAuditLog();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.entryId)).toEqual([forgedId]);
    expect(report.firstProblem).toMatchObject({ kind: expect.stringMatching(/content_altered|entry_inserted/), entryId: forgedId });
  });

  it("finds reordered entries at the first moved entry", async () => {
    await writeEntries(2);
    // Three entries on one chain, from separate transactions.
    await m.auditedTransaction(async (tx, audit) => {
      await tx.department.create({ data: { name: "Chain" } });
      for (let i = 0; i < 3; i++) audit.record({ eventType: "update", category: "data", actionType: "department.touched", description: `step ${i}`, actor: m.systemActor("test"), object: { type: "department" } });
    });
    const [a, b] = await m.db.auditLog.findMany({ where: { actionType: "department.touched" }, orderBy: { chainSeq: "asc" } });
    await asSuperuser(fresh.superUrl, "UPDATE audit_logs SET chain_seq = CASE WHEN id = $1 THEN $4::bigint WHEN id = $2 THEN $3::bigint END WHERE id IN ($1, $2)", [a!.id, b!.id, a!.chainSeq.toString(), b!.chainSeq.toString()]);
    const report = await m.verifyAuditLog();
    expect(report.firstProblem).toMatchObject({ kind: "order_changed", entryId: b!.id, chainSeq: a!.chainSeq.toString() });
  });

  it("catches a rewrite that re-hashed the whole chain through the signed checkpoint", async () => {
    const entries = await writeEntries(3);
    await m.createCheckpoint();
    const { contentHashOfTexts, chainHash, genesisHash, HASHED_COLUMNS } = await import("../integrity/canonical");
    // Each column's own output text (booleans print as t/f), as the writer hashed it.
    const texts = HASHED_COLUMNS.map((c) => (c.startsWith("is_") ? `CASE WHEN ${c} THEN 't' ELSE 'f' END` : `${c}::text`)).join(", ");
    const target = entries[0]!;
    // The attacker edits the entry and recomputes every hash after it in its chain.
    await asSuperuser(fresh.superUrl, "UPDATE audit_logs SET action_description = 'rewritten' WHERE id = $1", [target.id]);
    const client = new pg.Client({ connectionString: fresh.superUrl });
    await client.connect();
    const { rows } = await client.query<Array<string | null>>({
      text: `SELECT ${texts}, chain_seq::text, event_timestamp FROM audit_logs WHERE chain_id = $1 ORDER BY chain_seq`,
      values: [target.chainId],
      rowMode: "array",
      types: { getTypeParser: (oid: number) => (oid === 1184 ? (v: string) => new Date(v) : (v: string) => v) } as never,
    });
    await client.end();
    let prev = genesisHash(target.chainId);
    for (const row of rows) {
      const content = contentHashOfTexts(row.slice(0, HASHED_COLUMNS.length));
      const entry = chainHash(prev, content, row[HASHED_COLUMNS.length + 1] as unknown as Date);
      await asSuperuser(fresh.superUrl, "UPDATE audit_logs SET content_hash = $2, entry_hash = $3 WHERE id = $1", [row[0], content, entry]);
      await asSuperuser(fresh.superUrl, "UPDATE audit_chain_heads SET last_hash = $2 WHERE chain_id = $1 AND last_seq = $3", [target.chainId, entry, row[HASHED_COLUMNS.length]]);
      prev = entry;
    }
    const report = await m.verifyAuditLog();
    expect(report.ok).toBe(false);
    expect(report.firstProblem?.kind).toBe("checkpoint_mismatch");
    expect(report.firstProblem?.chainId).toBe(target.chainId);
  });

  it("rejects a forged checkpoint", async () => {
    await writeEntries(2);
    const cp = await m.createCheckpoint();
    await asSuperuser(fresh.superUrl, "UPDATE audit_checkpoints SET total_entries = 99 WHERE id = $1", [cp.id.toString()]);
    const report = await m.verifyAuditLog();
    expect(report.firstProblem?.kind).toBe("checkpoint_signature_invalid");
  });
});
