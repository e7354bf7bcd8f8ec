"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { nowrapCell } from "@/components/ui/table-cells";

/** One person as the people list shows them, with names resolved. */
export type PersonRow = {
  id: string;
  name: string;
  email: string;
  title: string | null;
  departmentName: string | null;
  roleLabel: string;
  managerName: string | null;
  status: string;
};

const col = createColumnHelper<PersonRow>();

const INFO_COLUMNS = [
  col.accessor("name", {
    header: "Name",
    enableHiding: false,
    cell: (c) => (
      <>
        <Link href={`/admin/people/${c.row.original.id}`} className="font-medium text-indigo-800 underline">
          {c.getValue()}
        </Link>
        <p className="text-xs break-all text-slate-600">{c.row.original.email}</p>
      </>
    ),
  }),
  col.accessor("title", { header: "Title", cell: (c) => c.getValue() ?? "—" }),
  col.accessor("departmentName", { header: "Department", cell: (c) => c.getValue() ?? "—" }),
  col.accessor("roleLabel", { header: "Role", cell: nowrapCell }),
  col.accessor("managerName", { header: "Manager", cell: (c) => c.getValue() ?? "—" }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => (c.getValue() === "active" ? <Badge tone="green">Active</Badge> : <Badge tone="red">Suspended</Badge>),
  }),
];

/** Ticks people for the bulk form below the list; the checkboxes belong to that form by id. */
function selectColumn(formId: string) {
  return col.display({
    id: "select",
    header: () => <span className="sr-only">Select</span>,
    enableHiding: false,
    cell: (c) => (
      <input
        type="checkbox"
        name="userIds"
        value={c.row.original.id}
        form={formId}
        aria-label={`Select ${c.row.original.name}`}
        className="h-4 w-4 rounded border-slate-400"
      />
    ),
  });
}

type Props = { rows: PersonRow[]; bulkFormId: string | null; empty: string; previous: PageLink | null; next: PageLink | null };

export function PeopleTable({ bulkFormId, ...page }: Props) {
  const columns = bulkFormId ? [selectColumn(bulkFormId), ...INFO_COLUMNS] : INFO_COLUMNS;
  return <DataTable {...page} label="People table" columns={columns} storageKey="people.columns" />;
}
