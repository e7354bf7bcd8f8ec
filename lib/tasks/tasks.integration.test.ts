import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { auditFor, createUser } from "@/test/factories";
import { toPktLocalInput } from "@/lib/time";
import { getEditableTimeLog, listAssignablePeople, listEditableTimeLogs, listMyOpenTasks, listTasksToReview, listTeamTasks } from "./queries";
import { completeTask, createTask, editTimeLog, reviewTask, startTask, startTimer, stopTimer } from "./service";

const HOUR = 3_600_000;

function inHours(hours: number) {
  return toPktLocalInput(new Date(Date.now() + hours * HOUR));
}

/** A task as the world the test starts from (created directly, not through the service). */
async function seedTask(assigneeId: string, options: { status?: TaskStatus; title?: string; createdById?: string } = {}) {
  const status = options.status ?? "TODO";
  const now = new Date();
  return db.task.create({
    data: {
      title: options.title ?? `Task ${Math.random().toString(36).slice(2, 8)}`,
      assigneeId,
      createdById: options.createdById ?? null,
      dueDate: new Date(Date.now() + 48 * HOUR),
      estimateMinutes: 120,
      status,
      startedAt: status === "TODO" ? null : now,
      completedAt: status === "COMPLETED" || status === "REVIEWED" ? now : null,
    },
  });
}

/** A manager with two reports (one of them a team lead), and a stranger in another team. */
async function team() {
  const boss = await createUser({ role: "manager", name: "Maya Manager" });
  const lead = await createUser({ role: "team_lead", managerId: boss.user.id, name: "Lena Lead" });
  const dev = await createUser({ managerId: boss.user.id, name: "Dev Report" });
  const otherManager = await createUser({ role: "manager", name: "Omar Other" });
  const stranger = await createUser({ managerId: otherManager.user.id, name: "Sam Stranger" });
  return { boss, lead, dev, otherManager, stranger };
}

function taskInput(assigneeId: string, overrides: Partial<{ title: string; dueAt: string; estimateMinutes: number; description: string }> = {}) {
  return { title: "Prepare payroll report", description: "For the November close", assigneeId, dueAt: inHours(48), estimateMinutes: 90, ...overrides };
}

