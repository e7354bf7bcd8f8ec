// Scope at the source (issue 9, finding 6): every read takes the viewer and applies
// own/team/all in its where clause, from lib/access/scope.ts. A viewer outside scope gets
// nothing, whatever the page would have passed; a manager and a team lead see exactly
// their direct reports.
import { describe, expect, it } from "vitest";
import { listMyActivity } from "@/lib/activity/queries";
import { getEditableSession, listEditableSessions } from "@/lib/attendance/queries";
import { actorFromUser } from "@/lib/audit/write/actor";
import { getIntegrityOverview } from "@/lib/audit/integrity/queries";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { listLeaveToDecide, listRecentLeaveDecisions } from "@/lib/leave/queries";
import { getPerson, listDepartments, listManagerOptions } from "@/lib/people/queries";
import { listAssignablePeople, listTasksToReview } from "@/lib/tasks/queries";
import { getTeamOverview } from "@/lib/team/queries";
import { toDbDate } from "@/lib/leave/dates";
import { createUser, pktDayFromToday, REQUEST } from "@/test/factories";

const HOUR = 3_600_000;

/**
 * Mona manages Lutfi (a team lead) and Alia; Lutfi leads Ravi; Omar manages Sami.
 * Alia is Lutfi's peer (same manager), not his report; Ravi is Mona's grand-report.
 */
async function org() {
  const mona = await createUser({ role: "manager", name: "Mona Manager" });
  const lutfi = await createUser({ role: "team_lead", managerId: mona.user.id, name: "Lutfi Lead" });
  const alia = await createUser({ managerId: mona.user.id, name: "Alia Report" });
  const ravi = await createUser({ managerId: lutfi.user.id, name: "Ravi Report" });
  const omar = await createUser({ role: "manager", name: "Omar Other" });
  const sami = await createUser({ managerId: omar.user.id, name: "Sami Stranger" });
  const hr = await createUser({ role: "hr_operations", name: "Hina HR" });
  const auditor = await createUser({ role: "auditor", name: "Ayaan Auditor" });
  const employee = await createUser({ managerId: mona.user.id, name: "Emma Employee" });
  return { mona, lutfi, alia, ravi, omar, sami, hr, auditor, employee };
}

function pastSession(userId: string, hoursAgo: number) {
  return db.attendanceSession.create({ data: { userId, checkInAt: new Date(Date.now() - hoursAgo * HOUR), checkOutAt: new Date(Date.now() - (hoursAgo - 8) * HOUR) } });
}

function leave(requesterId: string, status: "pending" | "approved" = "pending", type: "annual" | "sick" = "annual") {
  return db.leaveRequest.create({
    data: { requesterId, type, startDate: toDbDate(pktDayFromToday(90)), endDate: toDbDate(pktDayFromToday(91)), reason: `Reason of ${requesterId}`, status, decidedAt: status === "pending" ? null : new Date() },
  });
}

describe("attendance", () => {
  it("lists a manager exactly their direct reports' sessions, whatever person is asked for", async () => {
    const o = await org();
    const sessions = Object.fromEntries(
      await Promise.all((["mona", "lutfi", "alia", "ravi", "sami", "employee"] as const).map(async (k) => [k, await pastSession(o[k].user.id, 30)] as const)),
    );
    const mine = await listEditableSessions({ viewer: o.mona.user });
    expect(mine!.rows.map((s) => s.user.name).sort()).toEqual(["Alia Report", "Emma Employee", "Lutfi Lead"]);
    // Asking for someone outside the team gives nothing, not their sessions.
    expect((await listEditableSessions({ viewer: o.mona.user, userId: o.sami.user.id }))!.rows).toEqual([]);
    expect((await listEditableSessions({ viewer: o.mona.user, userId: o.ravi.user.id }))!.rows).toEqual([]);
    expect((await listEditableSessions({ viewer: o.mona.user, userId: o.alia.user.id }))!.rows.map((s) => s.id)).toEqual([sessions.alia!.id]);
    expect(await getEditableSession({ viewer: o.mona.user, sessionId: sessions.sami!.id })).toBeNull();
    expect(await getEditableSession({ viewer: o.mona.user, sessionId: sessions.mona!.id })).toBeNull();
    expect((await getEditableSession({ viewer: o.mona.user, sessionId: sessions.alia!.id }))?.id).toBe(sessions.alia!.id);
    // HR Operations reaches everyone but themselves.
    expect((await getEditableSession({ viewer: o.hr.user, sessionId: sessions.sami!.id }))?.id).toBe(sessions.sami!.id);
  });

  it("gives people without an edit permission nothing, a team lead included", async () => {
    const o = await org();
    const ravis = await pastSession(o.ravi.user.id, 30);
    for (const viewer of [o.lutfi.user, o.employee.user, o.auditor.user]) {
      expect(await listEditableSessions({ viewer })).toBeNull();
      expect(await listEditableSessions({ viewer, userId: o.ravi.user.id })).toBeNull();
      expect(await getEditableSession({ viewer, sessionId: ravis.id })).toBeNull();
    }
  });
});

