"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { PersonLabel, type Person } from "@/components/tasks/task-parts";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { correctColumn, nowrapCell, titleCell } from "@/components/ui/table-cells";
import type { SpanCells } from "@/components/ui/time-span";

/** One time log. */
export type TimeLogRow = SpanCells & {
  /** Whose time it is; only set in the list of others' logs. */
  person: Person;
  personName: string;
  task: string | null;
  /** Date and time of the start, for the correction link's accessible name. */
  startedLabel: string;
};

const col = createColumnHelper<TimeLogRow>();

const PERSON = col.accessor("person", { header: "Person", enableHiding: false, cell: (c) => <PersonLabel person={c.getValue()} /> });

const LOG_COLUMNS = [
  col.accessor((r) => r.task ?? "Untitled work", { id: "task", header: "Task", enableHiding: false, cell: titleCell }),
  col.accessor("date", { header: "Date", cell: nowrapCell }),
  col.accessor("start", { header: "Start", cell: nowrapCell }),
  col.accessor("end", { header: "End", cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? <Badge tone="green">Running</Badge>}</span> }),
  col.accessor("duration", { header: "Duration", cell: nowrapCell }),
  col.accessor("editedBy", {
    header: "Notes",
    cell: (c) =>
      c.getValue() !== null ? (
        <>
          <Badge tone="amber">Edited by {c.getValue()}</Badge>
          {c.row.original.editReason ? <span className="mt-1 block text-xs text-slate-600">{c.row.original.editReason}</span> : null}
        </>
      ) : null,
  }),
];

const ACTION = correctColumn<TimeLogRow>((r) => `/tasks/time-logs?edit=${r.id}#edit`, (r) => `${r.personName}'s time on ${r.task ?? "untitled work"}, ${r.startedLabel}`);

const OWN = { columns: LOG_COLUMNS, label: "My time logs table", storageKey: "time-logs.own.columns", empty: "No time logged yet. Start a timer from a task on the Tasks page.", pagesLabel: "My time logs pages" };
const OTHERS = { columns: [PERSON, ...LOG_COLUMNS, ACTION], label: "Time logs you can correct", storageKey: "time-logs.others.columns", empty: "No time logs to show.", pagesLabel: "Others' time logs pages" };

/** The viewer's own logs; with `editable`, others' logs with the person and a link to correct each one. */
export function TimeLogsTable({ editable, ...page }: { rows: TimeLogRow[]; next: PageLink | null; editable?: boolean }) {
  return <DataTable {...(editable ? OTHERS : OWN)} {...page} />;
}