describe("createTask", () => {
  it("lets a manager assign to a direct report and records the new task", async () => {
    const { boss, dev } = await team();
    const task = await createTask({ ...boss.ctx, ...taskInput(dev.user.id) });
    expect(task).toMatchObject({ title: "Prepare payroll report", assigneeId: dev.user.id, createdById: boss.user.id, status: "TODO", estimateMinutes: 90 });
    const [entry] = await auditFor(task.id);
    expect(entry).toMatchObject({
      actionType: "task.created",
      eventCategory: "performance",
      objectType: "task",
      objectName: "Prepare payroll report",
      userId: boss.user.id,
      subjectUserId: dev.user.id,
    });
    expect(entry!.actionDescription).toContain('assigned "Prepare payroll report" to Dev Report, due ');
    expect(entry!.actionDescription).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(entry!.oldValues).toEqual({});
    expect(entry!.newValues).toEqual({
      title: "Prepare payroll report",
      description: "For the November close",
      assignee: "Dev Report",
      dueDate: task.dueDate.toISOString(),
      estimateMinutes: 90,
      status: "TODO",
    });
  });

  it("lets a team lead assign to their direct reports only: not to peers who share their manager, managers or other teams", async () => {
    const { boss, lead, dev, stranger } = await team();
    const peerManager = await createUser({ role: "manager", managerId: boss.user.id });
    const report = await createUser({ managerId: lead.user.id, name: "Lead's Report" });
    const task = await createTask({ ...lead.ctx, ...taskInput(report.user.id) });
    expect(task.assigneeId).toBe(report.user.id);
    for (const target of [dev.user.id, boss.user.id, peerManager.user.id, stranger.user.id, lead.user.id]) {
      await expect(createTask({ ...lead.ctx, ...taskInput(target) })).rejects.toThrow("That person was not found, or you cannot assign tasks to them.");
    }
  });

  it("lets an admin assign to anyone active", async () => {
    const admin = await createUser({ role: "admin" });
    const { stranger } = await team();
    const loner = await createUser();
    expect((await createTask({ ...admin.ctx, ...taskInput(stranger.user.id) })).assigneeId).toBe(stranger.user.id);
    expect((await createTask({ ...admin.ctx, ...taskInput(loner.user.id) })).assigneeId).toBe(loner.user.id);
    const suspended = await createUser({ status: "suspended" });
    await expect(createTask({ ...admin.ctx, ...taskInput(suspended.user.id) })).rejects.toThrow(/cannot assign tasks to them/);
  });

  it("refuses a manager outside the assignee's team and people without tasks:assign", async () => {
    const { boss, dev, stranger } = await team();
    await expect(createTask({ ...boss.ctx, ...taskInput(stranger.user.id) })).rejects.toThrow(/cannot assign tasks to them/);
    const hr = await createUser({ role: "hr_operations" });
    await expect(createTask({ ...dev.ctx, ...taskInput(stranger.user.id) })).rejects.toThrow("You are not allowed to assign tasks.");
    await expect(createTask({ ...hr.ctx, ...taskInput(dev.user.id) })).rejects.toThrow("You are not allowed to assign tasks.");
    expect(await db.task.count({ where: { assigneeId: { in: [dev.user.id, stranger.user.id] } } })).toBe(0);
    expect(await db.auditLog.count({ where: { subjectUserId: { in: [dev.user.id, stranger.user.id] } } })).toBe(0);
  });

  it("validates the due date, the estimate and the title", async () => {
    const { boss, dev } = await team();
    const base = { ...boss.ctx, ...taskInput(dev.user.id) };
    await expect(createTask({ ...base, dueAt: inHours(-2) })).rejects.toThrow("The due date must be in the future.");
    await expect(createTask({ ...base, dueAt: inHours(24 * 400) })).rejects.toThrow("The due date must be within a year.");
    await expect(createTask({ ...base, dueAt: "not a date" })).rejects.toThrow("Enter a valid due date.");
    for (const estimateMinutes of [10, 2401, 30.5]) {
      await expect(createTask({ ...base, estimateMinutes })).rejects.toThrow(/between 15 minutes and 40 hours/);
    }
    await expect(createTask({ ...base, title: "  x " })).rejects.toThrow(/title of 3 to 200 characters/);
    expect(await createTask({ ...base, estimateMinutes: 15 })).toMatchObject({ estimateMinutes: 15 });
    expect(await createTask({ ...base, estimateMinutes: 2400 })).toMatchObject({ estimateMinutes: 2400 });
    expect(await db.task.count({ where: { assigneeId: dev.user.id } })).toBe(2);
  });
});

