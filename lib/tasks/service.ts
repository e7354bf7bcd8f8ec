import { actorFromUser } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { auditedTransaction, type AuditRecorder } from "@/lib/audit/write/transaction";
import type { AuditRowsInput } from "@/lib/audit/write/writer";
import { can } from "@/lib/access/permissions";
import type { Tx } from "@/lib/db";
import { isPrismaError, ServiceError } from "@/lib/errors";
import { Prisma, type Task } from "@/lib/generated/prisma/client";
import type { ServiceContext } from "@/lib/service-context";
import { overlapWhere } from "@/lib/spans";
import { formatDate, formatDateTime, formatDuration, formatTime, fromPktLocalInput } from "@/lib/time";
import { TASK_STATUS_LABELS } from "./labels";
import { MAX_ESTIMATE_MINUTES, MAX_TITLE_LENGTH, MIN_ESTIMATE_MINUTES } from "./schemas";
import { assignableUsersWhere, editableTimeLogsWhere, reviewableAssigneesWhere } from "./scope";

const MODULE = "tasks";
const HOUR_MS = 3_600_000;
const MAX_DUE_AHEAD_MS = 366 * 24 * HOUR_MS;
const MAX_TIME_LOG_MS = 24 * HOUR_MS;

/**
 * Runs an update whose `where` carries the state it expects. When a concurrent change
 * got there first the row no longer matches (P2025), and the person is told so rather
 * than a state being skipped.
 */
async function guarded<T>(update: Promise<T>, message: string): Promise<T> {
  try {
    return await update;
  } catch (error) {
    if (isPrismaError(error, "P2025")) throw new ServiceError(message, "conflict");
    throw error;
  }
}

function parsePktInput(value: string, what: string): Date {
  const date = fromPktLocalInput(value);
  if (Number.isNaN(date.getTime())) throw new ServiceError(`Enter a valid ${what}.`);
  return date;
}

function taskObject(task: Pick<Task, "id" | "title">) {
  return { type: "task", id: task.id, name: task.title };
}

type TaskStep = Pick<AuditEntryInput, "eventType" | "actionType" | "description"> & {
  /** The time the step stamps; the entry records it and the status, before and after. */
  stamp: "startedAt" | "completedAt" | "reviewedAt";
  /** A review also records who reviewed. */
  reviewedBy?: string;
};

/** The entry for a task moving on a step (started, completed, reviewed): about the task, for its assignee. */
function taskStepEntry({ actor, request }: Pick<ServiceContext, "actor" | "request">, task: Task, updated: Task, { stamp, reviewedBy, ...step }: TaskStep): AuditEntryInput {
  const review = reviewedBy !== undefined;
  return {
    ...step,
    category: "performance",
    module: MODULE,
    actor: actorFromUser(actor),
    context: request,
    object: taskObject(task),
    subjectUserId: task.assigneeId,
    before: { status: task.status, [stamp]: task[stamp], ...(review ? { reviewedBy: null } : {}) },
    after: { status: updated.status, [stamp]: updated[stamp], ...(review ? { reviewedBy } : {}) },
  };
}

function timeLogObject(log: { id: string }, taskTitle: string | null | undefined) {
  return { type: "time_log", id: log.id, name: taskTitle ?? "Untitled work" };
}

type TimerStoppedOptions = Pick<ServiceContext, "actor" | "request"> & {
  audit: AuditRecorder;
  log: { id: string; startedAt: Date };
  taskTitle: string | null | undefined;
  endedAt: Date;
  /** What stopped it, as the entry's description says. */
  description: string;
};

function timerStoppedEntry({ actor, request, log, taskTitle, endedAt, description }: Omit<TimerStoppedOptions, "audit">): AuditEntryInput {
  return {
    eventType: "update",
    category: "time_attendance",
    actionType: "time_log.stopped",
    module: MODULE,
    description,
    actor: actorFromUser(actor),
    context: request,
    object: timeLogObject(log, taskTitle),
    subjectUserId: actor.id,
    before: { endedAt: null },
    after: { endedAt },
    additionalData: { durationMinutes: Math.round((endedAt.getTime() - log.startedAt.getTime()) / 60_000) },
  };
}

/**
 * The one audit entry for a timer that stops, whichever path stopped it: the Stop
 * button, completing the task, or checking out.
 */
export function recordTimerStopped({ audit, ...options }: TimerStoppedOptions) {
  audit.record(timerStoppedEntry(options));
}

/**
 * The same entry for each timer stopped by an audited statement's mutation `rowsOf`,
 * which must return the time log's `id`, `started_at` and `task_title`: the row's
 * values are filled in by the statement itself (one entry per stopped timer).
 */
