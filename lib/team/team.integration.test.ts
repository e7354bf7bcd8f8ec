import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toDbDate } from "@/lib/leave/dates";
import { createUser, pktDayFromToday } from "@/test/factories";
import { formatTime } from "@/lib/time";
import { getTeamOverview } from "./queries";

const HOUR = 3_600_000;

function task(assigneeId: string, status: "TODO" | "IN_PROGRESS" | "COMPLETED" | "REVIEWED", estimateMinutes: number, dueInHours = 48) {
  return db.task.create({ data: { title: `Task ${status}`, assigneeId, status, estimateMinutes, dueDate: new Date(Date.now() + dueInHours * HOUR) } });
}

function leave(requesterId: string, status: "pending" | "approved" | "rejected" | "cancelled") {
  return db.leaveRequest.create({ data: { requesterId, type: "annual", startDate: toDbDate(pktDayFromToday(30)), endDate: toDbDate(pktDayFromToday(31)), reason: "Family visit", status } });
}

async function team() {
  const boss = await createUser({ role: "manager", name: "Mona Manager" });
  const lead = await createUser({ role: "team_lead", managerId: boss.user.id, name: "Lutfi Lead" });
  const alia = await createUser({ managerId: boss.user.id, name: "Alia", weeklyCapacityHours: 40 });
  const babar = await createUser({ managerId: boss.user.id, name: "Babar", weeklyCapacityHours: 10 });
  const subManager = await createUser({ role: "manager", managerId: boss.user.id, name: "Sub Manager" });
  const gone = await createUser({ managerId: boss.user.id, name: "Gone Suspended", status: "suspended" });
  const otherBoss = await createUser({ role: "manager", name: "Other Boss" });
  const stranger = await createUser({ managerId: otherBoss.user.id, name: "Stranger" });
  const strangerLead = await createUser({ role: "team_lead", managerId: otherBoss.user.id, name: "Other Lead" });
  return { boss, lead, alia, babar, subManager, gone, otherBoss, stranger, strangerLead };
}

describe("team scope", () => {
  it("shows a manager their active direct reports only", async () => {
    const t = await team();
    const overview = await getTeamOverview({ viewer: t.boss.actor });
    expect(overview.members.map((m) => m.name)).toEqual(["Alia", "Babar", "Lutfi Lead", "Sub Manager"]);
    expect(overview.members[2]).toMatchObject({ roleLabel: "Team Lead", departmentName: "Engineering" });
    expect((await getTeamOverview({ viewer: t.otherBoss.actor })).members.map((m) => m.name)).toEqual(["Other Lead", "Stranger"]);
  });

  // Team = direct reports for a team lead too (lib/access/scope.ts): not the colleagues who
  // share their manager, which the team page used to show.
  it("shows a team lead exactly their active direct reports, not the peers who share their manager", async () => {
    const t = await team();
    const ravi = await createUser({ managerId: t.lead.user.id, name: "Ravi Report" });
    await createUser({ managerId: t.lead.user.id, name: "Suspended Report", status: "suspended" });
    await createUser({ managerId: ravi.user.id, name: "Grand Report" });
    const overview = await getTeamOverview({ viewer: t.lead.actor });
    expect(overview.members.map((m) => m.name)).toEqual(["Ravi Report"]);
    expect((await getTeamOverview({ viewer: t.strangerLead.actor })).members).toEqual([]);
    // The lead's manager sees the lead, not the lead's reports.
    expect((await getTeamOverview({ viewer: t.boss.actor })).members.map((m) => m.name)).toEqual(["Alia", "Babar", "Lutfi Lead", "Sub Manager"]);
  });

  it("shows a team lead without reports nobody, and refuses roles without team:view", async () => {
    const lonely = await createUser({ role: "team_lead" });
    expect((await getTeamOverview({ viewer: lonely.actor })).members).toEqual([]);
    for (const role of ["employee", "admin", "hr_operations", "auditor"] as const) {
      const someone = await createUser({ role });
      await expect(getTeamOverview({ viewer: someone.actor })).rejects.toThrow("You are not allowed to view a team.");
    }
  });
});

describe("team at a glance", () => {
  it("counts open and overdue tasks, workload against capacity, and pending leave", async () => {
    const t = await team();
    await task(t.alia.user.id, "TODO", 600);
    await task(t.alia.user.id, "IN_PROGRESS", 1800, -2);
    await task(t.alia.user.id, "COMPLETED", 6000, -50);
    await task(t.alia.user.id, "REVIEWED", 6000, -50);
    await task(t.babar.user.id, "TODO", 330, -1);
    await task(t.babar.user.id, "TODO", 330);
    await task(t.stranger.user.id, "TODO", 9000);
    await leave(t.alia.user.id, "pending");
    await leave(t.alia.user.id, "approved");
    await leave(t.babar.user.id, "cancelled");

    const { members } = await getTeamOverview({ viewer: t.boss.actor });
    const byName = Object.fromEntries(members.map((m) => [m.name, m]));
    expect(byName.Alia).toMatchObject({ openTasks: 2, overdueTasks: 1, openEstimateHours: 40, capacityHours: 40, workloadPercent: 100, overloaded: false, pendingLeave: 1 });
    expect(byName.Babar).toMatchObject({ openTasks: 2, overdueTasks: 1, openEstimateHours: 11, capacityHours: 10, workloadPercent: 110, overloaded: true, pendingLeave: 0 });
    expect(byName["Sub Manager"]).toMatchObject({ openTasks: 0, overdueTasks: 0, openEstimateHours: 0, workloadPercent: 0, overloaded: false, pendingLeave: 0 });
  });

  it("shows today's attendance and flags an open session older than 12 hours", async () => {
    const t = await team();
    const now = new Date();
    const inAt = new Date(now.getTime() - 60_000);
    await db.attendanceSession.create({ data: { userId: t.alia.user.id, checkInAt: inAt } });
    await db.attendanceSession.create({ data: { userId: t.babar.user.id, checkInAt: new Date(now.getTime() - 13 * HOUR) } });
    const outAt = new Date(now.getTime() - 30_000);
    await db.attendanceSession.create({ data: { userId: t.lead.user.id, checkInAt: new Date(now.getTime() - 90_000), checkOutAt: outAt } });
    await db.attendanceSession.create({ data: { userId: t.subManager.user.id, checkInAt: new Date(now.getTime() - 50 * HOUR), checkOutAt: new Date(now.getTime() - 42 * HOUR) } });

    const { members } = await getTeamOverview({ viewer: t.boss.actor, now });
    const byName = Object.fromEntries(members.map((m) => [m.name, m.attendance]));
    expect(byName.Alia).toEqual({ state: "checked_in", since: inAt, missingCheckout: false, label: `Checked in since ${formatTime(inAt)}` });
    expect(byName.Babar).toMatchObject({ state: "checked_in", missingCheckout: true });
    expect(byName.Babar!.label).toMatch(/^Checked in since .*PKT$/);
    expect(byName["Lutfi Lead"]).toEqual({ state: "checked_out", at: outAt, label: `Checked out at ${formatTime(outAt)}` });
    expect(byName["Sub Manager"]).toEqual({ state: "not_in", label: "Not in today" });
  });
});
