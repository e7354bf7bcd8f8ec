import pg from "pg";
import { describe, expect, it } from "vitest";
import { checkIn, checkOut } from "@/lib/attendance/service";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatDate } from "@/lib/time";
import { auditFor, createUser } from "@/test/factories";
import { systemActor } from "./actor";
import { chainHash, contentHashOfTexts, genesisHash, HASHED_COLUMNS } from "../integrity/canonical";
import { auditedStatement } from "./statement";
import { verifyAuditLog } from "../integrity/verify";

// The tables' owner: the app's own role cannot create triggers on audit_logs.
async function asOwner(sql: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const entry = (id: string) => ({
  eventType: "create" as const,
  category: "user_management" as const,
  actionType: "department.created",
  description: "Department created",
  actor: systemActor("test"),
  object: { type: "department", id },
});

describe("auditedStatement", () => {
  it("commits the change and its entry together", async () => {
    const id = crypto.randomUUID();
    const { appended } = await auditedStatement(
      [{ name: "dept", requireRow: "not saved", sql: Prisma.sql`INSERT INTO departments (id, name) VALUES (${id}::uuid, ${`Dept ${id}`}) RETURNING id` }],
      [entry(id)],
    );
    expect(appended).toBe(1);
    expect(await db.department.count({ where: { id } })).toBe(1);
    expect((await auditFor(id)).map((e) => e.actionType)).toEqual(["department.created"]);
  });

  it("leaves no change when the audit write fails in the database", async () => {
    await asOwner(`CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit storage is down'; END $$;
      CREATE TRIGGER test_fail BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION test_fail()`);
    try {
      const id = crypto.randomUUID();
      await expect(
        auditedStatement([{ name: "dept", requireRow: "not saved", sql: Prisma.sql`INSERT INTO departments (id, name) VALUES (${id}::uuid, ${`Dept ${id}`}) RETURNING id` }], [entry(id)]),
      ).rejects.toThrow(/audit storage is down/);
      expect(await db.department.count({ where: { id } })).toBe(0);
    } finally {
      await asOwner("DROP TRIGGER test_fail ON audit_logs; DROP FUNCTION test_fail()");
    }
  });

  it("fails as a whole, writing nothing, when a mutation that must change a row changes none", async () => {
    const id = crypto.randomUUID();
    const before = await db.auditLog.count();
    await expect(
      auditedStatement([{ name: "dept", requireRow: "That department does not exist.", sql: Prisma.sql`UPDATE departments SET name = 'x' WHERE id = ${id}::uuid RETURNING id` }], [entry(id)]),
    ).rejects.toThrow("That department does not exist.");
    expect(await db.auditLog.count()).toBe(before);
  });

  it("refuses a mutation that no entry describes, before touching the database", async () => {
    const id = crypto.randomUUID();
    await expect(
      auditedStatement([{ name: "dept", sql: Prisma.sql`INSERT INTO departments (id, name) VALUES (${id}::uuid, 'Ghost') RETURNING id` }], [entry(id)]),
    ).rejects.toThrow(/has no audit entries/);
    await expect(auditedStatement([{ name: "dept", requireRow: "x", sql: Prisma.sql`SELECT 1 AS id` }], [])).rejects.toThrow(/records no audit entry/);
    expect(await db.department.count({ where: { id } })).toBe(0);
  });
});

// The alert scans' shape: a read step, mutations accounted for by one summary step, and
// one entry derived from the summary's row, which exists only when something changed.
function summarized(id: string, name: string, expectEntries?: (row: { created: number }) => number) {
  return auditedStatement<{ created: number }>(
    [
      { name: "input", read: true, materialized: true, sql: Prisma.sql`SELECT ${id}::uuid AS id, ${name}::text AS name` },
      { name: "dept", summarizedBy: "changed", sql: Prisma.sql`INSERT INTO departments (id, name) SELECT id, name FROM input ON CONFLICT DO NOTHING RETURNING id` },
      { name: "summary", read: true, sql: Prisma.sql`SELECT (SELECT count(*) FROM dept)::int AS created` },
      { name: "changed", read: true, sql: Prisma.sql`SELECT * FROM summary WHERE created > 0` },
    ],
    [{ rowsOf: "changed", entry: entry(id), columns: { new_values: Prisma.sql`jsonb_build_object('created', changed.created)` } }],
    { select: { columns: Prisma.sql`s.created`, from: Prisma.sql`summary s` }, expectEntries: expectEntries ?? ((row) => (row.created > 0 ? 1 : 0)) },
  );
}

describe("an audited statement with a summary entry", () => {
  it("writes the entry when its steps changed rows, none and no error when they changed nothing, and returns its row", async () => {
    const id = crypto.randomUUID();
    expect(await summarized(id, `Dept ${id}`)).toEqual({ appended: 1, row: { created: 1 } });
    expect(await summarized(id, `Dept ${id}`)).toEqual({ appended: 0, row: { created: 0 } });
    expect(await db.department.count({ where: { id } })).toBe(1);
    expect((await auditFor(id)).map((e) => [e.actionType, e.newValues])).toEqual([["department.created", { created: 1 }]]);
  });

  it("reports a statement whose entries disagree with its result row", async () => {
    const id = crypto.randomUUID();
    await expect(summarized(id, `Dept ${id}`, () => 0)).rejects.toThrow("Audited statement wrote 1 of 0 entries");
  });

  it("refuses, before touching the database, a read step that writes, a summary no entry describes and a name used twice", async () => {
    const id = crypto.randomUUID();
    const insert = Prisma.sql`INSERT INTO departments (id, name) VALUES (${id}::uuid, 'Ghost') RETURNING id`;
    const described = { rowsOf: "dept", entry: entry(id), columns: { object_id: Prisma.sql`dept.id::text` } };
    await expect(auditedStatement([{ name: "dept", read: true, sql: insert }, { name: "other", requireRow: "x", sql: insert }], [described])).rejects.toThrow(/marked read but is not a query/);
    await expect(auditedStatement([{ name: "dept", summarizedBy: "summary", sql: insert }], [entry(id)])).rejects.toThrow(/summarized by summary, which no entry describes/);
    await expect(auditedStatement([{ name: "dept", sql: insert }, { name: "dept", read: true, sql: Prisma.sql`SELECT 1` }], [described])).rejects.toThrow(/Bad step name: dept/);
    await expect(auditedStatement([{ name: "dept", requireRow: "x", sql: insert }], [entry(id), { ...described, rowsOf: "other" }])).rejects.toThrow(/which is no step/);
    await expect(auditedStatement([{ name: "one", read: true, sql: Prisma.sql`SELECT 1` }], [entry(id)])).rejects.toThrow(/needs a mutation/);
    expect(await db.department.count({ where: { id } })).toBe(0);
  });
});

describe("entries derived from the changed rows (check-out)", () => {
  it("describe the session and each stopped timer exactly as the application would", async () => {
    const { ctx, user } = await createUser({ name: "Rowan Derived" });
    const session = await checkIn(ctx);
    const task = await db.task.create({ data: { title: 'Fix the "gate" reader', assigneeId: user.id, dueDate: new Date(Date.now() + 86_400_000), status: "IN_PROGRESS" } });
    const timer = await db.timeLog.create({ data: { userId: user.id, taskId: task.id, startedAt: new Date(Date.now() - 95 * 60_000) } });
    await checkOut(ctx);

    const [, out] = await auditFor(session.id);
    expect(out).toMatchObject({
      actionType: "attendance_session.checked_out",
      objectType: "attendance_session",
      objectId: session.id,
      objectName: `Attendance of Rowan Derived on ${formatDate(session.checkInAt)}`,
      subjectUserId: user.id,
      changedFields: ["checkOutAt"],
    });
    const [stopped] = await auditFor(timer.id);
    expect(stopped).toMatchObject({
      actionType: "time_log.stopped",
      objectName: 'Fix the "gate" reader',
      actionDescription: 'Timer on "Fix the "gate" reader" stopped at check-out',
      additionalData: { durationMinutes: 95 },
      oldValues: { endedAt: null },
    });
    expect(new Date((stopped!.newValues as { endedAt: string }).endedAt).getTime()).toBe((await db.timeLog.findUniqueOrThrow({ where: { id: timer.id } })).endedAt!.getTime());
  });

  it("label a session's date in PKT the same way in SQL as in the application, around midnight", async () => {
    const { ctx, user } = await createUser({ name: "Night Shift" });
    // 19:30 UTC is 00:30 PKT on the next day.
    const checkInAt = new Date("2026-11-22T19:30:00.000Z");
    const session = await db.attendanceSession.create({ data: { userId: user.id, checkInAt } });
    await checkOut(ctx);
    const [out] = await auditFor(session.id);
    expect(out!.objectName).toBe(`Attendance of Night Shift on ${formatDate(checkInAt)}`);
    expect(out!.objectName).toBe("Attendance of Night Shift on 23 Nov 2026");
  });
});

describe("hashes written by the database", () => {
  it("can be recomputed outside it from the stored column texts, and the log verifies", async () => {
    const { ctx } = await createUser();
    await checkIn(ctx);
    await checkOut(ctx);
    const texts = HASHED_COLUMNS.map((c) => (c.startsWith("is_") ? `CASE WHEN ${c} THEN 't' ELSE 'f' END` : `${c}::text`)).join(", ");
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const heads = await client.query<{ chain_id: number }>("SELECT chain_id FROM audit_chain_heads WHERE last_seq > 0");
    let checked = 0;
    for (const { chain_id } of heads.rows) {
      const { rows } = await client.query<Array<string | Buffer | Date | null>>({
        text: `SELECT ${texts}, event_timestamp, content_hash, entry_hash FROM audit_logs WHERE chain_id = $1 ORDER BY chain_seq`,
        values: [chain_id],
        rowMode: "array",
        types: { getTypeParser: (oid: number) => (oid === 1184 ? (v: string) => new Date(v) : oid === 17 ? (v: string) => Buffer.from(v.slice(2), "hex") : (v: string) => v) } as never,
      });
      let previous = genesisHash(chain_id);
      for (const row of rows) {
        const n = HASHED_COLUMNS.length;
        const content = contentHashOfTexts(row.slice(0, n) as Array<string | null>);
        expect(content.equals(row[n + 1] as Buffer)).toBe(true);
        const linked = chainHash(previous, content, row[n] as Date);
        expect(linked.equals(row[n + 2] as Buffer)).toBe(true);
        previous = linked;
        checked++;
      }
    }
    await client.end();
    expect(checked).toBeGreaterThanOrEqual(2);
    expect((await verifyAuditLog()).problems).toEqual([]);
  });
});
