import { beforeAll, describe, expect, it } from "vitest";
import { actorFromUser, systemActor } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { writeDatedEntries } from "@/test/dated-audit";
import { createAuditSearchPeople, createUser } from "@/test/factories";
import { parseQuery } from "./parse";
import { auditCursor, listAuditEntries, type AuditListRow } from "./query";
import { searchWhere } from "./where";

type Person = Awaited<ReturnType<typeof createUser>>;
let manager: Person, employee: Person, peer: Person, outsider: Person, auditor: Person;
const asViewer = (p: Person): Viewer => ({ id: p.user.id, role: p.user.role });

/** Fixture entries are told apart by their object id. */
const FIXTURES = new Set<string>();

function entry(over: Partial<AuditEntryInput> & { label: string }): AuditEntryInput {
  FIXTURES.add(over.label);
  const { label, ...rest } = over;
  return {
    eventType: "update",
    category: "data",
    actionType: "fixture.touched",
    description: `Fixture ${label}`,
    actor: systemActor("search test"),
    object: { type: "fixture", id: label, name: `Fixture ${label}` },
    ...rest,
    ...(rest.object ? { object: { ...rest.object, id: label } } : {}),
  };
}

async function record(entries: AuditEntryInput[]) {
  await auditedTransaction(async (_tx, audit) => {
    for (const e of entries) audit.record(e);
  });
}

/** Fixture entries dated in the past. */
const writeDated = (entries: Array<{ at: string; label: string }>) =>
  writeDatedEntries(entries.map((e) => ({ at: new Date(e.at), entry: entry({ label: e.label, actionType: "history.marked" }) })));

