import { beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { MASK } from "@/lib/audit/write/rules";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { getAuditEntry } from "./entry";
import { searchAuditPage } from "./page-queries";

type Person = Awaited<ReturnType<typeof createUser>>;
let manager: Person, employee: Person, outsider: Person, auditor: Person;
const reader = (p: Person) => ({ id: p.user.id, name: p.user.name, role: p.user.role });
const actor = (p: Person) => actorFromUser({ ...p.user, departmentName: "Engineering" });

async function idOf(actionType: string, objectId: string) {
  const row = await db.auditLog.findFirstOrThrow({ where: { actionType, objectId }, select: { id: true } });
  return row.id;
}

beforeAll(async () => {
  manager = await createUser({ role: "manager", name: "Maryam Manager" });
  employee = await createUser({ role: "employee", name: "Ayesha Khan", managerId: manager.user.id });
  outsider = await createUser({ role: "employee", name: "Omar Outsider" });
  auditor = await createUser({ role: "auditor", name: "Aud Itor" });
  const object = { type: "leave_request", id: "lr-entry-test", name: "Annual leave, 2 days" };
  // One transaction per step, so each entry gets its own time and chain position.
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "create", category: "time_attendance", actionType: "leave_request.submitted", description: "Submitted annual leave",
      actor: actor(employee), object, subjectUserId: employee.user.id, after: { status: "pending", days: 2, reason: "Family visit" }, sensitiveFields: ["reason"],
    });
  });
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "approve", category: "time_attendance", actionType: "leave_request.approved", description: "Approved annual leave",
      actor: actor(manager), object, subjectUserId: employee.user.id, before: { status: "pending", days: 2 }, after: { status: "approved", days: 2, decidedBy: "Maryam Manager" },
    });
  });
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "create", category: "time_attendance", actionType: "leave_request.submitted", description: "Outsider's leave",
      actor: actor(outsider), object: { type: "leave_request", id: "lr-outsider", name: "Outsider leave" }, subjectUserId: outsider.user.id, after: { status: "pending" },
    });
  });
});

describe("getAuditEntry", () => {
  it("shows an entry in full to an auditor, with its hash checked and the old → new values", async () => {
    const id = await idOf("leave_request.approved", "lr-entry-test");
    const found = await getAuditEntry({ viewer: reader(auditor), request: REQUEST, id });
    expect(found?.entry).toMatchObject({
      id, action: "leave_request.approved", actor: { name: "Maryam Manager", currentName: "Maryam Manager" },
      oldValues: { status: "pending" }, newValues: { status: "approved", decidedBy: "Maryam Manager" }, chain: { contentMatches: true },
    });
    expect(found?.entry.changedFields).toEqual(["decidedBy", "status"]);
  });

  it("rebuilds the record's history, oldest first, with the state after each entry and masked values kept masked", async () => {
    const id = await idOf("leave_request.approved", "lr-entry-test");
    const found = await getAuditEntry({ viewer: reader(auditor), request: REQUEST, id });
    const steps = found!.history.steps;
    expect(steps.map((s) => s.entry.action)).toEqual(["leave_request.submitted", "leave_request.approved"]);
    expect(steps[0]!.state).toEqual({ status: "pending", days: 2, reason: MASK });
    expect(steps[1]!.state).toEqual({ status: "approved", days: 2, reason: MASK, decidedBy: "Maryam Manager" });
    expect(found!.history.truncated).toBe(false);
  });

  it("does not let an employee open another person's entry, and lets them open their own", async () => {
    const outsiders = await idOf("leave_request.submitted", "lr-outsider");
    const own = await idOf("leave_request.submitted", "lr-entry-test");
    expect(await getAuditEntry({ viewer: reader(employee), request: REQUEST, id: outsiders })).toBeNull();
    expect((await getAuditEntry({ viewer: reader(employee), request: REQUEST, id: own }))?.entry.id).toBe(own);
    expect(await getAuditEntry({ viewer: reader(outsider), request: REQUEST, id: own })).toBeNull();
  });

  it("lets a manager open a direct report's entry but not someone else's", async () => {
    const report = await idOf("leave_request.submitted", "lr-entry-test");
    const other = await idOf("leave_request.submitted", "lr-outsider");
    expect((await getAuditEntry({ viewer: reader(manager), request: REQUEST, id: report }))?.history.steps).toHaveLength(2);
    expect(await getAuditEntry({ viewer: reader(manager), request: REQUEST, id: other })).toBeNull();
  });

  it("masks a direct report's sensitive entry for their manager (keys kept) and shows it to an auditor as stored", async () => {
    const id = await idOf("leave_request.submitted", "lr-entry-test");
    const seen = await getAuditEntry({ viewer: reader(manager), request: REQUEST, id });
    expect(seen?.entry).toMatchObject({ sensitive: true, masked: true, newValues: { status: MASK, days: MASK, reason: MASK } });
    expect(seen?.history.steps[0]?.entry).toMatchObject({ masked: true, newValues: { status: MASK, days: MASK, reason: MASK } });
    // The later, non-sensitive approval stays readable; the state keeps what it cannot know masked.
    expect(seen?.history.steps[1]?.entry).toMatchObject({ masked: false, newValues: { status: "approved" } });
    expect(seen?.history.steps[1]?.state).toEqual({ status: "approved", days: MASK, reason: MASK, decidedBy: "Maryam Manager" });
    const stored = await getAuditEntry({ viewer: reader(auditor), request: REQUEST, id });
    expect(stored?.entry).toMatchObject({ masked: false, newValues: { status: "pending", days: 2, reason: MASK } });
    const own = await getAuditEntry({ viewer: reader(employee), request: REQUEST, id });
    expect(own?.entry).toMatchObject({ masked: true, newValues: { status: MASK } });
  });

  it("returns null for an id that is not a UUID, without a query error", async () => {
    expect(await getAuditEntry({ viewer: reader(auditor), request: REQUEST, id: "not-an-id" })).toBeNull();
  });

  it("records a data-access row for each opened entry, naming it", async () => {
    const id = await idOf("leave_request.submitted", "lr-outsider");
    const before = await db.dataAccessLog.count({ where: { dataType: "audit_log_entry", auditLogId: id } });
    await getAuditEntry({ viewer: reader(auditor), request: REQUEST, id });
    expect(await db.dataAccessLog.count({ where: { dataType: "audit_log_entry", auditLogId: id } })).toBe(before + 1);
  });
});

