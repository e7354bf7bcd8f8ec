import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { formatCalendarDate, pktDayKey } from "@/lib/time";
import { MASK } from "@/lib/audit/write/rules";
import { auditFor, createUser, REQUEST } from "@/test/factories";
import { approvalEntry, submittedRequestEntry } from "@/test/request-entries";
import { addDays, toDbDate } from "./dates";
import { listLeaveToDecide, listMyLeaveRequests, listRecentLeaveDecisions } from "./queries";
import { cancelLeaveRequest, decideLeaveRequest, submitLeaveRequest } from "./service";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A PKT calendar day relative to today, as the date input sends it. */
function day(offset: number) {
  return addDays(pktDayKey(new Date()), offset);
}

/** That day as messages and audit entries show it ("2 Dec 2026"). */
function shown(offset: number) {
  return formatCalendarDate(toDbDate(day(offset)));
}

async function team() {
  const manager = await createUser({ role: "manager", name: "Maya Manager" });
  const employee = await createUser({ managerId: manager.user.id, name: "Rafi Report" });
  return { manager, employee };
}

describe("submitting leave", () => {
  it("files a pending request and records who asked for what", async () => {
    const { employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(10), endDate: day(12), type: "annual", reason: "  Family wedding  " });
    expect(created).toMatchObject({ requesterId: employee.user.id, type: "annual", status: "pending", reason: "Family wedding", approverId: null });
    expect(created.startDate.toISOString().slice(0, 10)).toBe(day(10));
    expect(created.endDate.toISOString().slice(0, 10)).toBe(day(12));
    const entry = await submittedRequestEntry("leave_request", created.id, employee.user);
    expect(entry.newValues).toEqual({ type: "annual", startDate: day(10), endDate: day(12), days: 3, reason: "Family wedding", status: "pending" });
    expect(entry.actionDescription).toMatch(/^Rafi Report requested annual leave from \d{1,2} \w{3} \d{4} to \d{1,2} \w{3} \d{4}: Family wedding$/);
    expect(entry.actionDescription).not.toMatch(UUID);
    expect(entry.objectName).not.toMatch(UUID);
  });

  it("accepts a single day, a 60-day span and a start exactly 30 days ago", async () => {
    const { employee } = await team();
    await submitLeaveRequest({ ...employee.ctx, startDate: day(-30), endDate: day(-30), type: "sick", reason: "Flu" });
    const long = await submitLeaveRequest({ ...employee.ctx, startDate: day(100), endDate: day(159), type: "unpaid", reason: "Sabbatical" });
    expect((await auditFor(long.id))[0]!.newValues).toMatchObject({ days: 60 });
  });

  it("refuses bad dates, a missing reason and an unknown type, and writes nothing", async () => {
    const { employee } = await team();
    const base = { ...employee.ctx, type: "annual", reason: "Holiday" };
    await expect(submitLeaveRequest({ ...base, startDate: day(5), endDate: day(4) })).rejects.toThrow("The end date must be on or after the start date.");
    await expect(submitLeaveRequest({ ...base, startDate: day(5), endDate: day(65) })).rejects.toThrow("at most 60 days; this one covers 61");
    await expect(submitLeaveRequest({ ...base, startDate: day(-31), endDate: day(-29) })).rejects.toThrow(/cannot start more than 30 days ago/);
    await expect(submitLeaveRequest({ ...base, startDate: "2026-02-30", endDate: "2026-03-01" })).rejects.toThrow("Enter a real calendar date");
    await expect(submitLeaveRequest({ ...base, startDate: "next monday", endDate: day(3) })).rejects.toThrow("Enter a date as yyyy-mm-dd");
    await expect(submitLeaveRequest({ ...base, startDate: day(5), endDate: day(6), reason: "  " })).rejects.toThrow("Give a reason of at least 3 characters");
    await expect(submitLeaveRequest({ ...base, startDate: day(5), endDate: day(6), reason: "x".repeat(501) })).rejects.toThrow("under 500 characters");
    await expect(submitLeaveRequest({ ...base, startDate: day(5), endDate: day(6), type: "vacation" })).rejects.toThrow("Choose a leave type");
    expect(await db.leaveRequest.count({ where: { requesterId: employee.user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { userId: employee.user.id } })).toBe(0);
  });

  it("refuses an overlap with an approved or pending request, naming its dates", async () => {
    const { manager, employee } = await team();
    const approved = await submitLeaveRequest({ ...employee.ctx, startDate: day(20), endDate: day(22), type: "annual", reason: "Trip" });
    await decideLeaveRequest({ ...manager.ctx, requestId: approved.id, decision: "approve", reason: "Enjoy" });
    await expect(
      submitLeaveRequest({ ...employee.ctx, startDate: day(22), endDate: day(24), type: "sick", reason: "Unwell" }),
    ).rejects.toThrow(`You already have an approved annual leave from ${shown(20)} to ${shown(22)} that overlaps these dates.`);
    await submitLeaveRequest({ ...employee.ctx, startDate: day(28), endDate: day(28), type: "casual", reason: "Errand" });
    await expect(
      submitLeaveRequest({ ...employee.ctx, startDate: day(26), endDate: day(30), type: "annual", reason: "Longer trip" }),
    ).rejects.toThrow(`You already have a pending casual leave on ${shown(28)} that overlaps these dates.`);
    expect(await db.leaveRequest.count({ where: { requesterId: employee.user.id } })).toBe(2);
  });

  it("allows adjacent days, dates of cancelled or rejected requests, and other people's dates", async () => {
    const { manager, employee } = await team();
    const colleague = await createUser({ managerId: manager.user.id });
    await submitLeaveRequest({ ...employee.ctx, startDate: day(20), endDate: day(22), type: "annual", reason: "Trip" });
    await submitLeaveRequest({ ...employee.ctx, startDate: day(23), endDate: day(23), type: "casual", reason: "Back-to-back" });
    await submitLeaveRequest({ ...colleague.ctx, startDate: day(20), endDate: day(22), type: "annual", reason: "Same dates" });
    const cancelled = await submitLeaveRequest({ ...employee.ctx, startDate: day(30), endDate: day(31), type: "annual", reason: "Maybe" });
    await cancelLeaveRequest({ ...employee.ctx, requestId: cancelled.id });
    const rejected = await submitLeaveRequest({ ...employee.ctx, startDate: day(40), endDate: day(41), type: "annual", reason: "Hoping" });
    await decideLeaveRequest({ ...manager.ctx, requestId: rejected.id, decision: "reject", reason: "Release week" });
    await submitLeaveRequest({ ...employee.ctx, startDate: day(30), endDate: day(31), type: "annual", reason: "Again" });
    await submitLeaveRequest({ ...employee.ctx, startDate: day(40), endDate: day(41), type: "annual", reason: "Again" });
    expect(await db.leaveRequest.count({ where: { requesterId: employee.user.id, status: "pending" } })).toBe(4);
  });

  it("keeps only one of several overlapping submissions that race each other", async () => {
    const { employee } = await team();
    // Open pooled connections first, so the submissions really run side by side.
    await Promise.all(Array.from({ length: 8 }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
    const input = { ...employee.ctx, type: "annual", reason: "Double click" };
    for (let round = 0; round < 5; round++) {
      const base = 50 + round * 10;
      const results = await Promise.allSettled([
        submitLeaveRequest({ ...input, startDate: day(base), endDate: day(base + 2) }),
        submitLeaveRequest({ ...input, startDate: day(base + 1), endDate: day(base + 3) }),
        submitLeaveRequest({ ...input, startDate: day(base + 2), endDate: day(base + 2) }),
        submitLeaveRequest({ ...input, startDate: day(base), endDate: day(base + 5) }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(String(r.reason)).toMatch(/You already have a pending annual leave .* that overlaps these dates/);
      }
    }
    expect(await db.leaveRequest.count({ where: { requesterId: employee.user.id } })).toBe(5);
    expect(await db.auditLog.count({ where: { userId: employee.user.id, actionType: "leave_request.submitted" } })).toBe(5);
  });
});

describe("cancelling leave", () => {
  it("lets the requester cancel while pending and records old and new status", async () => {
    const { employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "casual", reason: "Errand" });
    const cancelled = await cancelLeaveRequest({ ...employee.ctx, requestId: created.id });
    expect(cancelled.status).toBe("cancelled");
    const entries = await auditFor(created.id);
    expect(entries.map((e) => e.actionType)).toEqual(["leave_request.submitted", "leave_request.cancelled"]);
    expect(entries[1]).toMatchObject({ eventType: "cancel", eventCategory: "governance", userId: employee.user.id, subjectUserId: employee.user.id });
    expect(entries[1]!.oldValues).toEqual({ status: "pending" });
    expect(entries[1]!.newValues).toEqual({ status: "cancelled" });
    expect(entries[1]!.actionDescription).toMatch(/^Rafi Report cancelled their casual leave request from /);
  });

  it("refuses someone else's request, even their manager's or HR's, and a second cancel", async () => {
    const { manager, employee } = await team();
    const hr = await createUser({ role: "hr_operations" });
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "casual", reason: "Errand" });
    for (const other of [manager, hr]) {
      await expect(cancelLeaveRequest({ ...other.ctx, requestId: created.id })).rejects.toThrow("not found, or it is not yours to cancel");
    }
    await cancelLeaveRequest({ ...employee.ctx, requestId: created.id });
    await expect(cancelLeaveRequest({ ...employee.ctx, requestId: created.id })).rejects.toThrow("This request is already cancelled.");
    expect((await auditFor(created.id)).map((e) => e.actionType)).toEqual(["leave_request.submitted", "leave_request.cancelled"]);
  });

  it("refuses to cancel after a decision", async () => {
    const { manager, employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "annual", reason: "Trip" });
    await decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Fine by me" });
    await expect(cancelLeaveRequest({ ...employee.ctx, requestId: created.id })).rejects.toThrow("This request is already approved and can no longer be cancelled.");
    expect((await db.leaveRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("approved");
  });
});

describe("deciding leave", () => {
  it("lets the requester's manager approve with a reason, recording decision, reason and actor", async () => {
    const { manager, employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(20), endDate: day(22), type: "annual", reason: "Trip" });
    const approved = await decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "  Team is covered  " });
    expect(approved).toMatchObject({ status: "approved", approverId: manager.user.id, decisionReason: "Team is covered" });
    expect(approved.decidedAt).toBeInstanceOf(Date);
    const entry = await approvalEntry("leave_request", created.id, { by: manager.user, of: employee.user, decided: approved });
    expect(entry.userRole).toBe("manager");
    expect(entry.actionDescription).toBe(`Maya Manager approved Rafi Report's annual leave from ${shown(20)} to ${shown(22)}: Team is covered`);
    expect(entry.objectName).toBe(`Annual leave of Rafi Report from ${shown(20)} to ${shown(22)}`);
  });

  it("lets HR Operations and admins decide anyone's request", async () => {
    const { employee } = await team();
    const hr = await createUser({ role: "hr_operations", name: "Hina HR" });
    const admin = await createUser({ role: "admin" });
    const a = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(5), type: "sick", reason: "Dentist" });
    const b = await submitLeaveRequest({ ...employee.ctx, startDate: day(6), endDate: day(6), type: "casual", reason: "Errand" });
    const rejected = await decideLeaveRequest({ ...hr.ctx, requestId: a.id, decision: "reject", reason: "Use casual leave" });
    expect(rejected).toMatchObject({ status: "rejected", approverId: hr.user.id, decisionReason: "Use casual leave" });
    const entry = (await auditFor(a.id))[1]!;
    expect(entry).toMatchObject({ eventType: "reject", actionType: "leave_request.rejected", userName: "Hina HR", subjectUserId: employee.user.id });
    // A sick-leave decision's reason is masked like the request's (see "sick leave privacy").
    expect(entry.newValues).toMatchObject({ status: "rejected", decisionReason: MASK, approver: "Hina HR" });
    expect((await decideLeaveRequest({ ...admin.ctx, requestId: b.id, decision: "approve", reason: "OK" + "!" })).status).toBe("approved");
  });

  it("refuses a manager outside the team, roles without the permission, and the requester themselves", async () => {
    const { employee } = await team();
    const stranger = await createUser({ role: "manager" });
    const teamLead = await createUser({ role: "team_lead" });
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    const input = { requestId: created.id, decision: "approve" as const, reason: "Looks fine" };
    await expect(decideLeaveRequest({ ...stranger.ctx, ...input })).rejects.toThrow("not found, or it is not one you can decide");
    await expect(decideLeaveRequest({ ...teamLead.ctx, ...input })).rejects.toThrow("You are not allowed to decide leave requests.");
    await expect(decideLeaveRequest({ ...employee.ctx, ...input })).rejects.toThrow("You are not allowed to decide leave requests.");
    expect((await db.leaveRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("pending");
    expect((await auditFor(created.id)).map((e) => e.actionType)).toEqual(["leave_request.submitted"]);
  });

  it("refuses deciding one's own request, even with decide-any rights", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const admin = await createUser({ role: "admin" });
    const managerBoss = await createUser({ role: "manager" });
    const manager = await createUser({ role: "manager", managerId: managerBoss.user.id });
    for (const person of [hr, admin, manager]) {
      const own = await submitLeaveRequest({ ...person.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
      await expect(decideLeaveRequest({ ...person.ctx, requestId: own.id, decision: "approve", reason: "Self-service" })).rejects.toThrow(
        "You cannot decide your own leave request",
      );
      expect((await db.leaveRequest.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("pending");
    }
  });

  it("requires a reason of at least 3 characters", async () => {
    const { manager, employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    for (const reason of ["", "  ", "ok"]) {
      await expect(decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "reject", reason })).rejects.toThrow(
        "Give a reason for the decision of at least 3 characters",
      );
    }
    await expect(decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "reject", reason: undefined as unknown as string })).rejects.toThrow(
      "Give a reason for the decision",
    );
    expect((await db.leaveRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("pending");
  });

  it("decides only pending requests: no second decision, none after cancelling", async () => {
    const { manager, employee } = await team();
    const hr = await createUser({ role: "hr_operations" });
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    await decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Covered" });
    await expect(decideLeaveRequest({ ...hr.ctx, requestId: created.id, decision: "reject", reason: "Too late" })).rejects.toThrow(
      /^This request is already approved by Maya Manager on .* PKT\.$/,
    );
    const withdrawn = await submitLeaveRequest({ ...employee.ctx, startDate: day(8), endDate: day(9), type: "annual", reason: "Trip" });
    await cancelLeaveRequest({ ...employee.ctx, requestId: withdrawn.id });
    await expect(decideLeaveRequest({ ...manager.ctx, requestId: withdrawn.id, decision: "approve", reason: "Covered" })).rejects.toThrow(
      "This request is already cancelled.",
    );
    const row = await db.leaveRequest.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ status: "approved", approverId: manager.user.id, decisionReason: "Covered" });
  });

  it("lets only one of several racing deciders win", async () => {
    const { manager, employee } = await team();
    const hr = await createUser({ role: "hr_operations" });
    const admin = await createUser({ role: "admin" });
    await Promise.all(Array.from({ length: 6 }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
    for (let round = 0; round < 3; round++) {
      const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(5 + round), endDate: day(5 + round), type: "annual", reason: "Trip" });
      const results = await Promise.allSettled([
        decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Covered" }),
        decideLeaveRequest({ ...hr.ctx, requestId: created.id, decision: "reject", reason: "Blackout week" }),
        decideLeaveRequest({ ...admin.ctx, requestId: created.id, decision: "approve", reason: "Fine" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const decisions = (await auditFor(created.id)).filter((e) => e.actionType !== "leave_request.submitted");
      expect(decisions).toHaveLength(1);
    }
  });
});

describe("leave lists", () => {
  it("shows my requests newest first with the approver's name", async () => {
    const { manager, employee } = await team();
    const first = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "First" });
    const second = await submitLeaveRequest({ ...employee.ctx, startDate: day(8), endDate: day(8), type: "sick", reason: "Second" });
    await decideLeaveRequest({ ...manager.ctx, requestId: first.id, decision: "approve", reason: "Covered" });
    const { rows, next } = await listMyLeaveRequests(employee.user);
    expect(rows.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(rows.map((r) => r.approverName)).toEqual([null, "Maya Manager"]);
    expect(next).toBeNull();
  });

  it("pages my requests with a keyset cursor", async () => {
    const { employee } = await team();
    for (let i = 0; i < 22; i++) {
      await submitLeaveRequest({ ...employee.ctx, startDate: day(100 + i), endDate: day(100 + i), type: "casual", reason: `Day ${i}` });
    }
    const page1 = await listMyLeaveRequests(employee.user);
    expect(page1.rows).toHaveLength(20);
    expect(page1.next).not.toBeNull();
    const page2 = await listMyLeaveRequests(employee.user, page1.next!);
    expect(page2.rows.map((r) => r.reason)).toEqual(["Day 1", "Day 0"]);
    expect(page2.next).toBeNull();
  });

  it("shows each decider only the pending requests they may decide, with labels", async () => {
    const { manager, employee } = await team();
    const other = await createUser({ name: "Olga Other", department: "Finance" });
    const hr = await createUser({ role: "hr_operations" });
    await db.user.update({ where: { id: employee.user.id }, data: { title: "Engineer" } });
    const mine = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    const theirs = await submitLeaveRequest({ ...other.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    const hrOwn = await submitLeaveRequest({ ...hr.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });

    const ours = new Set([mine.id, theirs.id, hrOwn.id]);
    const forManager = await listLeaveToDecide({ id: manager.user.id, role: "manager" }, REQUEST);
    expect(forManager.map((r) => r.id)).toEqual([mine.id]);
    expect(forManager[0]).toMatchObject({ requesterName: "Rafi Report", requesterTitle: "Engineer", departmentName: "Engineering", type: "annual" });
    expect(forManager[0]!.waitingMs).toBeGreaterThanOrEqual(0);

    // Other tests in this file leave pending requests behind; look at this test's own.
    const forHr = (await listLeaveToDecide({ id: hr.user.id, role: "hr_operations" }, REQUEST)).filter((r) => ours.has(r.id));
    expect(forHr.map((r) => r.id)).toEqual([mine.id, theirs.id]);
    expect(forHr.map((r) => r.id)).not.toContain(hrOwn.id);
    expect(forHr[1]).toMatchObject({ requesterName: "Olga Other", departmentName: "Finance" });

    expect(await listLeaveToDecide({ id: employee.user.id, role: "employee" }, REQUEST)).toEqual([]);
    expect(await listRecentLeaveDecisions({ id: employee.user.id, role: "employee" })).toEqual([]);
  });

  it("keeps the decider's name after their account is deleted", async () => {
    const { employee } = await team();
    const hr = await createUser({ role: "hr_operations", name: "Hina HR" });
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(5), endDate: day(6), type: "annual", reason: "Trip" });
    await decideLeaveRequest({ ...hr.ctx, requestId: created.id, decision: "reject", reason: "Blackout week" });
    await db.user.delete({ where: { id: hr.user.id } });
    expect((await db.leaveRequest.findUniqueOrThrow({ where: { id: created.id } })).approverId).toBeNull();
    const { rows } = await listMyLeaveRequests(employee.user);
    expect(rows[0]).toMatchObject({ status: "rejected", approverName: "Hina HR", decisionReason: "Blackout week" });
    const admin = await createUser({ role: "admin" });
    const recent = await listRecentLeaveDecisions({ id: admin.user.id, role: "admin" });
    expect(recent[0]).toMatchObject({ id: created.id, approverName: "Hina HR", requesterName: "Rafi Report" });
  });
});

describe("sick leave privacy", () => {
  const SYMPTOMS = "Migraine and a follow-up with Dr. Aslam";

  it("keeps a sick-leave reason out of the audit log: masked in values and additional data, not in descriptions", async () => {
    const { manager, employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "sick", reason: SYMPTOMS });
    await decideLeaveRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Get well soon, rest after the migraine" });
    const [submitted, approved] = await auditFor(created.id);
    expect(submitted!.newValues).toMatchObject({ type: "sick", reason: MASK });
    expect(submitted!.isSensitive).toBe(true);
    expect(submitted!.actionDescription).not.toContain("Migraine");
    expect(approved!.newValues).toMatchObject({ status: "approved", decisionReason: MASK });
    expect(approved!.additionalData).toMatchObject({ decision: "approve", reason: MASK, leaveType: "sick" });
    expect(JSON.stringify([submitted, approved], (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/migraine/i);
  });

  it("keeps an annual-leave reason readable in the audit log", async () => {
    const { employee } = await team();
    const created = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "annual", reason: "Family wedding" });
    const [entry] = await auditFor(created.id);
    expect(entry!.newValues).toMatchObject({ reason: "Family wedding" });
    expect(entry!.actionDescription).toContain("Family wedding");
  });

  it("masks a sick-leave reason for a deciding manager, not for HR Operations or the requester", async () => {
    const { manager, employee } = await team();
    const hr = await createUser({ role: "hr_operations" });
    const sick = await submitLeaveRequest({ ...employee.ctx, startDate: day(3), endDate: day(4), type: "sick", reason: SYMPTOMS });
    const annual = await submitLeaveRequest({ ...employee.ctx, startDate: day(8), endDate: day(8), type: "annual", reason: "Moving house" });
    const ours = (r: { id: string }) => r.id === sick.id || r.id === annual.id;
    const byManager = (await listLeaveToDecide(manager.user, REQUEST)).filter(ours);
    expect(byManager.map((r) => [r.type, r.reason, r.reasonMasked])).toEqual([
      ["sick", MASK, true],
      ["annual", "Moving house", false],
    ]);
    expect((await listLeaveToDecide(hr.user, REQUEST)).filter(ours).map((r) => r.reason)).toEqual([SYMPTOMS, "Moving house"]);
    expect((await listMyLeaveRequests(employee.user)).rows.map((r) => r.reason).sort()).toEqual(["Moving house", SYMPTOMS].sort());

    // Who looked at the employee's health information: HR read it, the manager was refused it.
    const reads = await db.dataAccessLog.findMany({ where: { subjectUserId: employee.user.id }, orderBy: { accessTimestamp: "asc" } });
    expect(reads.map((r) => [r.userId, r.accessStatus, r.isPhiData, r.dataCategory, r.recordCount, r.subjectName])).toEqual([
      [manager.user.id, "denied", true, "health_data", 1, employee.user.name],
      [hr.user.id, "granted", true, "health_data", 1, employee.user.name],
    ]);
    expect(reads[0]!.denialReason).toContain("health information");
    expect(reads[1]!.dataFields).toEqual(["reason"]);
  });
});