async function search(q: string, who: Person = auditor, order: "asc" | "desc" = "desc"): Promise<AuditListRow[]> {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(`${q}: ${parsed.error.reason}`);
  const rows: AuditListRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await listAuditEntries({ viewer: asViewer(who), ast: parsed.ast, cursor, limit: 200, order });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** The fixture labels a search returns, sorted. */
async function labels(q: string, who?: Person) {
  return (await search(q, who)).map((r) => r.entity.id).filter((id) => FIXTURES.has(id)).sort();
}

beforeAll(async () => {
  ({ manager, employee, peer, outsider, auditor } = await createAuditSearchPeople());

  // PKT is UTC+5: 18:30Z on 31 Jan is 23:30 PKT on 31 Jan.
  await writeDated([
    { at: "2026-01-30T18:59:59.999Z", label: "jan30-late" },
    { at: "2026-01-30T19:00:00.000Z", label: "jan31-start" },
    { at: "2026-01-31T18:30:00.000Z", label: "jan31-2330" },
    { at: "2026-01-31T19:00:00.000Z", label: "feb01-start" },
  ]);

  const ctx = (p: Person, ip: string | null) => ({ actor: actorFromUser({ ...p.user, departmentName: "Engineering" }), context: ip ? { ip } : undefined });
  await record([
    entry({
      label: "e1", ...ctx(employee, "10.1.2.3"), eventType: "approve", category: "governance", actionType: "leave_request.approved",
      description: "Approved annual leave", object: { type: "leave_request", name: "Annual leave" }, subjectUserId: employee.user.id, riskLevel: "medium",
    }),
    entry({
      label: "e2", ...ctx(manager, "192.168.1.5"), eventType: "update", category: "user_management", actionType: "user.role_changed",
      description: "Changed a role", object: { type: "user", name: "Bilal Peer" }, subjectUserId: peer.user.id, riskLevel: "high",
    }),
    entry({
      label: "e3", ...ctx(outsider, "2001:db8::5"), eventType: "login", category: "security", actionType: "user.login_failed",
      description: "Sign-in failed", object: { type: "session" }, subjectUserId: outsider.user.id, riskLevel: "critical", status: "failure",
    }),
    entry({ label: "e4", ...ctx(auditor, "not-an-ip"), eventType: "export", category: "data", actionType: "test_x.done", description: "Export 100% done", riskLevel: "low" }),
    entry({ label: "e5", ...ctx(auditor, null), eventType: "export", category: "data", actionType: "testax.done", description: "Export 1000 done", riskLevel: "low" }),
    entry({ label: "e6", eventType: "create", category: "user_management", actionType: "department.created", description: "Department Legal created", object: { type: "department", name: "Legal" }, subjectUserId: null }),
    // Done by the system to a direct report: their manager sees it through the subject alone.
    entry({ label: "e7", riskLevel: "low", subjectUserId: peer.user.id }),
  ]);
});

const CURRENT = ["e1", "e2", "e3", "e4", "e5", "e6", "e7"];
const DATED = ["feb01-start", "jan30-late", "jan31-2330", "jan31-start"];

describe("searchWhere and listAuditEntries", () => {
  it("returns everything for an auditor's empty search, and the chains still verify", async () => {
    expect(await labels("")).toEqual([...CURRENT, ...DATED].sort());
    expect((await verifyAuditLog()).problems).toEqual([]);
  });

  it("narrows by action (exact, prefix, OR list, negation)", async () => {
    expect(await labels("action:leave_request.approved")).toEqual(["e1"]);
    expect(await labels("action:user.*")).toEqual(["e2", "e3"]);
    expect(await labels("action:leave_request.approved,department.created")).toEqual(["e1", "e6"]);
    expect(await labels("-action:user.* -action:history.marked")).toEqual(["e1", "e4", "e5", "e6", "e7"]);
  });

  it("escapes LIKE metacharacters in a prefix and in free text", async () => {
    expect(await labels("action:test_*")).toEqual(["e4"]);
    expect(await labels("action:test%*")).toEqual([]);
    expect(await labels("action:%*")).toEqual([]);
    expect(await labels("100%")).toEqual(["e4"]);
    expect(await labels('"_xport"')).toEqual([]);
  });

  it("narrows by actor name (any case), email and id", async () => {
    expect(await labels('actor:"ayesha KHAN"')).toEqual(["e1"]);
    expect(await labels(`actor:${employee.user.email.toUpperCase()}`)).toEqual(["e1"]);
    expect(await labels(`actor:${manager.user.id},"Omar Outsider"`)).toEqual(["e2", "e3"]);
    expect(await labels('-actor:"Ayesha Khan" -action:history.marked')).toEqual(["e2", "e3", "e4", "e5", "e6", "e7"]);
  });

  it("narrows by entity, entity id, category, event type, risk and status", async () => {
    expect(await labels("entity:leave_request,session")).toEqual(["e1", "e3"]);
    expect(await labels("entity_id:e5")).toEqual(["e5"]);
    expect(await labels("category:user_management")).toEqual(["e2", "e6"]);
    expect(await labels("type:export")).toEqual(["e4", "e5"]);
    expect(await labels("risk:>=high")).toEqual(["e2", "e3"]);
    expect(await labels("risk:high,critical")).toEqual(["e2", "e3"]);
    expect(await labels("risk:<medium category:data -action:history.marked")).toEqual(["e4", "e5", "e7"]);
    expect(await labels("status:failure")).toEqual(["e3"]);
    expect(await labels("-status:success")).toEqual(["e3"]);
  });

  it("matches IPs by CIDR block or address, and text that is no address matches no block", async () => {
    expect(await labels("ip:10.0.0.0/8")).toEqual(["e1"]);
    expect(await labels("ip:192.168.1.5")).toEqual(["e2"]);
    expect(await labels("ip:2001:db8::/32")).toEqual(["e3"]);
    expect(await labels("ip:10.0.0.0/8,192.168.0.0/16")).toEqual(["e1", "e2"]);
    expect(await labels("-ip:10.0.0.0/8 -action:history.marked")).toEqual(["e2", "e3", "e4", "e5", "e6", "e7"]);
  });

  it("reads dates as Asia/Karachi days, ranges inclusive", async () => {
    expect(await labels("created:2026-01-31")).toEqual(["jan31-2330", "jan31-start"]);
    expect(await labels("created:<2026-02-01")).toEqual(["jan30-late", "jan31-2330", "jan31-start"]);
    expect(await labels("created:<=2026-01-30")).toEqual(["jan30-late"]);
    expect(await labels("created:>2026-01-31 action:history.marked")).toEqual(["feb01-start"]);
    expect(await labels("created:2026-01-31..2026-02-01")).toEqual(["feb01-start", "jan31-2330", "jan31-start"]);
    expect(await labels("created:>=2026-02-01 -action:history.marked")).toEqual(CURRENT);
    expect(await labels("-created:2026-01-31 action:history.marked")).toEqual(["feb01-start", "jan30-late"]);
  });

  it("treats free text as literal words over descriptions, entity names and actor names", async () => {
    expect(await labels("annual")).toEqual(["e1"]);
    expect(await labels("legal")).toEqual(["e6"]);
    expect(await labels("bilal")).toEqual(["e2"]);
    expect(await labels('"Export 1000"')).toEqual(["e5"]);
    expect(await labels("export -1000")).toEqual(["e4"]);
    expect(await labels("\"'; DROP TABLE users; --\"")).toEqual([]);
    expect(await db.user.count()).toBeGreaterThan(0);
  });

  it("scopes an employee to entries they did or that are about them", async () => {
    expect(await labels("", employee)).toEqual(["e1"]);
    expect(await labels("", outsider)).toEqual(["e3"]);
    expect(await labels("", peer)).toEqual(["e2", "e7"]);
    // A search cannot widen the scope.
    expect(await labels(`actor:${manager.user.id}`, employee)).toEqual([]);
  });

  it("scopes a manager to their own entries and their direct reports', as actor or subject", async () => {
    expect(await labels("", manager)).toEqual(["e1", "e2", "e7"]);
    expect(await labels('-actor:"Maryam Manager"', manager)).toEqual(["e1", "e7"]);
    expect(await labels("action:user.login_failed", manager)).toEqual([]);
  });

  it("puts every value in as a bind parameter", () => {
    const parsed = parseQuery(`actor:"x' OR 1=1 --" ip:10.0.0.0/8 created:2026-01-31 risk:>=high "50%_off"`);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const sql = searchWhere(parsed.ast, asViewer(employee));
    expect(sql.sql).not.toContain("OR 1=1");
    expect(sql.sql).not.toContain("10.0.0.0");
    expect(sql.sql).not.toContain("50%");
    expect(sql.sql).not.toContain(employee.user.id);
    expect(sql.values).toContain("%50\\%\\_off%");
  });
});

describe("keyset pages", () => {
  beforeAll(async () => {
    // One append stamps one time on all its entries: ties broken by id.
    const bulk = Array.from({ length: 23 }, (_, i) => entry({ label: `bulk-${i}`, actionType: "bulk.made", object: { type: "bulk" } }));
    await record(bulk.slice(0, 12));
    await record(bulk.slice(12));
  });

  it("cover every row exactly once, in order, newest first and oldest first", async () => {
    const all = await search("");
    for (const order of ["desc", "asc"] as const) {
      const seen: AuditListRow[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listAuditEntries({ viewer: asViewer(auditor), ast: { terms: [] }, cursor, limit: 7, order });
        expect(page.rows.length).toBeLessThanOrEqual(7);
        seen.push(...page.rows);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(all.length / 7));
      expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
      expect(seen.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
      const key = (r: AuditListRow) => `${r.at.toISOString()} ${r.id}`;
      const sorted = [...seen].sort((a, b) => key(a).localeCompare(key(b)));
      expect(seen.map(key)).toEqual((order === "asc" ? sorted : sorted.reverse()).map(key));
    }
  });

  it("pages a filtered search and carries labels", async () => {
    const first = await listAuditEntries({ viewer: asViewer(auditor), ast: parse("action:bulk.made"), limit: 20 });
    expect(first.rows).toHaveLength(20);
    const second = await listAuditEntries({ viewer: asViewer(auditor), ast: parse("action:bulk.made"), cursor: first.nextCursor });
    expect(second.rows).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const [e1] = await search("entity_id:e1");
    expect(e1).toMatchObject({ actor: { name: "Ayesha Khan", id: employee.user.id }, subject: { name: "Ayesha Khan" }, entity: { type: "leave_request", name: "Annual leave" }, risk: "medium", ip: "10.1.2.3" });
  });

  it("refuses a forged cursor or one from the other order, and caps the page at 200", async () => {
    const viewer = asViewer(auditor);
    await expect(listAuditEntries({ viewer, ast: { terms: [] }, cursor: "not-a-cursor" })).rejects.toMatchObject({ reason: "malformed" });
    const page = await listAuditEntries({ viewer, ast: { terms: [] }, limit: 3 });
    await expect(listAuditEntries({ viewer, ast: { terms: [] }, cursor: page.nextCursor, order: "asc" })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listAuditEntries({ viewer, ast: { terms: [] }, cursor: page.nextCursor, order: "asc" })).rejects.toMatchObject({ reason: "order" });
    expect(auditCursor.decode(page.nextCursor!)).toMatchObject({ ok: true, key: { order: "desc" } });
    const big = await listAuditEntries({ viewer, ast: { terms: [] }, limit: 10_000 });
    expect(big.rows.length).toBeLessThanOrEqual(200);
  });
});

function parse(q: string) {
  const r = parseQuery(q);
  if (!r.ok) throw new Error(r.error.reason);
  return r.ast;
}

describe("free text at scale: the newest candidates first, then the index", () => {
  it("gives the same pages whichever way a word is found", async () => {
    const auditorUser = await createUser({ role: "auditor", name: "Probe Auditor" });
    const viewer: Viewer = { id: auditorUser.user.id, role: "auditor" };
    // 30 entries in order: "plentiful" in every one, "scarce" only in the oldest two.
    for (let i = 0; i < 30; i++) {
      await record([entry({ label: `probe-${String(i).padStart(2, "0")}`, description: `Probe plentiful ${i < 2 ? "scarce " : ""}entry ${i}` })]);
    }
    const q = (text: string) => {
      const parsed = parseQuery(`${text} entity:fixture`);
      if (!parsed.ok) throw new Error(text);
      return parsed.ast;
    };
    const walk = async (text: string, textProbeRows: number, limit: number) => {
      const labels: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listAuditEntries({ viewer, ast: q(text), cursor, limit, textProbeRows, indexFirstRows: -1 });
        labels.push(...page.rows.map((r) => r.entity.id));
        cursor = page.nextCursor;
      } while (cursor);
      return labels;
    };
    const newestFirst = Array.from({ length: 30 }, (_, i) => `probe-${String(29 - i).padStart(2, "0")}`);
    // Found among the newest 5 candidates (pages of 3), and through the index alike.
    expect(await walk("plentiful", 5, 3)).toEqual(newestFirst);
    expect(await walk("plentiful", 10_000, 3)).toEqual(newestFirst);
    // Not among the newest candidates: the index finds the old ones.
    expect(await walk("scarce", 5, 3)).toEqual(["probe-01", "probe-00"]);
    expect(await walk("scarce plentiful", 5, 1)).toEqual(["probe-01", "probe-00"]);
  });

  it("matches each word of a term whole (or from its start with *) and then the term's exact text, through the probe and the word index alike", async () => {
    const auditorUser = await createUser({ role: "auditor", name: "Words Auditor" });
    const viewer: Viewer = { id: auditorUser.user.id, role: "auditor" };
    const texts: Record<string, string> = {
      pay: "Payroll run approved for Zoë Ahmed",
      leave: "leave_request.approved by HR",
      dashes: "Sent to ops--team",
    };
    for (const [label, description] of Object.entries(texts)) {
      await record([entry({ label: `words-${label}`, description, object: { type: "wordfix", name: "Probe record" } })]);
    }
    const found = async (text: string) => {
      const parsed = parseQuery(`${text} entity:wordfix`);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      // Straight to the word index, and by probing the newest 10,000 candidates first.
      const viaIndex = await listAuditEntries({ viewer, ast: parsed.ast, textProbeRows: 0 });
      const viaProbe = await listAuditEntries({ viewer, ast: parsed.ast, textProbeRows: 10_000, indexFirstRows: -1 });
      expect(viaIndex.rows.map((r) => r.entity.id)).toEqual(viaProbe.rows.map((r) => r.entity.id));
      return viaIndex.rows.map((r) => r.entity.id.replace("words-", "")).sort();
    };
    expect(await found("pay")).toEqual([]); // a whole word, and "Payroll" is another
    expect(await found("pay*")).toEqual(["pay"]);
    expect(await found("PAYR*")).toEqual(["pay"]);
    expect(await found('"PAYROLL RUN"')).toEqual(["pay"]);
    expect(await found("ayroll*")).toEqual([]); // inside a word: not a word's start
    expect(await found("appro*")).toEqual(["leave", "pay"]);
    expect(await found("request.approved")).toEqual(["leave"]);
    expect(await found("approved")).toEqual(["leave", "pay"]);
    expect(await found("Zoë")).toEqual(["pay"]); // narrowed by "zo", decided by the exact text
    expect(await found("Zoe")).toEqual([]);
    expect(await found('"--"')).toEqual(["dashes"]); // no words at all: the exact check alone
    expect(await found('"HR Probe"')).toEqual([]); // would span the description and the record name
    expect(await found("probe")).toEqual(["dashes", "leave", "pay"]);
  });

  it("plans a search with a prefix or free text for its values every time: never prepared by name", async () => {
    const auditorUser = await createUser({ role: "auditor", name: "Plan Auditor" });
    const viewer: Viewer = { id: auditorUser.user.id, role: "auditor" };
    for (let i = 0; i < 7; i++) await listAuditEntries({ viewer, ast: parse("action:fixture.* probe") });
    // pg_prepared_statements is per connection; the pool hands back the last one used.
    const prepared = async () => (await db.$queryRaw<Array<{ statement: string }>>`SELECT statement FROM pg_prepared_statements`).map((p) => p.statement);
    expect((await prepared()).length).toBeGreaterThan(0); // the writes above were prepared on this connection
    expect((await prepared()).filter((p) => p.includes("action_type LIKE"))).toEqual([]);
    // A search of equalities keeps its cached plan.
    for (let i = 0; i < 2; i++) await listAuditEntries({ viewer, ast: parse("entity:ledger") });
    expect((await prepared()).filter((p) => p.includes("object_type = ANY")).length).toBeGreaterThanOrEqual(1);
  });
});