describe("status flow", () => {
  it("goes TODO → IN_PROGRESS → COMPLETED → REVIEWED, each step recorded with old and new values", async () => {
    const { boss, dev } = await team();
    const task = await seedTask(dev.user.id, { title: "Close the books" });
    const started = await startTask({ ...dev.ctx, taskId: task.id });
    expect(started.status).toBe("IN_PROGRESS");
    expect(started.startedAt).not.toBeNull();
    const completed = await completeTask({ ...dev.ctx, taskId: task.id });
    expect(completed.status).toBe("COMPLETED");
    expect(completed.completedAt).not.toBeNull();
    const reviewed = await reviewTask({ ...boss.ctx, taskId: task.id });
    expect(reviewed).toMatchObject({ status: "REVIEWED", reviewedById: boss.user.id });
    expect(reviewed.reviewedAt).not.toBeNull();

    const entries = await auditFor(task.id);
    expect(entries.map((e) => e.actionType)).toEqual(["task.started", "task.completed", "task.reviewed"]);
    for (const e of entries) expect(e).toMatchObject({ eventCategory: "performance", subjectUserId: dev.user.id, objectName: "Close the books" });
    expect(entries.map((e) => e.userId)).toEqual([dev.user.id, dev.user.id, boss.user.id]);
    expect(entries[0]!.oldValues).toEqual({ status: "TODO", startedAt: null });
    expect(entries[0]!.newValues).toEqual({ status: "IN_PROGRESS", startedAt: started.startedAt!.toISOString() });
    expect(entries[1]!.oldValues).toEqual({ status: "IN_PROGRESS", completedAt: null });
    expect(entries[1]!.newValues).toEqual({ status: "COMPLETED", completedAt: completed.completedAt!.toISOString() });
    expect(entries[2]!.oldValues).toEqual({ status: "COMPLETED", reviewedAt: null, reviewedBy: null });
    expect(entries[2]!.newValues).toEqual({ status: "REVIEWED", reviewedAt: reviewed.reviewedAt!.toISOString(), reviewedBy: "Maya Manager" });
    expect(entries[2]!.actionDescription).toBe('Maya Manager reviewed "Close the books" completed by Dev Report');
  });

  it("lets the team lead the assignee reports to review", async () => {
    const { lead } = await team();
    const report = await createUser({ managerId: lead.user.id });
    const task = await seedTask(report.user.id, { status: "COMPLETED" });
    expect((await reviewTask({ ...lead.ctx, taskId: task.id })).reviewedById).toBe(lead.user.id);
  });

  it("refuses skipping a state or going back", async () => {
    const { boss, dev } = await team();
    const todo = await seedTask(dev.user.id, { title: "Todo task" });
    await expect(completeTask({ ...dev.ctx, taskId: todo.id })).rejects.toThrow('Start "Todo task" before completing it.');
    await expect(reviewTask({ ...boss.ctx, taskId: todo.id })).rejects.toThrow('"Todo task" is to do; only a completed task can be reviewed.');
    const doing = await seedTask(dev.user.id, { status: "IN_PROGRESS", title: "Doing task" });
    await expect(startTask({ ...dev.ctx, taskId: doing.id })).rejects.toThrow('"Doing task" is already in progress; only a to-do task can be started.');
    await expect(reviewTask({ ...boss.ctx, taskId: doing.id })).rejects.toThrow(/only a completed task can be reviewed/);
    const done = await seedTask(dev.user.id, { status: "COMPLETED", title: "Done task" });
    await expect(startTask({ ...dev.ctx, taskId: done.id })).rejects.toThrow(/already completed; only a to-do task/);
    await expect(completeTask({ ...dev.ctx, taskId: done.id })).rejects.toThrow('"Done task" is already completed.');
    const reviewed = await seedTask(dev.user.id, { status: "REVIEWED", title: "Reviewed task" });
    await expect(reviewTask({ ...boss.ctx, taskId: reviewed.id })).rejects.toThrow('"Reviewed task" is reviewed; only a completed task can be reviewed.');
    await expect(completeTask({ ...dev.ctx, taskId: reviewed.id })).rejects.toThrow(/already reviewed/);
    expect((await db.task.findMany({ where: { assigneeId: dev.user.id }, orderBy: { title: "asc" } })).map((t) => t.status)).toEqual(["IN_PROGRESS", "COMPLETED", "REVIEWED", "TODO"]);
    expect(await db.auditLog.count({ where: { subjectUserId: dev.user.id } })).toBe(0);
  });

  it("lets only the assignee start and complete", async () => {
    const { boss, lead, dev } = await team();
    const task = await seedTask(dev.user.id);
    for (const other of [boss, lead]) {
      await expect(startTask({ ...other.ctx, taskId: task.id })).rejects.toThrow("That task was not found, or it is not assigned to you.");
    }
    await startTask({ ...dev.ctx, taskId: task.id });
    for (const other of [boss, lead]) {
      await expect(completeTask({ ...other.ctx, taskId: task.id })).rejects.toThrow("That task was not found, or it is not assigned to you.");
    }
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("IN_PROGRESS");
  });

  it("refuses reviews by the assignee, by people outside the team and by roles without review rights", async () => {
    const { boss, lead, dev, otherManager } = await team();
    // The team lead's own task: they cannot review it; their manager can.
    const leadTask = await seedTask(lead.user.id, { status: "COMPLETED" });
    await expect(reviewTask({ ...lead.ctx, taskId: leadTask.id })).rejects.toThrow("You cannot review your own task; your manager or team lead reviews it.");
    // A manager's own task, assigned by their manager.
    const bossTask = await seedTask(boss.user.id, { status: "COMPLETED" });
    await expect(reviewTask({ ...boss.ctx, taskId: bossTask.id })).rejects.toThrow(/cannot review your own task/);
    const devTask = await seedTask(dev.user.id, { status: "COMPLETED" });
    await expect(reviewTask({ ...otherManager.ctx, taskId: devTask.id })).rejects.toThrow("That task was not found, or it is not one you review.");
    const hr = await createUser({ role: "hr_operations" });
    const admin = await createUser({ role: "admin" });
    for (const who of [dev, hr, admin]) {
      await expect(reviewTask({ ...who.ctx, taskId: devTask.id })).rejects.toThrow("You are not allowed to review tasks.");
    }
    // A team lead reviews neither a manager nor a colleague who shares their manager.
    const peerManager = await createUser({ role: "manager", managerId: boss.user.id });
    const peerTask = await seedTask(peerManager.user.id, { status: "COMPLETED" });
    await expect(reviewTask({ ...lead.ctx, taskId: peerTask.id })).rejects.toThrow(/not one you review/);
    await expect(reviewTask({ ...lead.ctx, taskId: devTask.id })).rejects.toThrow(/not one you review/);
    const ids = [leadTask.id, bossTask.id, devTask.id, peerTask.id];
    expect(await db.task.count({ where: { id: { in: ids }, status: "REVIEWED" } })).toBe(0);
    expect(await db.auditLog.count({ where: { objectId: { in: ids } } })).toBe(0);
    await reviewTask({ ...boss.ctx, taskId: leadTask.id });
  });

  it("lets only one of two racing completions through", async () => {
    const { dev } = await team();
    const task = await seedTask(dev.user.id, { status: "IN_PROGRESS" });
    const results = await Promise.allSettled([completeTask({ ...dev.ctx, taskId: task.id }), completeTask({ ...dev.ctx, taskId: task.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await auditFor(task.id)).map((e) => e.actionType)).toEqual(["task.completed"]);
  });
});

describe("timers", () => {
  it("starts a timer on a to-do task (starting the task) and stops it, each recorded", async () => {
    const { dev } = await team();
    const task = await seedTask(dev.user.id, { title: "Write the handbook" });
    const log = await startTimer({ ...dev.ctx, taskId: task.id });
    expect(log).toMatchObject({ userId: dev.user.id, taskId: task.id, endedAt: null });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("IN_PROGRESS");
    expect((await auditFor(task.id)).map((e) => e.actionType)).toEqual(["task.started"]);
    const [started] = await auditFor(log.id);
    expect(started).toMatchObject({ actionType: "time_log.started", eventCategory: "time_attendance", objectType: "time_log", objectName: "Write the handbook", subjectUserId: dev.user.id });
    expect(started!.newValues).toEqual({ task: "Write the handbook", startedAt: log.startedAt.toISOString() });

    const stopped = await stopTimer(dev.ctx);
    expect(stopped.id).toBe(log.id);
    expect(stopped.endedAt).not.toBeNull();
    const entries = await auditFor(log.id);
    expect(entries.map((e) => e.actionType)).toEqual(["time_log.started", "time_log.stopped"]);
    expect(entries[1]).toMatchObject({ subjectUserId: dev.user.id, userId: dev.user.id });
    expect(entries[1]!.oldValues).toEqual({ endedAt: null });
    expect(entries[1]!.newValues).toEqual({ endedAt: stopped.endedAt!.toISOString() });
  });

  it("keeps an in-progress task as it is when a timer starts on it", async () => {
    const { dev } = await team();
    const task = await seedTask(dev.user.id, { status: "IN_PROGRESS" });
    await startTimer({ ...dev.ctx, taskId: task.id });
    expect(await auditFor(task.id)).toHaveLength(0);
  });

  it("allows one running timer per person, even when two starts race", async () => {
    const { dev } = await team();
    const a = await seedTask(dev.user.id, { title: "Task A" });
    const b = await seedTask(dev.user.id, { title: "Task B", status: "IN_PROGRESS" });
    await startTimer({ ...dev.ctx, taskId: a.id });
    await expect(startTimer({ ...dev.ctx, taskId: b.id })).rejects.toThrow(/^You already have a timer running on "Task A" since \d{2}:\d{2} PKT\. Stop it first\.$/);
    await stopTimer(dev.ctx);
    const results = await Promise.allSettled([startTimer({ ...dev.ctx, taskId: a.id }), startTimer({ ...dev.ctx, taskId: b.id }), startTimer({ ...dev.ctx, taskId: b.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toMatch(/already have a timer running/);
    expect(await db.timeLog.count({ where: { userId: dev.user.id, endedAt: null } })).toBe(1);
  });

  it("refuses timing a finished task or someone else's, and stopping when nothing runs", async () => {
    const { boss, dev } = await team();
    const done = await seedTask(dev.user.id, { status: "COMPLETED", title: "Done" });
    const reviewed = await seedTask(dev.user.id, { status: "REVIEWED", title: "Signed off" });
    await expect(startTimer({ ...dev.ctx, taskId: done.id })).rejects.toThrow('"Done" is completed; a finished task cannot be timed.');
    await expect(startTimer({ ...dev.ctx, taskId: reviewed.id })).rejects.toThrow(/reviewed; a finished task cannot be timed/);
    const open = await seedTask(dev.user.id);
    await expect(startTimer({ ...boss.ctx, taskId: open.id })).rejects.toThrow("That task was not found, or it is not assigned to you.");
    await expect(stopTimer(dev.ctx)).rejects.toThrow("You have no timer running.");
    expect(await db.timeLog.count({ where: { userId: dev.user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { subjectUserId: dev.user.id } })).toBe(0);
  });

  it("stops the task's timer when the task is completed", async () => {
    const { dev } = await team();
    const task = await seedTask(dev.user.id, { title: "Ship it" });
    const log = await startTimer({ ...dev.ctx, taskId: task.id });
    await completeTask({ ...dev.ctx, taskId: task.id });
    expect((await db.timeLog.findUniqueOrThrow({ where: { id: log.id } })).endedAt).not.toBeNull();
    expect((await auditFor(log.id)).map((e) => e.actionType)).toEqual(["time_log.started", "time_log.stopped"]);
  });
});

describe("editTimeLog", () => {
  async function pastLog(userId: string, taskTitle = "Audit prep") {
    const task = await seedTask(userId, { status: "IN_PROGRESS", title: taskTitle });
    // Whole minutes, as the edit form (datetime-local) works in minutes.
    const startedAt = new Date(Math.floor((Date.now() - 26 * HOUR) / 60_000) * 60_000);
    return db.timeLog.create({ data: { userId, taskId: task.id, startedAt, endedAt: new Date(startedAt.getTime() + 2 * HOUR) } });
  }

  it("lets a manager correct a direct report's time log and records old and new values with the reason", async () => {
    const { boss, dev } = await team();
    const log = await pastLog(dev.user.id);
    const newStart = new Date(log.startedAt.getTime() - 30 * 60_000);
    const updated = await editTimeLog({ ...boss.ctx, timeLogId: log.id, startedAt: toPktLocalInput(newStart), endedAt: toPktLocalInput(log.endedAt), reason: "Forgot to start the timer" });
    expect(updated).toMatchObject({ isManualEdit: true, editedById: boss.user.id, editReason: "Forgot to start the timer", startedAt: newStart });
    const [entry] = await auditFor(log.id);
    expect(entry).toMatchObject({
      actionType: "time_log.edited",
      eventCategory: "time_attendance",
      riskLevel: "medium",
      isComplianceRelated: true,
      subjectUserId: dev.user.id,
      userName: "Maya Manager",
      objectName: "Audit prep",
    });
    expect(entry!.oldValues).toEqual({ startedAt: log.startedAt.toISOString() });
    expect(entry!.newValues).toEqual({ startedAt: newStart.toISOString() });
    expect(entry!.additionalData).toMatchObject({ reason: "Forgot to start the timer", manualEdit: true });
    expect(entry!.actionDescription).toContain("Maya Manager edited Dev Report's time on \"Audit prep\"");
  });

  it("lets HR Operations and admins correct anyone's time log, including stopping a running one", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const admin = await createUser({ role: "admin" });
    const { stranger } = await team();
    const log = await pastLog(stranger.user.id);
    const end = new Date(log.startedAt.getTime() + 3 * HOUR);
    await editTimeLog({ ...hr.ctx, timeLogId: log.id, startedAt: toPktLocalInput(log.startedAt), endedAt: toPktLocalInput(end), reason: "Worked late on it" });
    expect((await db.timeLog.findUniqueOrThrow({ where: { id: log.id } })).endedAt).toEqual(end);
    const running = await startTimer({ ...stranger.ctx, taskId: (await seedTask(stranger.user.id)).id });
    const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000);
    const newStart = minute(Date.now() - 40 * 60_000);
    const stopAt = minute(Date.now() - 60_000);
    const edited = await editTimeLog({ ...admin.ctx, timeLogId: running.id, startedAt: toPktLocalInput(newStart), endedAt: toPktLocalInput(stopAt), reason: "Left it running" });
    expect(edited).toMatchObject({ startedAt: newStart, endedAt: stopAt, editedById: admin.user.id });
    const entries = await auditFor(running.id);
    expect(entries.map((e) => e.actionType)).toEqual(["time_log.started", "time_log.edited"]);
    expect(entries[1]).toMatchObject({ subjectUserId: stranger.user.id, userId: admin.user.id });
    expect(entries[1]!.oldValues).toEqual({ startedAt: running.startedAt.toISOString(), endedAt: null });
    expect(entries[1]!.newValues).toEqual({ startedAt: newStart.toISOString(), endedAt: stopAt.toISOString() });
  });

  it("refuses other teams, roles without the permission, your own logs and a short reason", async () => {
    const { boss, lead, dev, otherManager } = await team();
    const log = await pastLog(dev.user.id);
    const input = { timeLogId: log.id, startedAt: toPktLocalInput(log.startedAt), endedAt: toPktLocalInput(log.endedAt), reason: "Correction" };
    await expect(editTimeLog({ ...otherManager.ctx, ...input })).rejects.toThrow("That time log was not found, or it is not one you can edit.");
    for (const who of [lead, dev]) {
      await expect(editTimeLog({ ...who.ctx, ...input })).rejects.toThrow("You are not allowed to edit time logs.");
    }
    const hr = await createUser({ role: "hr_operations" });
    const hrLog = await pastLog(hr.user.id);
    await expect(editTimeLog({ ...hr.ctx, ...input, timeLogId: hrLog.id })).rejects.toThrow("You cannot edit your own time logs; ask your manager or HR Operations.");
    const bossLog = await pastLog(boss.user.id);
    await expect(editTimeLog({ ...boss.ctx, ...input, timeLogId: bossLog.id })).rejects.toThrow(/not found, or it is not one you can edit/);
    await expect(editTimeLog({ ...boss.ctx, ...input, reason: " oops " })).rejects.toThrow("Give a reason of at least 5 characters.");
    expect(await db.auditLog.count({ where: { objectId: { in: [log.id, hrLog.id, bossLog.id] } } })).toBe(0);
    expect((await db.timeLog.findUniqueOrThrow({ where: { id: log.id } })).isManualEdit).toBe(false);
  });

  it("refuses an end before the start, future times, more than 24 hours and overlaps", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const someone = await createUser();
    const a = await pastLog(someone.user.id, "Task A");
    const b = await db.timeLog.create({ data: { userId: someone.user.id, startedAt: new Date(Date.now() - 50 * HOUR), endedAt: new Date(Date.now() - 48 * HOUR) } });
    const base = { ...hr.ctx, timeLogId: a.id, reason: "Fixing times" };
    await expect(editTimeLog({ ...base, startedAt: toPktLocalInput(a.endedAt), endedAt: toPktLocalInput(a.startedAt) })).rejects.toThrow("The end must be after the start.");
    await expect(editTimeLog({ ...base, startedAt: toPktLocalInput(a.startedAt), endedAt: inHours(2) })).rejects.toThrow("Time log times cannot be in the future.");
    await expect(editTimeLog({ ...base, startedAt: toPktLocalInput(new Date(a.endedAt!.getTime() - 25 * HOUR)), endedAt: toPktLocalInput(a.endedAt) })).rejects.toThrow("A time log cannot be longer than 24 hours.");
    const insideB = new Date(b.endedAt!.getTime() - HOUR);
    await expect(editTimeLog({ ...base, startedAt: toPktLocalInput(insideB), endedAt: toPktLocalInput(new Date(insideB.getTime() + 2 * HOUR)) })).rejects.toThrow(/^Those times overlap another time log \(.* PKT – .* PKT\)\.$/);
    await expect(editTimeLog({ ...base, startedAt: "2026-13-45T99:99", endedAt: toPktLocalInput(a.endedAt) })).rejects.toThrow("Enter a valid start time.");
    expect(await auditFor(a.id)).toHaveLength(0);
  });
});

describe("queries", () => {
  it("offer the same people and records the services accept, with labels", async () => {
    const { boss, lead, dev, otherManager, stranger } = await team();
    const peerManager = await createUser({ role: "manager", managerId: boss.user.id });
    const leadScope = { id: lead.user.id, role: lead.user.role };
    const report = await createUser({ managerId: lead.user.id, name: "Lead's Report" });
    expect((await listAssignablePeople(leadScope)).map((p) => p.name)).toEqual(["Lead's Report"]);
    const bossScope = { id: boss.user.id, role: boss.user.role };
    expect((await listAssignablePeople(bossScope)).map((p) => p.name).sort()).toEqual(["Dev Report", "Lena Lead", peerManager.user.name].sort());
    expect(await listAssignablePeople({ id: dev.user.id, role: "employee" })).toEqual([]);

    const done = await seedTask(dev.user.id, { status: "COMPLETED", title: "To sign off" });
    const reportDone = await seedTask(report.user.id, { status: "COMPLETED", title: "Lead's report finished" });
    await seedTask(stranger.user.id, { status: "COMPLETED" });
    const toReview = await listTasksToReview(leadScope);
    expect(toReview.map((t) => t.id)).toEqual([reportDone.id]);
    expect(toReview[0]!.assignee).toMatchObject({ name: "Lead's Report", department: { name: "Engineering" } });
    expect((await listTasksToReview(bossScope)).map((t) => t.id)).toEqual([done.id]);
    expect(await listTasksToReview({ id: otherManager.user.id, role: "manager" })).toHaveLength(1);

    const created = await createTask({ ...boss.ctx, ...taskInput(dev.user.id, { title: "Fresh" }) });
    const teamTasks = await listTeamTasks(bossScope);
    expect(teamTasks.rows.map((t) => t.title)).toEqual(["Fresh", "To sign off"]);
    expect(teamTasks.rows[0]!.id).toBe(created.id);

    const soon = await seedTask(dev.user.id, { status: "IN_PROGRESS", title: "Soon" });
    await db.task.update({ where: { id: soon.id }, data: { dueDate: new Date(Date.now() + HOUR) } });
    expect((await listMyOpenTasks(dev.user)).map((t) => t.title)).toEqual(["Soon", "Fresh"]);

    const devLog = await db.timeLog.create({ data: { userId: dev.user.id, startedAt: new Date(Date.now() - 3 * HOUR), endedAt: new Date(Date.now() - 2 * HOUR) } });
    const bossLog = await db.timeLog.create({ data: { userId: boss.user.id, startedAt: new Date(Date.now() - 3 * HOUR), endedAt: new Date(Date.now() - 2 * HOUR) } });
    const strangerLog = await db.timeLog.create({ data: { userId: stranger.user.id, startedAt: new Date(Date.now() - 3 * HOUR), endedAt: new Date(Date.now() - 2 * HOUR) } });
    expect((await listEditableTimeLogs(boss.user))!.rows.map((l) => l.id)).toEqual([devLog.id]);
    expect(await listEditableTimeLogs(lead.user)).toBeNull();
    expect(await getEditableTimeLog(boss.user, bossLog.id)).toBeNull();
    const hr = await createUser({ role: "hr_operations" });
    const hrLog = await db.timeLog.create({ data: { userId: hr.user.id, startedAt: new Date(Date.now() - 3 * HOUR), endedAt: new Date(Date.now() - 2 * HOUR) } });
    const hrSees = (await listEditableTimeLogs(hr.user))!.rows.map((l) => l.id);
    expect(hrSees).toEqual(expect.arrayContaining([devLog.id, bossLog.id, strangerLog.id]));
    expect(hrSees).not.toContain(hrLog.id);
  });
});
