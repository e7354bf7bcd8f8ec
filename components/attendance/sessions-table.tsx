"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { correctColumn, nowrapCell, titleCell } from "@/components/ui/table-cells";
import type { SpanCells } from "@/components/ui/time-span";

/** One attendance session; `person` is set in the list of others' sessions. */
export type SessionRow = SpanCells & { person: string | null };

const col = createColumnHelper<SessionRow>();

const PERSON = col.accessor("person", { header: "Person", enableHiding: false, cell: titleCell });

// The ids stay checkIn/checkOut: they key the column choices people have saved.
const TIMES = [
  col.accessor("date", { header: "Date", enableHiding: false, cell: nowrapCell }),
  col.accessor("start", { id: "checkIn", header: "Check in", cell: nowrapCell }),
  col.accessor("end", { id: "checkOut", header: "Check out", cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? <Badge tone="green">Open</Badge>}</span> }),
  col.accessor("duration", { header: "Duration", cell: nowrapCell }),
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

const ACTION = correctColumn<SessionRow>((r) => `/attendance/edit/${r.id}`, (r) => `session of ${r.person} on ${r.date}`);

const OWN = { columns: TIMES, label: "My attendance history table", storageKey: "attendance.own.columns", empty: "No attendance yet.", pagesLabel: "My history pages" };
const OTHERS = { columns: [PERSON, ...TIMES, ACTION], label: "Team sessions table", storageKey: "attendance.team.columns", empty: "No sessions to show.", pagesLabel: "Team sessions pages" };

/** The viewer's own sessions; with `editable`, others' sessions with the person and a link to correct each one. */
export function SessionsTable({ editable, ...page }: { rows: SessionRow[]; next: PageLink | null; editable?: boolean }) {
  return <DataTable {...(editable ? OTHERS : OWN)} {...page} />;
}
