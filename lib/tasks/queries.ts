import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { timeIdCursor } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import { OPEN_TASK_STATUSES } from "./labels";
import type { Viewer } from "@/lib/access/scope";
import { assignableUsersWhere, editableTimeLogsWhere, reviewableAssigneesWhere } from "./scope";

const PAGE = 20;
// Open work per person is short; a cap keeps a neglected backlog from flooding the page.
const OPEN_LIMIT = 100;

const personLabel = { select: { name: true, title: true, department: { select: { name: true } } } } as const;

// Each paged list's cursor: the last row's (time, id) in its order.
const finishedCursor = timeIdCursor("tasks-finished");
const teamCursor = timeIdCursor("tasks-team");
const myLogsCursor = timeIdCursor("time-logs");
const othersLogsCursor = timeIdCursor("time-logs-others");

function page<T extends { id: string }>(rows: T[], codec: typeof finishedCursor, at: (row: T) => Date) {
  return keysetPage(rows, PAGE, (last) => codec.encode({ at: at(last), id: last.id }));
}

/** The viewer's open tasks, soonest due first, with the time logged on each. */
export async function listMyOpenTasks(viewer: Viewer) {
  const tasks = await db.task.findMany({
    where: { assigneeId: viewer.id, status: { in: OPEN_TASK_STATUSES } },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
    take: OPEN_LIMIT,
    include: { createdBy: { select: { name: true } }, timeLogs: { select: { startedAt: true, endedAt: true } } },
  });
  const now = Date.now();
  return tasks.map(({ timeLogs, ...task }) => ({
    ...task,
    loggedMs: timeLogs.reduce((sum, l) => sum + ((l.endedAt?.getTime() ?? now) - l.startedAt.getTime()), 0),
  }));
}

/** The viewer's finished tasks, most recently completed first. */
export async function listMyFinishedTasks(viewer: Viewer, cursor?: string) {
  const after = finishedCursor.parse(cursor);
  const rows = await db.task.findMany({
    where: {
      AND: [{ assigneeId: viewer.id, status: { in: ["COMPLETED", "REVIEWED"] } }, keysetWhere("desc", after && { completedAt: after.at, id: after.id })],
    },
    orderBy: [{ completedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: PAGE + 1,
    include: { reviewedBy: { select: { name: true } } },
  });
  return page(rows, finishedCursor, (t) => t.completedAt ?? t.updatedAt);
}

/** Completed tasks waiting for this reviewer, oldest completion first. */
export async function listTasksToReview(actor: Viewer) {
  const scope = reviewableAssigneesWhere(actor);
  if (!scope) return [];
  return db.task.findMany({
    where: { status: "COMPLETED", assignee: scope },
    orderBy: [{ completedAt: "asc" }, { id: "asc" }],
    take: OPEN_LIMIT,
    include: { assignee: personLabel },
  });
}

/** Tasks the person assigned, or that belong to the people they assign to, newest first. */
export async function listTeamTasks(actor: Viewer, cursor?: string) {
  const after = teamCursor.parse(cursor);
  const scope = assignableUsersWhere(actor);
  if (!scope) return { rows: [], next: null };
  const mine: Prisma.TaskWhereInput = { OR: [{ createdById: actor.id }, { assignee: scope }] };
  const rows = await db.task.findMany({
    where: { AND: [mine, keysetWhere("desc", after && { createdAt: after.at, id: after.id })] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { assignee: personLabel },
  });
  return page(rows, teamCursor, (t) => t.createdAt);
}

/** Everyone the actor may assign a task to, with the labels a picker shows. */
export async function listAssignablePeople(actor: Viewer) {
  const scope = assignableUsersWhere(actor);
  if (!scope) return [];
  return db.user.findMany({
    where: scope,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, title: true, department: { select: { name: true } } },
  });
}

/** The viewer's running timer with its task title, or null. Suits a home-page widget. */
export async function getRunningTimer(viewer: Viewer) {
  return db.timeLog.findFirst({
    where: { userId: viewer.id, endedAt: null },
    include: { task: { select: { id: true, title: true } } },
  });
}

/** The viewer's time logs, newest first. */
export async function listMyTimeLogs(viewer: Viewer, cursor?: string) {
  const after = myLogsCursor.parse(cursor);
  const rows = await db.timeLog.findMany({
    where: { AND: [{ userId: viewer.id }, keysetWhere("desc", after && { startedAt: after.at, id: after.id })] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { task: { select: { title: true } }, editedBy: { select: { name: true } } },
  });
  return page(rows, myLogsCursor, (l) => l.startedAt);
}

/**
 * Time logs the actor may correct (a manager's direct reports; everyone for HR
 * Operations and admins), never their own, newest first.
 */
export async function listEditableTimeLogs(actor: Viewer, cursor?: string) {
  const after = othersLogsCursor.parse(cursor);
  const scope = editableTimeLogsWhere(actor);
  if (!scope) return null;
  const rows = await db.timeLog.findMany({
    where: { AND: [scope, { userId: { not: actor.id } }, keysetWhere("desc", after && { startedAt: after.at, id: after.id })] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { user: personLabel, task: { select: { title: true } }, editedBy: { select: { name: true } } },
  });
  return page(rows, othersLogsCursor, (l) => l.startedAt);
}

/** One time log the actor may correct (same scope as the edit service), or null. */
export async function getEditableTimeLog(actor: Viewer, timeLogId: string) {
  const scope = editableTimeLogsWhere(actor);
  if (!scope) return null;
  return db.timeLog.findFirst({
    where: { AND: [{ id: timeLogId }, scope, { userId: { not: actor.id } }] },
    include: { user: personLabel, task: { select: { title: true } } },
  });
}
