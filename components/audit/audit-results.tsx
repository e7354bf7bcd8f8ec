"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { RiskBadge, StatusBadge } from "@/components/audit/risk";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";

/** One result as the page shows it: labels resolved and the time already in PKT. */
export type AuditResultRow = {
  id: string;
  at: string;
  atLabel: string;
  actor: string;
  actorRole: string;
  action: string;
  actionLabel: string;
  description: string;
  entity: string;
  subject: string;
  risk: string;
  status: string;
};

const col = createColumnHelper<AuditResultRow>();

const COLUMNS = [
  col.accessor("atLabel", {
    header: "Time (PKT)",
    enableHiding: false,
    cell: (c) => <time dateTime={c.row.original.at} className="whitespace-nowrap">{c.getValue()}</time>,
  }),
  col.accessor("actor", {
    header: "Actor",
    cell: (c) => (
      <span className="whitespace-nowrap">
        {c.getValue()}
        {c.row.original.actorRole ? <span className="block text-xs text-slate-600">{c.row.original.actorRole}</span> : null}
      </span>
    ),
  }),
  col.accessor("actionLabel", {
    header: "Action",
    enableHiding: false,
    cell: (c) => (
      <Link href={`/audit/${c.row.original.id}`} className="font-medium text-indigo-800 underline-offset-2 hover:underline">
        {c.getValue()}
        <span className="sr-only">, {c.row.original.atLabel}</span>
      </Link>
    ),
  }),
  col.accessor("description", { header: "Description" }),
  col.accessor("entity", { header: "Entity" }),
  col.accessor("subject", { header: "About" }),
  col.accessor("risk", { header: "Risk", cell: (c) => <RiskBadge level={c.getValue()} /> }),
  col.accessor("status", { header: "Status", cell: (c) => <StatusBadge status={c.getValue()} /> }),
];

export function AuditResults(page: { rows: AuditResultRow[]; previous: PageLink | null; next: PageLink | null; empty: string }) {
  return <DataTable {...page} label="Audit log entries" columns={COLUMNS} storageKey="audit-log.columns" rowTestId="audit-row" cards />;
}