export function timerStoppedRows({ actor, request, rowsOf, endedAt, stoppedBy }: Pick<ServiceContext, "actor" | "request"> & { rowsOf: string; endedAt: Date; stoppedBy: string }): AuditRowsInput {
  const row = (column: string) => Prisma.raw(`${rowsOf}.${column}`);
  return {
    rowsOf,
    entry: timerStoppedEntry({ actor, request, log: { id: "", startedAt: endedAt }, taskTitle: null, endedAt, description: `Timer ${stoppedBy}` }),
    columns: {
      object_id: Prisma.sql`${row("id")}::text`,
      object_name: Prisma.sql`coalesce(${row("task_title")}, 'Untitled work')`,
      action_description: Prisma.sql`'Timer on "' || coalesce(${row("task_title")}, 'untitled work') || ${`" ${stoppedBy}`}::text`,
      additional_data: Prisma.sql`jsonb_build_object('durationMinutes', round(extract(epoch FROM ${endedAt}::timestamptz - ${row("started_at")}) / 60)::int)`,
    },
  };
}

const changedMeanwhile = (title: string) => `"${title}" was changed a moment ago. Reload the page and try again.`;

export type CreateTaskOptions = ServiceContext & {
  title: string;
  description?: string;
  assigneeId: string;
  /** PKT wall time from a datetime-local input. */
  dueAt: string;
  estimateMinutes: number;
};

/**
 * Assigns a new task: a manager or team lead to their direct reports (lib/access/scope.ts),
 * an admin to anyone active.
 */
export async function createTask({ actor, request, title, description, assigneeId, dueAt, estimateMinutes }: CreateTaskOptions) {
  if (!can(actor.role, "tasks:assign")) throw new ServiceError("You are not allowed to assign tasks.", "forbidden");
  const cleanTitle = title.trim();
  if (cleanTitle.length < 3 || cleanTitle.length > MAX_TITLE_LENGTH) {
    throw new ServiceError(`Give the task a title of 3 to ${MAX_TITLE_LENGTH} characters.`);
  }
  const dueDate = parsePktInput(dueAt, "due date");
  const now = Date.now();
  if (dueDate.getTime() <= now) throw new ServiceError("The due date must be in the future.");
  if (dueDate.getTime() - now > MAX_DUE_AHEAD_MS) throw new ServiceError("The due date must be within a year.");
  if (!Number.isInteger(estimateMinutes) || estimateMinutes < MIN_ESTIMATE_MINUTES || estimateMinutes > MAX_ESTIMATE_MINUTES) {
    throw new ServiceError("The estimate must be between 15 minutes and 40 hours, in whole minutes.");
  }
  const cleanDescription = description?.trim() || null;
  return auditedTransaction(async (tx, audit) => {
    const scope = assignableUsersWhere(actor);
    const assignee = scope
      ? await tx.user.findFirst({ where: { AND: [{ id: assigneeId }, scope] }, select: { id: true, name: true } })
      : null;
    if (!assignee) throw new ServiceError("That person was not found, or you cannot assign tasks to them.", "forbidden");
    const task = await tx.task.create({
      data: { title: cleanTitle, description: cleanDescription, assigneeId: assignee.id, createdById: actor.id, dueDate, estimateMinutes },
    });
    audit.record({
      eventType: "create",
      category: "performance",
      actionType: "task.created",
      module: MODULE,
      description: `${actor.name} assigned "${task.title}" to ${assignee.name}, due ${formatDateTime(task.dueDate)}`,
      actor: actorFromUser(actor),
      context: request,
      object: taskObject(task),
      subjectUserId: assignee.id,
      after: {
        title: task.title,
        description: task.description,
        assignee: assignee.name,
        dueDate: task.dueDate,
        estimateMinutes: task.estimateMinutes,
        status: task.status,
      },
    });
    return task;
  });
}

export type TaskOptions = ServiceContext & { taskId: string };

type RecordContext = Pick<ServiceContext, "actor" | "request"> & { tx: Tx; audit: AuditRecorder };

// Shared by "Start" and by starting a timer on a to-do task.
async function markStarted({ tx, audit, actor, request }: RecordContext, task: Task) {
  const startedAt = new Date();
  const updated = await guarded(
    tx.task.update({ where: { id: task.id, status: "TODO" }, data: { status: "IN_PROGRESS", startedAt } }),
    changedMeanwhile(task.title),
  );
  audit.record(taskStepEntry({ actor, request }, task, updated, { eventType: "update", actionType: "task.started", description: `${actor.name} started "${task.title}"`, stamp: "startedAt" }));
  return updated;
}

async function findOwnTask(tx: Tx, actorId: string, taskId: string) {
  const task = await tx.task.findFirst({ where: { id: taskId, assigneeId: actorId } });
  if (!task) throw new ServiceError("That task was not found, or it is not assigned to you.", "not_found");
  return task;
}

