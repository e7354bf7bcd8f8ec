"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { AlertStatusBadge } from "@/components/alerts/alert-status-badge";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts/labels";

/** One anomaly alert as the list shows it: words for its kind, PKT times, its age. */
export type AnomalyAlertRow = {
  id: string;
  href: string;
  title: string;
  message: string;
  typeLabel: string;
  severity: AlertSeverity;
  status: AlertStatus;
  /** ISO instant, and the same time in PKT (whole, and short for the column). */
  raisedAt: string;
  raisedLabel: string;
  raisedShort: string;
  age: string;
  closedBy: string | null;
};

const col = createColumnHelper<AnomalyAlertRow>();

// One line per alert at desktop widths (a fixed layout: the title takes what is left and
// is cut, whole on hover and on its page); cards of labelled values on phones.
const COLUMNS = [
  col.accessor("raisedLabel", {
    header: "Raised (PKT)",
    enableHiding: false,
    meta: { headerClassName: "w-[7.5rem]" },
    cell: (c) => <time dateTime={c.row.original.raisedAt} className="whitespace-nowrap" title={c.getValue()}>{c.row.original.raisedShort}</time>,
  }),
  col.accessor("title", {
    header: "Alert",
    enableHiding: false,
    cell: (c) => (
      <Link href={c.row.original.href} className="block truncate font-medium whitespace-nowrap text-indigo-800 underline-offset-2 hover:underline max-sm:whitespace-normal" title={`${c.getValue()}: ${c.row.original.message}`}>
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("typeLabel", { header: "Type", meta: { headerClassName: "w-[13.5rem]" }, cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("severity", { header: "Severity", meta: { headerClassName: "w-[6.5rem]" }, cell: (c) => <SeverityBadge severity={c.getValue()} /> }),
  col.accessor("age", { header: "Age", meta: { headerClassName: "w-[5.5rem]" }, cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("status", { header: "Status", meta: { headerClassName: "w-[6.5rem]" }, cell: (c) => <AlertStatusBadge status={c.getValue()} /> }),
  col.accessor("closedBy", { header: "Closed by", meta: { headerClassName: "w-[9rem]" }, cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue() ?? undefined}>{c.getValue() ?? "—"}</span> }),
];

export function AnomalyAlertsTable(page: { rows: AnomalyAlertRow[]; previous: PageLink | null; next: PageLink | null; empty: string }) {
  return (
    <DataTable {...page} label="Anomaly alerts" pagesLabel="Anomaly alert pages" columns={COLUMNS} storageKey="anomaly-alerts.columns.v1" rowTestId="anomaly-row" rowHeader="title" cards fixed defaultHidden={["closedBy"]} />
  );
}
