import { beforeAll, describe, expect, it } from "vitest";
import { actorFromUser, systemActor } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import type { Viewer } from "@/lib/access/scope";
import { pktDayKey } from "@/lib/time";
import { createUser, REQUEST } from "@/test/factories";
import { db } from "@/lib/db";
import { analyticsWindow, auditAnalytics, rollupUse, viewAuditAnalytics } from "./analytics";
import { addDays, parseQuery } from "./parse";
import { listAuditEntries, type AuditListRow } from "./query";

type Person = Awaited<ReturnType<typeof createUser>>;
let manager: Person, employee: Person, outsider: Person, auditor: Person;
const asViewer = (p: Person): Viewer => ({ id: p.user.id, role: p.user.role });

function parse(q: string) {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(`${q}: ${parsed.error.reason}`);
  return parsed.ast;
}

async function listAll(q: string, who: Person): Promise<AuditListRow[]> {
  const rows: AuditListRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await listAuditEntries({ viewer: asViewer(who), ast: parse(q), cursor, limit: 200 });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

function tally<T>(rows: AuditListRow[], key: (r: AuditListRow) => T): Map<T, number> {
  const m = new Map<T, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

/** A created: range around now, whatever today is: the fixtures are stamped at write time. */
function aroundToday() {
  const today = pktDayKey(new Date());
  return `created:${addDays(today, -1)}..${addDays(today, 1)}`;
}

beforeAll(async () => {
  manager = await createUser({ role: "manager", name: "Maryam Manager" });
  employee = await createUser({ role: "employee", name: "Ayesha Khan", managerId: manager.user.id });
  outsider = await createUser({ role: "employee", name: "Omar Outsider" });
  auditor = await createUser({ role: "auditor", name: "Aud Itor" });
  const by = (p: Person) => actorFromUser({ ...p.user, departmentName: "Engineering" });
  const e = (over: Partial<AuditEntryInput> & { id: string }): AuditEntryInput => {
    const { id, ...rest } = over;
    return {
      eventType: "update", category: "data", actionType: "chart.fixture", description: `Chart fixture ${id}`,
      actor: systemActor("analytics test"), object: { type: "fixture", id, name: `Fixture ${id}` }, ...rest,
    };
  };
  const entries: AuditEntryInput[] = [
    e({ id: "a1", actor: by(employee), actionType: "leave_request.submitted", category: "governance", eventType: "create", subjectUserId: employee.user.id }),
    e({ id: "a2", actor: by(employee), actionType: "leave_request.submitted", category: "governance", eventType: "create", riskLevel: "medium" }),
    e({ id: "a3", actor: by(manager), actionType: "leave_request.approved", category: "governance", eventType: "approve", subjectUserId: employee.user.id, riskLevel: "medium" }),
    e({ id: "a4", actor: by(outsider), actionType: "user.login_failed", category: "security", eventType: "login", riskLevel: "high", status: "failure" }),
    e({ id: "a5", actor: by(outsider), actionType: "user.login_failed", category: "security", eventType: "login", riskLevel: "critical", status: "failure" }),
    e({ id: "a6", actor: by(auditor), actionType: "audit.exported", category: "data", eventType: "export", riskLevel: "high" }),
  ];
  // More distinct actions than the top 10 shows.
  for (let i = 0; i < 12; i++) entries.push(e({ id: `x${i}`, actionType: `chart.extra_${String(i).padStart(2, "0")}`, riskLevel: "low" }));
  await auditedTransaction(async (_tx, audit) => {
    for (const entry of entries) audit.record(entry);
  });
});

function countsMatchTheList(label: string) {
  for (const q of ["", "action:leave_request.*", "risk:>=medium -status:success", "category:security,governance", "category:governance risk:medium", "type:login -ip:10.0.0.0/8"]) {
    it(`counts what listAuditEntries returns for ${JSON.stringify(q)} (auditor, ${label})`, async () => {
      const search = `${q} ${aroundToday()}`.trim();
      const rows = await listAll(search, auditor);
      const a = await auditAnalytics({ viewer: asViewer(auditor), ast: parse(search) });
      expect(a.window.defaulted).toBe(false);
      expect(a.window.bucket).toBe("day");
      expect(a.total).toBe(rows.length);
      expect(a.overTime.reduce((s, p) => s + p.count, 0)).toBe(rows.length);
      expect(new Map(a.byCategory.map((c) => [c.category, c.count]))).toEqual(tally(rows, (r) => r.category));
      expect(new Map(a.byRisk.map((c) => [c.risk, c.count]))).toEqual(tally(rows, (r) => r.risk));
      expect(new Map(a.byStatus.map((c) => [c.status, c.count]))).toEqual(tally(rows, (r) => r.status));
      const actions = [...tally(rows, (r) => r.action)].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 10);
      expect(a.topActions.map((t) => [t.action, t.count])).toEqual(actions);
      expect(a.topActions.length).toBeLessThanOrEqual(10);
      // Actors by the stored name: list rows fall back to the account's name only when none was stored.
      const actors = tally(rows, (r) => `${r.actor.name}|${r.actor.role}`);
      for (const t of a.topActors) expect(actors.get(`${t.name || ""}|${t.role}`) ?? actors.get(`|${t.role}`)).toBe(t.count);
    });
  }
}

describe("auditAnalytics from the entries (nothing rolled up yet)", () => {
  countsMatchTheList("all entries past the watermark");
});

describe("auditAnalytics from the rollups", () => {
  beforeAll(async () => {
    const [first] = await db.$queryRaw<Array<{ n: bigint }>>`SELECT audit_rollup_advance() AS n`;
    expect(Number(first!.n)).toBeGreaterThan(0);
    // More entries after the advance: counted from the log, past the watermark.
    await auditedTransaction(async (_tx, audit) => {
      audit.record({ eventType: "login", category: "security", actionType: "zz.late_failure", description: "Late failure", actor: actorFromUser({ ...outsider.user, departmentName: "Sales" }), object: { type: "user", id: outsider.user.id }, riskLevel: "high", status: "failure" });
      audit.record({ eventType: "approve", category: "governance", actionType: "zz.late_approval", description: "Late approval", actor: actorFromUser({ ...manager.user, departmentName: "Engineering" }), object: { type: "leave_request", id: "late" }, riskLevel: "medium" });
    });
    const [again] = await db.$queryRaw<Array<{ n: bigint }>>`SELECT audit_rollup_advance(1) AS n`;
    // At most one entry per chain per call when asked: the rest stays in the tail.
    expect(Number(again!.n)).toBeLessThanOrEqual(16);
  });

  countsMatchTheList("rollups plus the tail");

  it("takes from the rollups only what they can answer", () => {
    const auditorViewer = asViewer(auditor);
    expect(rollupUse(parse("category:security risk:>=high created:2026-01-01"), auditorViewer)).toBe("all");
    expect(rollupUse(parse("action:leave_request.* -status:success"), auditorViewer)).toBe("hourly");
    expect(rollupUse(parse("actor:someone@acme.test"), auditorViewer)).toBe("none");
    expect(rollupUse(parse("vacation"), auditorViewer)).toBe("none");
    expect(rollupUse(parse(""), asViewer(manager))).toBe("none");
  });

  it("cannot be written by the app's role, only advanced", async () => {
    await expect(db.$executeRaw`INSERT INTO audit_rollup_hourly VALUES (now(), 'security', 'login', 'forged', 'low', 'success', 1000)`).rejects.toThrow(/permission denied/);
    await expect(db.$executeRaw`UPDATE audit_rollup_watermarks SET last_seq = 0`).rejects.toThrow(/permission denied/);
  });
});

describe("auditAnalytics", () => {

  it("caps top actions at 10, most frequent first", async () => {
    const a = await auditAnalytics({ viewer: asViewer(auditor), ast: parse(aroundToday()) });
    expect(a.topActions).toHaveLength(10);
    expect(a.topActions.slice(0, 2).map((t) => t.action).sort()).toEqual(["leave_request.submitted", "user.login_failed"]);
  });

  it("covers only an employee's own entries, and a manager's team", async () => {
    const mine = await auditAnalytics({ viewer: asViewer(employee), ast: parse("") });
    expect(mine.window.defaulted).toBe(true);
    const own = await listAll(aroundToday(), employee);
    expect(own.map((r) => r.entity.id).filter((id) => /^[ax]\d/.test(id)).sort()).toEqual(["a1", "a2", "a3"]);
    expect(mine.total).toBe(own.length);
    expect(mine.topActors.map((t) => t.name).sort()).toEqual(["Ayesha Khan", "Maryam Manager"]);
    expect(mine.byCategory.find((c) => c.category === "security")).toBeUndefined();

    const team = await auditAnalytics({ viewer: asViewer(manager), ast: parse("") });
    expect(team.topActors.map((t) => t.name)).not.toContain("Omar Outsider");
    expect(team.total).toBe((await listAll(aroundToday(), manager)).length);
  });

  it("defaults to the last 30 PKT days and picks buckets by span", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    const w = analyticsWindow(parse(""), now);
    expect(w).toMatchObject({ defaulted: true, bucket: "day", to: now });
    expect(w.from.toISOString()).toBe("2026-02-08T19:00:00.000Z"); // 9 Feb 00:00 PKT
    expect(analyticsWindow(parse("created:2026-03-01"), now)).toMatchObject({ defaulted: false, bucket: "hour" });
    expect(analyticsWindow(parse("created:2025-01-01..2025-12-31"), now).bucket).toBe("week");
    expect(analyticsWindow(parse("created:<=2026-01-31"), now)).toMatchObject({ defaulted: true, from: new Date("2026-01-01T19:00:00Z") });
  });

  it("writes one data-access row per API view, with what was charted", async () => {
    const before = await db.dataAccessLog.count({ where: { userId: auditor.user.id } });
    const { data } = await viewAuditAnalytics({ actor: auditor.actor, request: REQUEST, ast: parse(`action:user.* ${aroundToday()}`), criteria: { event_type: "login" } });
    expect(data.total).toBe(2);
    expect(typeof data.window.from).toBe("string");
    const rows = await db.dataAccessLog.findMany({ where: { userId: auditor.user.id }, orderBy: { accessTimestamp: "desc" } });
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({ dataType: "audit_log_analytics", recordCount: 2, accessMethod: "api" });
    expect(rows[0]!.searchCriteria).toMatchObject({ event_type: "login" });
  });
});
