"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { PersonLabel, StatusBadge, type Person } from "@/components/tasks/task-parts";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { nowrapCell, titleCell } from "@/components/ui/table-cells";
import type { TaskStatus } from "@/lib/tasks/labels";

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
  team.accessor("title", { header: "Task", enableHiding: false, cell: titleCell }),
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
  team.accessor("estimate", { header: "Estimate", cell: nowrapCell }),
];

const finished = createColumnHelper<FinishedTaskRow>();

const FINISHED_COLUMNS = [
  finished.accessor("title", { header: "Task", enableHiding: false, cell: titleCell }),
  finished.accessor("completed", { header: "Completed", cell: nowrapCell }),
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

type Page<Row> = { rows: Row[]; next: PageLink | null };

export function TeamTasksTable(page: Page<TeamTaskRow>) {
  return <DataTable {...page} label="Team tasks table" columns={TEAM_COLUMNS} storageKey="tasks.team.columns" empty="No tasks for your team yet." pagesLabel="Team tasks pages" />;
}

export function FinishedTasksTable(page: Page<FinishedTaskRow>) {
  return <DataTable {...page} label="Finished tasks table" columns={FINISHED_COLUMNS} storageKey="tasks.finished.columns" empty="No finished tasks yet." pagesLabel="Finished tasks pages" />;
}