/** The assignee moves their task from to-do to in progress. */
export async function startTask({ actor, request, taskId }: TaskOptions) {
  return auditedTransaction(async (tx, audit) => {
    const task = await findOwnTask(tx, actor.id, taskId);
    if (task.status !== "TODO") {
      throw new ServiceError(`"${task.title}" is already ${TASK_STATUS_LABELS[task.status].toLowerCase()}; only a to-do task can be started.`, "conflict");
    }
    return markStarted({ tx, audit, actor, request }, task);
  });
}

/** Only the assignee completes, and only a task in progress. A timer on it stops too. */
export async function completeTask({ actor, request, taskId }: TaskOptions) {
  return auditedTransaction(async (tx, audit) => {
    const task = await findOwnTask(tx, actor.id, taskId);
    if (task.status === "TODO") throw new ServiceError(`Start "${task.title}" before completing it.`, "conflict");
    if (task.status !== "IN_PROGRESS") {
      throw new ServiceError(`"${task.title}" is already ${TASK_STATUS_LABELS[task.status].toLowerCase()}.`, "conflict");
    }
    const now = new Date();
    const updated = await guarded(
      tx.task.update({ where: { id: task.id, status: "IN_PROGRESS" }, data: { status: "COMPLETED", completedAt: now } }),
      changedMeanwhile(task.title),
    );
    const running = await tx.timeLog.findFirst({ where: { userId: actor.id, taskId: task.id, endedAt: null } });
    if (running) {
      await tx.timeLog.update({ where: { id: running.id, endedAt: null }, data: { endedAt: now } });
      recordTimerStopped({ audit, actor, request, log: running, taskTitle: task.title, endedAt: now, description: `Timer on "${task.title}" stopped when the task was completed` });
    }
    audit.record(taskStepEntry({ actor, request }, task, updated, { eventType: "update", actionType: "task.completed", description: `${actor.name} completed "${task.title}"`, stamp: "completedAt" }));
    return updated;
  });
}

/**
 * The person the assignee reports to (a manager or a team lead) signs off a completed
 * task. Nobody reviews their own task.
 */
export async function reviewTask({ actor, request, taskId }: TaskOptions) {
  if (!can(actor.role, "tasks:review_team")) throw new ServiceError("You are not allowed to review tasks.", "forbidden");
  return auditedTransaction(async (tx, audit) => {
    const scope = reviewableAssigneesWhere(actor);
    const task = scope
      ? await tx.task.findFirst({ where: { id: taskId, assignee: scope }, include: { assignee: { select: { name: true } } } })
      : null;
    if (!task) {
      const own = await tx.task.count({ where: { id: taskId, assigneeId: actor.id } });
      if (own) throw new ServiceError("You cannot review your own task; your manager or team lead reviews it.", "forbidden");
      throw new ServiceError("That task was not found, or it is not one you review.", "not_found");
    }
    if (task.status !== "COMPLETED") {
      throw new ServiceError(`"${task.title}" is ${TASK_STATUS_LABELS[task.status].toLowerCase()}; only a completed task can be reviewed.`, "conflict");
    }
    const updated = await guarded(
      tx.task.update({ where: { id: task.id, status: "COMPLETED" }, data: { status: "REVIEWED", reviewedAt: new Date(), reviewedById: actor.id } }),
      changedMeanwhile(task.title),
    );
    const description = `${actor.name} reviewed "${task.title}" completed by ${task.assignee.name}`;
    audit.record(taskStepEntry({ actor, request }, task, updated, { eventType: "approve", actionType: "task.reviewed", description, stamp: "reviewedAt", reviewedBy: actor.name }));
    return updated;
  });
}

/**
 * Starts the assignee's timer on their own open task; one running timer per person.
 * Timing a to-do task starts it.
 */
export async function startTimer({ actor, request, taskId }: TaskOptions) {
  try {
    return await auditedTransaction(async (tx, audit) => {
      const task = await findOwnTask(tx, actor.id, taskId);
      if (task.status === "COMPLETED" || task.status === "REVIEWED") {
        throw new ServiceError(`"${task.title}" is ${TASK_STATUS_LABELS[task.status].toLowerCase()}; a finished task cannot be timed.`, "conflict");
      }
      const running = await tx.timeLog.findFirst({ where: { userId: actor.id, endedAt: null }, include: { task: { select: { title: true } } } });
      if (running) {
        throw new ServiceError(`You already have a timer running on "${running.task?.title ?? "untitled work"}" since ${formatTime(running.startedAt)}. Stop it first.`, "conflict");
      }
      if (task.status === "TODO") await markStarted({ tx, audit, actor, request }, task);
      const log = await tx.timeLog.create({ data: { userId: actor.id, taskId: task.id, startedAt: new Date() } });
      audit.record({
        eventType: "create",
        category: "time_attendance",
        actionType: "time_log.started",
        module: MODULE,
        description: `${actor.name} started a timer on "${task.title}" at ${formatTime(log.startedAt)}`,
        actor: actorFromUser(actor),
        context: request,
        object: timeLogObject(log, task.title),
        subjectUserId: actor.id,
        after: { task: task.title, startedAt: log.startedAt },
      });
      return log;
    });
  } catch (error) {
    // Two starts racing each other: the database's one-running-timer index decides.
    if (isPrismaError(error, "P2002")) throw new ServiceError("You already have a timer running. Stop it first.", "conflict");
    throw error;
  }
}

