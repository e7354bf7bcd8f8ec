import type { Metadata } from "next";
import Link from "next/link";
import { NewTaskForm } from "@/components/tasks/new-task-form";
import { FinishedTasksTable, TeamTasksTable } from "@/components/tasks/task-tables";
import { DueDate, PersonLabel, StatusBadge } from "@/components/tasks/task-parts";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { completeTaskAction, reviewTaskAction, startTaskAction, startTimerAction, stopTimerAction } from "@/lib/tasks/actions";
import {
  getRunningTimer,
  listAssignablePeople,
  listMyFinishedTasks,
  listMyOpenTasks,
  listTasksToReview,
  listTeamTasks,
} from "@/lib/tasks/queries";
import { isOverdue } from "@/lib/tasks/labels";
import { formatDateTime, formatDuration, formatTime } from "@/lib/time";
import { ElapsedTime } from "@/components/tasks/elapsed-time";

export const metadata: Metadata = { title: "Tasks" };

const LINK = "text-sm font-medium text-indigo-800 underline";
// Buttons carry the task title; long titles wrap instead of widening a 375 px screen.
const WRAP = "max-w-full text-left break-words";

type OpenTask = Awaited<ReturnType<typeof listMyOpenTasks>>[number];
type RunningTimer = Awaited<ReturnType<typeof getRunningTimer>>;

function OpenTaskItem({ task, running, now }: { task: OpenTask; running: RunningTimer; now: Date }) {
  const timing = running?.taskId === task.id;
  return (
    <li className="rounded-md border border-slate-200 p-3 sm:p-4" data-testid="my-task">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-sm font-semibold break-words text-slate-900">{task.title}</h3>
        <div className="flex flex-wrap gap-2">
          <StatusBadge status={task.status} />
          {timing ? <Badge tone="green">Timer running</Badge> : null}
        </div>
      </div>
      {task.description ? <p className="mt-1 text-sm break-words text-slate-700">{task.description}</p> : null}
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
        <DueDate task={task} now={now} />
        <span>Estimate {formatDuration(task.estimateMinutes * 60_000)}</span>
        <span>Logged {formatDuration(task.loggedMs)}</span>
        {task.createdBy ? <span>Assigned by {task.createdBy.name}</span> : null}
      </p>
      <div className="flex flex-wrap gap-x-3">
        {task.status === "TODO" ? (
          <ActionForm action={startTaskAction} values={{ taskId: task.id }} buttonClassName={WRAP} submitLabel={`Start ${task.title}`} pendingLabel="Starting…" variant="secondary">
            {null}
          </ActionForm>
        ) : (
          <ActionForm action={completeTaskAction} values={{ taskId: task.id }} buttonClassName={WRAP} submitLabel={`Complete ${task.title}`} pendingLabel="Completing…" successMessage="Completed.">
            {null}
          </ActionForm>
        )}
        {running ? null : (
          <ActionForm action={startTimerAction} values={{ taskId: task.id }} buttonClassName={WRAP} submitLabel={`Start timer on ${task.title}`} pendingLabel="Starting timer…" variant="secondary">
            {null}
          </ActionForm>
        )}
      </div>
    </li>
  );
}

function TimerCard({ running }: { running: RunningTimer }) {
  return (
    <Card title="Timer" className="mb-6">
      {running ? (
        <>
          <p className="text-sm text-slate-800" data-testid="running-timer">
            Running on <strong className="font-semibold">{running.task?.title ?? "untitled work"}</strong> since {formatTime(running.startedAt)}. Elapsed:{" "}
            <ElapsedTime startedAt={running.startedAt.toISOString()} />
          </p>
          <ActionForm action={stopTimerAction} submitLabel="Stop timer" pendingLabel="Stopping…" successMessage="Timer stopped." variant="danger">
            {null}
          </ActionForm>
        </>
      ) : (
        <p className="text-sm text-slate-700" data-testid="running-timer">No timer running. Start one from a task below; one timer runs at a time.</p>
      )}
    </Card>
  );
}

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("tasks:self");
  const params = await searchParams;
  const canAssign = can(user.role, "tasks:assign");
  const canReview = can(user.role, "tasks:review_team");
  const [open, finished, running, toReview, people, team] = await Promise.all([
    listMyOpenTasks(user),
    readListPage(params.done, (c) => listMyFinishedTasks(user, c)),
    getRunningTimer(user),
    listTasksToReview(user),
    listAssignablePeople(user),
    canAssign ? readListPage(params.team, (c) => listTeamTasks(user, c)) : null,
  ]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Your tasks and timers. Times are shown in PKT."
        actions={<Link href="/tasks/time-logs" className={LINK}>Time logs</Link>}
      />
      <TimerCard running={running} />

      <Card title="My open tasks" className="mb-6">
        {open.length === 0 ? (
          <EmptyState>You have no open tasks.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {open.map((task) => <OpenTaskItem key={task.id} task={task} running={running} now={now} />)}
          </ul>
        )}
      </Card>

      {canReview ? (
        <Card title="To review" className="mb-6">
          {toReview.length === 0 ? (
            <EmptyState>No completed tasks are waiting for your review.</EmptyState>
          ) : (
            <ul className="space-y-3">
              {toReview.map((task) => (
                <li key={task.id} className="rounded-md border border-slate-200 p-3 sm:p-4" data-testid="task-to-review">
                  <h3 className="text-sm font-semibold break-words text-slate-900">{task.title}</h3>
                  <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
                    <PersonLabel person={task.assignee} />
                    <span>Completed {formatDateTime(task.completedAt)}</span>
                    <DueDate task={task} now={now} />
                  </div>
                  <ActionForm action={reviewTaskAction} values={{ taskId: task.id }} buttonClassName={WRAP} submitLabel={`Review ${task.title}`} pendingLabel="Reviewing…" successMessage="Reviewed.">
                    {null}
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}

      {canAssign ? (
        <Card title="New task" className="mb-6">
          {people.length === 0 ? <EmptyState>There is nobody you can assign tasks to yet.</EmptyState> : <NewTaskForm people={people} />}
        </Card>
      ) : null}

      {team ? (
        <Card title="Team tasks" className="mb-6">
          {team.notice ? <Notice>{team.notice}</Notice> : null}
          <TeamTasksTable
            rows={team.list.rows.map((task) => ({
              id: task.id,
              title: task.title,
              assignee: task.assignee,
              dueAt: task.dueDate.toISOString(),
              dueLabel: formatDateTime(task.dueDate),
              overdue: isOverdue(task, now),
              status: task.status,
              estimate: formatDuration(task.estimateMinutes * 60_000),
            }))}
            next={team.list.next ? { href: `/tasks?team=${team.list.next}`, label: "Older team tasks" } : null}
          />
        </Card>
      ) : null}

      <Card title="Finished tasks">
        {finished.notice ? <Notice>{finished.notice}</Notice> : null}
        <FinishedTasksTable
          rows={finished.list.rows.map((task) => ({
            id: task.id,
            title: task.title,
            completed: formatDateTime(task.completedAt),
            status: task.status,
            reviewedBy: task.status === "REVIEWED" ? (task.reviewedBy?.name ?? "a former user") : null,
          }))}
          next={finished.list.next ? { href: `/tasks?done=${finished.list.next}`, label: "Older finished tasks" } : null}
        />
      </Card>
    </>
  );
}