describe("leave", () => {
  it("shows a manager exactly their direct reports' requests to decide and decisions", async () => {
    const o = await org();
    for (const k of ["mona", "lutfi", "alia", "ravi", "sami"] as const) {
      await leave(o[k].user.id);
      await leave(o[k].user.id, "approved");
    }
    expect((await listLeaveToDecide(o.mona.user, REQUEST)).map((r) => r.requesterName).sort()).toEqual(["Alia Report", "Lutfi Lead"]);
    expect((await listRecentLeaveDecisions(o.mona.user)).map((r) => r.requesterName).sort()).toEqual(["Alia Report", "Lutfi Lead"]);
    for (const viewer of [o.lutfi.user, o.employee.user, o.auditor.user]) {
      expect(await listLeaveToDecide(viewer, REQUEST)).toEqual([]);
      expect(await listRecentLeaveDecisions(viewer)).toEqual([]);
    }
    expect((await listLeaveToDecide(o.hr.user, REQUEST)).map((r) => r.requesterName).sort()).toEqual(["Alia Report", "Lutfi Lead", "Mona Manager", "Ravi Report", "Sami Stranger"]);
  });
});

describe("tasks", () => {
  it("gives a team lead and a manager exactly their direct reports to assign to and review", async () => {
    const o = await org();
    const due = new Date(Date.now() + 48 * HOUR);
    for (const k of ["lutfi", "alia", "ravi", "sami"] as const) {
      await db.task.create({ data: { title: `Done by ${k}`, assigneeId: o[k].user.id, status: "COMPLETED", estimateMinutes: 60, dueDate: due, completedAt: new Date() } });
    }
    expect((await listAssignablePeople(o.lutfi.user)).map((p) => p.name)).toEqual(["Ravi Report"]);
    expect((await listTasksToReview(o.lutfi.user)).map((t) => t.title)).toEqual(["Done by ravi"]);
    expect((await listAssignablePeople(o.mona.user)).map((p) => p.name)).toEqual(["Alia Report", "Emma Employee", "Lutfi Lead"]);
    expect((await listTasksToReview(o.mona.user)).map((t) => t.title).sort()).toEqual(["Done by alia", "Done by lutfi"]);
    expect(await listAssignablePeople(o.employee.user)).toEqual([]);
    expect(await listTasksToReview(o.hr.user)).toEqual([]);
  });
});

describe("team", () => {
  it("gives a team lead and a manager exactly their direct reports", async () => {
    const o = await org();
    expect((await getTeamOverview({ viewer: o.lutfi.user })).members.map((m) => m.name)).toEqual(["Ravi Report"]);
    expect((await getTeamOverview({ viewer: o.mona.user })).members.map((m) => m.name)).toEqual(["Alia Report", "Emma Employee", "Lutfi Lead"]);
    await expect(getTeamOverview({ viewer: o.hr.user })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("audit and people", () => {
  it("refuses the integrity overview to anyone without audit:verify", async () => {
    const o = await org();
    for (const viewer of [o.employee.user, o.mona.user, o.hr.user]) {
      await expect(getIntegrityOverview(viewer)).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(getIntegrityOverview(o.auditor.user)).resolves.toMatchObject({ checkpoints: expect.any(Array) });
  });

  it("refuses people reads to a manager (no people:view), and manager options to people without people:manage", async () => {
    const o = await org();
    await expect(getPerson({ viewer: o.mona.user, request: REQUEST, userId: o.alia.user.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listDepartments(o.mona.user)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listManagerOptions(o.hr.user)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.dataAccessLog.count({ where: { userId: o.mona.user.id } })).toBe(0);
  });

  it("shows the viewer only their own activity and logs that read once, with the session hashed", async () => {
    const o = await org();
    await auditedTransaction(async (_tx, audit) => {
      for (const who of [o.alia, o.sami]) {
        audit.record({
          eventType: "update", category: "data", actionType: "profile.touched", description: `${who.user.name} touched`,
          actor: actorFromUser(who.actor), context: REQUEST, object: { type: "user", id: who.user.id, name: who.user.name }, subjectUserId: who.user.id,
        });
      }
    });
    const request = { ...REQUEST, method: "GET", path: "/activity" };
    const { rows } = await listMyActivity({ viewer: o.alia.actor, request });
    expect(rows.map((r) => r.actionDescription)).toEqual(["Alia Report touched"]);
    const logs = await db.dataAccessLog.findMany({ where: { userId: o.alia.user.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ dataType: "audit_log_own", recordCount: 1, sessionId: sessionRef(REQUEST.sessionId) });
    // Neither table holds the session id itself.
    expect(await db.auditLog.count({ where: { sessionId: REQUEST.sessionId } })).toBe(0);
    expect(await db.dataAccessLog.count({ where: { sessionId: REQUEST.sessionId } })).toBe(0);
    expect(await db.auditLog.count({ where: { sessionId: sessionRef(REQUEST.sessionId) } })).toBe(2);
  });
});
