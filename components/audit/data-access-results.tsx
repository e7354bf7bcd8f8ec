"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";

/** A data-access record as the workspace shows it: labels resolved and times in PKT, on the server. */
export type DataAccessRow = {
  id: string;
  at: string;
  atLabel: string;
  atShort: string;
  reader: string;
  what: string;
  subject: string;
  category: string;
  access: string;
  outcome: string;
  refused: boolean;
  reason: string;
  flags: string;
  /** The audit entry this read belongs to, when there is one. */
  entryHref: string | null;
};

const col = createColumnHelper<DataAccessRow>();
const cut = (text: string) => <span className="block truncate max-sm:whitespace-normal" title={text}>{text}</span>;

const COLUMNS = [
  col.accessor("atLabel", {
    header: "Time (PKT)",
    enableHiding: false,
    meta: { headerClassName: "w-[7.5rem]" },
    cell: (c) => <time dateTime={c.row.original.at} title={c.getValue()} className="whitespace-nowrap">{c.row.original.atShort}</time>,
  }),
  col.accessor("reader", { header: "Who read", enableHiding: false, meta: { headerClassName: "w-[10rem]" }, cell: (c) => cut(c.getValue()) }),
  col.accessor("what", {
    header: "What",
    cell: (c) => (c.row.original.entryHref ? <Link href={c.row.original.entryHref} className="block truncate text-indigo-800 underline-offset-2 hover:underline max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</Link> : cut(c.getValue())),
  }),
  col.accessor("subject", { header: "Whose data", meta: { headerClassName: "w-[10rem]" }, cell: (c) => cut(c.getValue()) }),
  col.accessor("category", { header: "Category", meta: { headerClassName: "w-[8rem]" }, cell: (c) => cut(c.getValue()) }),
  col.accessor("access", { header: "Access", meta: { headerClassName: "w-[8rem]" }, cell: (c) => cut(c.getValue()) }),
  col.accessor("outcome", {
    header: "Outcome",
    meta: { headerClassName: "w-[7rem]" },
    cell: (c) => (
      <span title={c.row.original.reason || undefined}>
        <Badge tone={c.row.original.refused ? "red" : "green"}>{c.getValue()}</Badge>
        {c.row.original.reason ? <span className="sr-only">: {c.row.original.reason}</span> : null}
      </span>
    ),
  }),
  col.accessor("flags", { header: "Sensitive", meta: { headerClassName: "w-[7rem]" }, cell: (c) => (c.getValue() ? <Badge tone="amber">{c.getValue()}</Badge> : "—") }),
];

export function DataAccessResults(page: { rows: DataAccessRow[]; previous: PageLink | null; next: PageLink | null; empty: string }) {
  return <DataTable {...page} label="Data access records" columns={COLUMNS} storageKey="data-access.columns" rowTestId="access-row" cards fixed defaultHidden={["category", "access"]} pagesLabel="Record pages" />;
}
