"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { PersonLabel, StatusBadge } from "@/components/tasks/task-parts";
import { Badge } from "@/components/ui/badge";
import { DataTable, type PageLink } from "@/components/ui/data-table";
import type { TaskStatus } from "@/lib/tasks/labels";

type Person = { name: string; title: string | null; department: { name: string } | null } | null;

/** A team task with its due time already in PKT and its overdue flag worked out on the server. */
export type TeamTaskRow = {
  id: string;
  title: string;
  assignee: Person;
  dueAt: string;
  dueLabel: string;
  overdue: boolean;
  status: TaskStatus;
  estimate: string;
};

/** A finished task of the viewer's, completion time in PKT. */
export type FinishedTaskRow = {
  id: string;
  title: string;
  completed: string;
  status: TaskStatus;
  /** Set when the task was reviewed. */
  reviewedBy: string | null;
};

const team = createColumnHelper<TeamTaskRow>();

const TEAM_COLUMNS = [
  team.accessor("title", { header: "Task", enableHiding: false, cell: (c) => <span className="font-medium text-slate-900">{c.getValue()}</span> }),
  team.accessor("assignee", { header: "Assignee", cell: (c) => <PersonLabel person={c.getValue()} /> }),
  team.accessor("dueLabel", {
    header: "Due",
    cell: (c) => (
      <span className="inline-flex flex-wrap items-center gap-2 whitespace-nowrap">
        <span>
          Due <time dateTime={c.row.original.dueAt}>{c.getValue()}</time>
        </span>
        {c.row.original.overdue ? <Badge tone="red">Overdue</Badge> : null}
      </span>
    ),
  }),
  team.accessor("status", { header: "Status", cell: (c) => <StatusBadge status={c.getValue()} /> }),
  team.accessor("estimate", { header: "Estimate", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
];

const finished = createColumnHelper<FinishedTaskRow>();

const FINISHED_COLUMNS = [
  finished.accessor("title", { header: "Task", enableHiding: false, cell: (c) => <span className="font-medium text-slate-900">{c.getValue()}</span> }),
  finished.accessor("completed", { header: "Completed", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  finished.accessor("status", {
    header: "Status",
    cell: (c) => (
      <>
        <StatusBadge status={c.getValue()} />
        {c.row.original.reviewedBy !== null ? <span className="block text-xs text-slate-600">by {c.row.original.reviewedBy}</span> : null}
      </>
    ),
  }),
];

export function TeamTasksTable({ rows, next }: { rows: TeamTaskRow[]; next: PageLink | null }) {
  return (
    <DataTable
      label="Team tasks table"
      data={rows}
      columns={TEAM_COLUMNS}
      getRowId={(r) => r.id}
      storageKey="tasks.team.columns"
      empty="No tasks for your team yet."
      next={next}
      pagesLabel="Team tasks pages"
    />
  );
}

export function FinishedTasksTable({ rows, next }: { rows: FinishedTaskRow[]; next: PageLink | null }) {
  return (
    <DataTable
      label="Finished tasks table"
      data={rows}
      columns={FINISHED_COLUMNS}
      getRowId={(r) => r.id}
      storageKey="tasks.finished.columns"
      empty="No finished tasks yet."
      next={next}
      pagesLabel="Finished tasks pages"
    />
  );
}