/** Stops the actor's running timer. */
export async function stopTimer({ actor, request }: ServiceContext) {
  return auditedTransaction(async (tx, audit) => {
    const running = await tx.timeLog.findFirst({ where: { userId: actor.id, endedAt: null }, include: { task: { select: { title: true } } } });
    if (!running) throw new ServiceError("You have no timer running.", "conflict");
    const now = new Date();
    const log = await guarded(
      tx.timeLog.update({ where: { id: running.id, endedAt: null }, data: { endedAt: now } }),
      "Your timer was already stopped.",
    );
    const title = running.task?.title ?? "untitled work";
    recordTimerStopped({
      audit, actor, request, log: running, taskTitle: running.task?.title, endedAt: now,
      description: `${actor.name} stopped the timer on "${title}" after ${formatDuration(now.getTime() - running.startedAt.getTime())}`,
    });
    return log;
  });
}

export type EditTimeLogOptions = ServiceContext & {
  timeLogId: string;
  /** PKT wall times from datetime-local inputs. */
  startedAt: string;
  endedAt: string;
  reason: string;
};

/**
 * A manual correction by the owner's manager or by HR Operations / an admin, with a
 * required reason. Recorded as a manual edit with old and new values.
 */
export async function editTimeLog({ actor, request, timeLogId, startedAt, endedAt, reason }: EditTimeLogOptions) {
  const scope = editableTimeLogsWhere(actor);
  if (!scope) throw new ServiceError("You are not allowed to edit time logs.", "forbidden");
  const cleanReason = reason.trim();
  if (cleanReason.length < 5) throw new ServiceError("Give a reason of at least 5 characters.");
  const newStart = parsePktInput(startedAt, "start time");
  const newEnd = parsePktInput(endedAt, "end time");
  if (newStart.getTime() > Date.now() || newEnd.getTime() > Date.now()) throw new ServiceError("Time log times cannot be in the future.");
  if (newEnd <= newStart) throw new ServiceError("The end must be after the start.");
  if (newEnd.getTime() - newStart.getTime() > MAX_TIME_LOG_MS) throw new ServiceError("A time log cannot be longer than 24 hours.");
  return auditedTransaction(async (tx, audit) => {
    // Team scope lives in the query: a manager only finds their direct reports' logs.
    const log = await tx.timeLog.findFirst({
      where: { AND: [{ id: timeLogId }, scope] },
      include: { user: { select: { name: true } }, task: { select: { title: true } } },
    });
    if (!log) throw new ServiceError("That time log was not found, or it is not one you can edit.", "not_found");
    if (log.userId === actor.id) throw new ServiceError("You cannot edit your own time logs; ask your manager or HR Operations.", "forbidden");
    const overlapping = await tx.timeLog.findFirst({ where: overlapWhere({ start: "startedAt", end: "endedAt" }, log, newStart, newEnd) });
    if (overlapping) {
      throw new ServiceError(`Those times overlap another time log (${formatDateTime(overlapping.startedAt)} – ${formatTime(overlapping.endedAt, "still running")}).`, "conflict");
    }
    const title = log.task?.title ?? "untitled work";
    // updatedAt in the where: the old values recorded below are the ones replaced.
    const updated = await guarded(
      tx.timeLog.update({
        where: { id: log.id, updatedAt: log.updatedAt },
        data: { startedAt: newStart, endedAt: newEnd, isManualEdit: true, editedById: actor.id, editReason: cleanReason },
      }),
      `The time log on "${title}" was changed a moment ago. Reload the page and try again.`,
    );
    audit.record({
      eventType: "update",
      category: "time_attendance",
      actionType: "time_log.edited",
      module: MODULE,
      description: `${actor.name} edited ${log.user.name}'s time on "${title}" of ${formatDate(log.startedAt)}: ${cleanReason}`,
      actor: actorFromUser(actor),
      context: request,
      object: timeLogObject(log, log.task?.title),
      subjectUserId: log.userId,
      before: { startedAt: log.startedAt, endedAt: log.endedAt },
      after: { startedAt: updated.startedAt, endedAt: updated.endedAt },
      additionalData: { reason: cleanReason, manualEdit: true },
    });
    return updated;
  });
}
