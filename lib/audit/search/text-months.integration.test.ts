import { beforeAll, describe, expect, it, vi } from "vitest";
import { systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { writeDatedEntries } from "@/test/dated-audit";
import { createUser } from "@/test/factories";
import { parseQuery } from "./parse";
import { textSearchPlan } from "./free-text";
import { listAuditEntries } from "./query";
import { asOwner } from "@/test/as-owner";

const textMonths = async (words: string[]) => (await textSearchPlan(words))!.months;

// The current month's partition stands in for a month that has ended: audit_text_seal
// (the owner's) seals whatever partition it is given; only audit_text_seal_due waits
// for a month to end. Each test file has a database of its own.
const now = new Date();
const PARTITION = `audit_logs_p${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}`;

async function write(descriptions: string[]) {
  await auditedTransaction(async (_tx, audit) => {
    for (const [i, description] of descriptions.entries()) {
      audit.record({ eventType: "update", category: "data", actionType: "fixture.worded", description, actor: systemActor("words test"), object: { type: "fixture", id: `w${i}`, name: "Fixture" } });
    }
  });
}

const seal = () => asOwner((c) => c.query("SELECT audit_text_seal($1, 3, 120)", [PARTITION]));
let auditor: Awaited<ReturnType<typeof createUser>>;
const search = async (q: string) => {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(q);
  return (await listAuditEntries({ viewer: { id: auditor.user.id, role: "auditor" }, ast: parsed.ast, limit: 50 })).rows;
};

beforeAll(async () => {
  auditor = await createUser({ role: "auditor" });
  await write([
    ...Array.from({ length: 6 }, () => "Zebra kiwi"),
    ...Array.from({ length: 5 }, () => "Zebra mango"),
    ...Array.from({ length: 4 }, () => "kiwi papaya"),
  ]);
  await db.$queryRaw`SELECT audit_ensure_partitions(now(), now())`;
  await seal();
});

describe("audit_text_seal", () => {
  it("counts a month's common words and, exactly, the entries holding each two of them", async () => {
    const words = await db.auditTextWord.findMany({ where: { partition: PARTITION } });
    expect(words.map((w) => w.word)).toEqual(expect.arrayContaining(["zebra", "kiwi", "mango", "papaya"]));
    const pairs = await db.auditTextPair.findMany({ where: { partition: PARTITION } });
    const count = (a: string, b: string) => Number(pairs.find((p) => p.wordA === a && p.wordB === b)?.entries ?? 0);
    expect([count("kiwi", "zebra"), count("mango", "zebra"), count("kiwi", "papaya"), count("mango", "papaya"), count("kiwi", "mango")]).toEqual([6, 5, 4, 0, 0]);
    // Every pair of common words, against the word index itself.
    const common = words.map((w) => w.word).sort();
    for (let i = 0; i < common.length; i++) {
      for (let j = i + 1; j < common.length; j++) {
        const [row] = await db.$queryRaw<Array<{ n: number }>>`
          SELECT count(*)::int AS n FROM audit_logs WHERE audit_search_words(action_description || ' ' || object_name || ' ' || user_name) @@ to_tsquery('simple', ${`${common[i]} & ${common[j]}`})`;
        expect(count(common[i]!, common[j]!), `${common[i]} & ${common[j]}`).toBe(row!.n);
      }
    }
  });

  it("is the owner's: the app's role reads the counts but may neither seal nor write them", async () => {
    await expect(db.$queryRaw`SELECT audit_text_seal(${PARTITION}, 3, 120)`).rejects.toThrow(/permission denied/);
    await expect(db.$executeRaw`DELETE FROM audit_text_months`).rejects.toThrow(/permission denied/);
    await expect(db.$executeRaw`INSERT INTO audit_text_pairs (partition, word_a, word_b, entries) VALUES (${PARTITION}, 'a', 'b', 1)`).rejects.toThrow(/permission denied/);
    // The due function is the app's to call: this month has not ended, so it seals nothing new.
    const [due] = await db.$queryRaw<Array<{ n: number }>>`SELECT audit_text_seal_due() AS n`;
    expect(typeof due!.n).toBe("number");
    expect(await db.auditTextMonth.count({ where: { partition: PARTITION } })).toBe(1);
  });
});

describe("free text over sealed months", () => {
  it("leaves out a month in which the words never meet, and still finds the words that do", async () => {
    const never = await textMonths(["mango", "papaya"]);
    expect(never.excluded.map((m) => m.start.toISOString())).toContain(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString());
    expect(never.density).toBe(0);
    // Nothing left to search: this month is out, the others (made empty) are sealed or after the clock.
    const plan = await textSearchPlan(["mango", "papaya"]);
    expect(plan!.ranges.some((r) => r.start.getTime() <= now.getTime() && now.getTime() < r.end.getTime())).toBe(false);
    expect(await search("mango papaya")).toEqual([]);
    const meet = await textMonths(["kiwi", "zebra"]);
    expect(meet.excluded).toEqual(meet.excluded.filter((m) => m.start.getTime() !== Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
    expect((await search("zebra kiwi")).map((r) => r.description)).toEqual(Array(6).fill("Zebra kiwi"));
    expect(await search("mango zebra")).toHaveLength(5);
  });

  it("are read for a viewer who may read every entry, and never for one who may not", async () => {
    const employee = await createUser({ role: "employee" });
    const parsed = parseQuery("mango papaya");
    if (!parsed.ok) throw new Error("parse");
    const spy = vi.spyOn(db, "$queryRaw");
    const readsCounts = () => spy.mock.calls.some(([strings]) => Array.isArray(strings) && strings.join("").includes("audit_text_months"));
    try {
      await listAuditEntries({ viewer: { id: employee.user.id, role: "employee" }, ast: parsed.ast, limit: 50 });
      expect(readsCounts()).toBe(false);
      await listAuditEntries({ viewer: { id: auditor.user.id, role: "auditor" }, ast: parsed.ast, limit: 50 });
      expect(readsCounts()).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it("an entry that lands in a sealed month unseals it in its own transaction, and the search finds it", async () => {
    await write(["Mango papaya at last"]);
    expect(await db.auditTextMonth.count({ where: { partition: PARTITION } })).toBe(0);
    expect(await db.auditTextPair.count({ where: { partition: PARTITION } })).toBe(0);
    expect((await textMonths(["mango", "papaya"])).excluded.map((m) => m.start.getTime())).not.toContain(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    expect((await search("mango papaya")).map((r) => r.description)).toEqual(["Mango papaya at last"]);
    // Sealed again, the month now counts the pair.
    await seal();
    const pair = await db.auditTextPair.findUnique({ where: { partition_wordA_wordB: { partition: PARTITION, wordA: "mango", wordB: "papaya" } } });
    expect(Number(pair?.entries)).toBe(1);
    expect(await search("mango papaya")).toHaveLength(1);
  });
});

describe("a search across sealed and open months", () => {
  it("pages through the open months, then the sealed ones, in order either way", async () => {
    await write(["Lemon lime live 1", "Lemon lime live 2", "Lemon lime live 3"]); // and unseals this month
    await writeDatedEntries(Array.from({ length: 8 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 1 + i, 9)),
      entry: { eventType: "update", category: "data", actionType: "fixture.worded", description: `Lemon lime march ${i + 1}`, actor: systemActor("words test"), object: { type: "fixture", id: `m${i}`, name: "Fixture" } },
    })));
    await asOwner((c) => c.query("SELECT audit_text_seal('audit_logs_p202603', 3, 120)"));
    // The cut falls between March and the live entries (at April, or at a later sealed empty month).
    const cut = (await textMonths(["lemon", "lime"])).sealedThrough!;
    expect(cut.getTime()).toBeGreaterThanOrEqual(Date.UTC(2026, 3, 1));
    expect(cut.getTime()).toBeLessThanOrEqual(Date.now());
    const parsed = parseQuery("lemon lime");
    if (!parsed.ok) throw new Error("parse");
    for (const order of ["desc", "asc"] as const) {
      const expected = await db.auditLog.findMany({
        where: { actionDescription: { startsWith: "Lemon lime" } },
        orderBy: [{ eventTimestamp: order }, { id: order }],
        select: { actionDescription: true },
      });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        // Straight to the word index (no probe), two at a time, so pages cross the cut.
        const page = await listAuditEntries({ viewer: { id: auditor.user.id, role: "auditor" }, ast: parsed.ast, cursor, limit: 2, order, textProbeRows: 0 });
        seen.push(...page.rows.map((r) => r.description));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, order).toEqual(expected.map((e) => e.actionDescription));
      expect(seen).toHaveLength(11);
    }
  });
});

