"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type PageLink } from "@/components/ui/data-table";

/** One attendance session with its times already formatted in PKT. */
export type SessionRow = {
  id: string;
  person: string | null;
  date: string;
  checkIn: string;
  /** Null while the session is still open. */
  checkOut: string | null;
  duration: string | null;
  /** Who corrected the session, when it was corrected. */
  editedBy: string | null;
  editReason: string | null;
};

const col = createColumnHelper<SessionRow>();

const PERSON = col.accessor("person", {
  header: "Person",
  enableHiding: false,
  cell: (c) => <span className="font-medium text-slate-900">{c.getValue()}</span>,
});

const TIMES = [
  col.accessor("date", { header: "Date", enableHiding: false, cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("checkIn", { header: "Check in", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("checkOut", {
    header: "Check out",
    cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? <Badge tone="green">Open</Badge>}</span>,
  }),
  col.accessor("duration", { header: "Duration", cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? "—"}</span> }),
  col.accessor("editedBy", {
    header: "Notes",
    cell: (c) =>
      c.getValue() !== null ? (
        <span title={c.row.original.editReason ?? undefined}>
          <Badge tone="amber">Edited by {c.getValue()}</Badge>
        </span>
      ) : null,
  }),
];

const ACTION = col.display({
  id: "action",
  header: "Action",
  enableHiding: false,
  cell: (c) => (
    <Link href={`/attendance/edit/${c.row.original.id}`} className="text-sm font-medium text-indigo-800 underline">
      Correct<span className="sr-only"> session of {c.row.original.person} on {c.row.original.date}</span>
    </Link>
  ),
});

const OWN_COLUMNS = TIMES;
const EDITABLE_COLUMNS = [PERSON, ...TIMES, ACTION];

type Props = {
  label: string;
  rows: SessionRow[];
  /** Others' sessions: adds the person and a link to correct each one. */
  editable?: boolean;
  storageKey: string;
  empty: string;
  next: PageLink | null;
  pagesLabel: string;
};

export function SessionsTable({ label, rows, editable, storageKey, empty, next, pagesLabel }: Props) {
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
