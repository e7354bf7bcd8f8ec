"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { PersonLabel } from "@/components/tasks/task-parts";
import { Badge } from "@/components/ui/badge";
import { DataTable, type PageLink } from "@/components/ui/data-table";

type Person = { name: string; title: string | null; department: { name: string } | null } | null;

/** One time log with its times already in PKT. */
export type TimeLogRow = {
  id: string;
  /** Whose time it is; only set in the list of others' logs. */
  person: Person;
  personName: string;
  task: string | null;
  date: string;
  start: string;
  /** Date and time of the start, for the correction link's accessible name. */
  startedLabel: string;
  /** Null while the timer is still running. */
  end: string | null;
  duration: string | null;
  editedBy: string | null;
  editReason: string | null;
};

const col = createColumnHelper<TimeLogRow>();

const PERSON = col.accessor("person", { header: "Person", enableHiding: false, cell: (c) => <PersonLabel person={c.getValue()} /> });

const LOG_COLUMNS = [
  col.accessor("task", { header: "Task", enableHiding: false, cell: (c) => <span className="font-medium text-slate-900">{c.getValue() ?? "Untitled work"}</span> }),
  col.accessor("date", { header: "Date", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("start", { header: "Start", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("end", { header: "End", cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? <Badge tone="green">Running</Badge>}</span> }),
  col.accessor("duration", { header: "Duration", cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? "—"}</span> }),
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

const ACTION = col.display({
  id: "action",
  header: "Action",
  enableHiding: false,
  cell: (c) => (
    <Link href={`/tasks/time-logs?edit=${c.row.original.id}#edit`} className="text-sm font-medium text-indigo-800 underline">
      Correct
      <span className="sr-only">
        {" "}
        {c.row.original.personName}&apos;s time on {c.row.original.task ?? "untitled work"}, {c.row.original.startedLabel}
      </span>
    </Link>
  ),
});

const OWN_COLUMNS = LOG_COLUMNS;
const EDITABLE_COLUMNS = [PERSON, ...LOG_COLUMNS, ACTION];

type Props = {
  label: string;
  rows: TimeLogRow[];
  /** Others' logs: adds the person and a link to correct each one. */
  editable?: boolean;
  storageKey: string;
  empty: string;
  next: PageLink | null;
  pagesLabel: string;
};

export function TimeLogsTable({ label, rows, editable, storageKey, empty, next, pagesLabel }: Props) {
  return (
    <DataTable
      label={label}
      data={rows}
      columns={editable ? EDITABLE_COLUMNS : OWN_COLUMNS}
      getRowId={(r) => r.id}
      storageKey={storageKey}
      empty={empty}
      next={next}
      pagesLabel={pagesLabel}
    />
  );
}
