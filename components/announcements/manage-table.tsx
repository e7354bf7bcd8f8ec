"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { nowrapCell } from "@/components/ui/table-cells";
import { StatusBadge } from "./status-badge";

export type ManageRow = {
  id: string;
  title: string;
  status: "live" | "scheduled" | "expired" | "archived";
  audienceLabel: string;
  window: string;
  authorName: string;
  pinned: boolean;
  requiresAck: boolean;
  targeted: number;
  delivered: number;
  read: number;
  acknowledged: number;
};

const col = createColumnHelper<ManageRow>();

const columns = [
  col.accessor("title", {
    header: "Announcement",
    enableHiding: false,
    cell: (c) => (
      <span>
        <Link href={`/announcements/${c.row.original.id}`} className="font-medium text-indigo-800 underline">
          {c.getValue()}
        </Link>
        {c.row.original.pinned ? <span className="ml-2"><Badge tone="indigo">Pinned</Badge></span> : null}
      </span>
    ),
  }),
  col.accessor("status", { header: "Status", cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor("audienceLabel", { header: "Audience" }),
  col.accessor("window", { header: "Shown (PKT)", cell: nowrapCell }),
  col.accessor("authorName", { header: "Author" }),
  col.display({
    id: "reach",
    header: "Reach",
    cell: (c) => {
      const r = c.row.original;
      return (
        <Link href={`/announcements/${r.id}/reach`} className="whitespace-nowrap text-indigo-800 underline">
          {r.read} of {r.targeted} read
          {r.requiresAck ? `, ${r.acknowledged} acknowledged` : ""}
        </Link>
      );
    },
  }),
];

export function ManageTable(page: { rows: ManageRow[]; next: PageLink | null; previous: PageLink | null }) {
  return (
    <DataTable {...page} label="All announcements" columns={columns} storageKey="announcements-manage-columns" empty="No announcements match." pagesLabel="Announcement list pages" rowTestId="manage-row" rowHeader="title" />
  );
}