describe("searchAuditPage", () => {
  it("returns the viewer's rows and writes one data-access row per view with the criteria and count", async () => {
    const before = await db.dataAccessLog.count({ where: { dataType: "audit_log_search", userId: employee.user.id } });
    const view = await searchAuditPage({ viewer: reader(employee), request: REQUEST, params: { q: "action:leave_request.*" } });
    expect(view.error).toBeNull();
    expect(view.rows.map((r) => r.entity.id).sort()).toEqual(["lr-entry-test", "lr-entry-test"]);
    const logs = await db.dataAccessLog.findMany({ where: { dataType: "audit_log_search", userId: employee.user.id }, orderBy: { id: "asc" } });
    expect(logs).toHaveLength(before + 1);
    expect(logs.at(-1)).toMatchObject({ recordCount: 2, searchCriteria: { q: "action:leave_request.*", order: "desc", page: "first" } });
  });

  it("reports a parse error with its position and reads nothing", async () => {
    const view = await searchAuditPage({ viewer: reader(auditor), request: REQUEST, params: { q: "action:leave_request.* bogus:1" } });
    expect(view.error).toMatchObject({ code: "unknown_key", position: 23 });
    expect(view.rows).toEqual([]);
  });

  it("pages older and back newer with cursor links, in both orders", async () => {
    const q = "entity:leave_request";
    const first = await searchAuditPage({ viewer: reader(auditor), request: REQUEST, params: { q } });
    expect(first.rows).toHaveLength(3);
    expect(first.newer).toBeNull();
    expect(first.older).toBeNull();
    const asc = await searchAuditPage({ viewer: reader(auditor), request: REQUEST, params: { q, order: "asc" } });
    expect(asc.rows.map((r) => r.id)).toEqual([...first.rows].reverse().map((r) => r.id));
    const all = first.rows.map((r) => r.id);

    for (const order of ["desc", "asc"] as const) {
      const ids = order === "desc" ? all : [...all].reverse();
      const page = (cursor?: string | null) => searchAuditPage({ viewer: reader(auditor), request: REQUEST, params: { q, order, cursor: cursor ?? undefined }, limit: 1 });
      const forward = order === "desc" ? "older" : "newer";
      const back = order === "desc" ? "newer" : "older";
      const p1 = await page();
      expect(p1.rows.map((r) => r.id)).toEqual([ids[0]]);
      expect(p1[back]).toBeNull();
      const p2 = await page(p1[forward]);
      expect(p2.rows.map((r) => r.id)).toEqual([ids[1]]);
      const p3 = await page(p2[forward]);
      expect(p3.rows.map((r) => r.id)).toEqual([ids[2]]);
      expect(p3[forward]).toBeNull();
      const b2 = await page(p3[back]);
      expect(b2.rows.map((r) => r.id)).toEqual([ids[1]]);
      expect(b2[forward]).not.toBeNull();
      const b1 = await page(b2[back]);
      expect(b1.rows.map((r) => r.id)).toEqual([ids[0]]);
      expect(b1[back]).toBeNull();
    }
  });
});
