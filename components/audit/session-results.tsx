"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import { endSessionAction } from "@/lib/auth/session-actions";

/** A session as the workspace shows it: labels resolved and times in PKT, on the server. */
export type SessionResultRow = {
  id: string;
  person: string;
  email: string;
  started: string;
  startedLabel: string;
  ended: string;
  address: string;
  client: string;
  method: string;
  outcome: string;
  refused: boolean;
  activity: string;
  flags: string[];
  suspicious: boolean;
  /** Open, a browser session, and the viewer may end it. */
  endable: boolean;
};

const col = createColumnHelper<SessionResultRow>();

const COLUMNS = [
  col.accessor("person", {
    header: "Person",
    enableHiding: false,
    meta: { headerClassName: "w-[10rem]" },
    cell: (c) => (
      <span className="block truncate max-sm:whitespace-normal" title={`${c.getValue()} (${c.row.original.email})`}>
        {c.getValue()}
        <span className="block truncate text-xs text-slate-600">{c.row.original.email}</span>
      </span>
    ),
  }),
  col.accessor("startedLabel", {
    header: "Started (PKT)",
    enableHiding: false,
    meta: { headerClassName: "w-[8rem]" },
    cell: (c) => <time dateTime={c.row.original.started}>{c.getValue()}</time>,
  }),
  // A refused sign-in reads as refused here (the Outcome column is there to show too).
  col.accessor("ended", {
    header: "Ended",
    meta: { headerClassName: "w-[9rem]" },
    cell: (c) =>
      c.row.original.refused ? (
        <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>
          <Badge tone="red">{c.row.original.outcome}</Badge> <span className="text-xs text-slate-700">{c.getValue()}</span>
        </span>
      ) : (
        <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span>
      ),
  }),
  col.accessor("client", { header: "Device", cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("address", { header: "Address", meta: { headerClassName: "w-[8rem]" }, cell: (c) => <span className="block truncate" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("method", { header: "Method", meta: { headerClassName: "w-[7rem]" }, cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("activity", {
    header: "Activity",
    meta: { headerClassName: "w-[8rem]" },
    cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue() || "—"}</span>,
  }),
  col.accessor("outcome", {
    header: "Outcome",
    meta: { headerClassName: "w-[7rem]" },
    cell: (c) => <Badge tone={c.row.original.refused ? "red" : "green"}>{c.getValue()}</Badge>,
  }),
  col.accessor((r) => r.flags.join(", "), {
    id: "flags",
    header: "Flags",
    meta: { headerClassName: "w-[8rem]" },
    cell: (c) =>
      c.row.original.flags.length === 0 ? (
        "—"
      ) : (
        <span className="block truncate max-sm:whitespace-normal" title={`${c.row.original.suspicious ? "Suspicious: " : ""}${c.getValue()}`}>
          {c.row.original.suspicious ? <Badge tone="red">Suspicious</Badge> : null} {c.getValue()}
        </span>
      ),
  }),
];

const END_COLUMN = col.display({
  id: "end",
  header: "End",
  enableHiding: false,
  meta: { headerClassName: "w-[9rem]" },
  cell: (c) =>
    c.row.original.endable ? (
      <ActionForm action={endSessionAction} values={{ id: c.row.original.id }} submitLabel="End session" pendingLabel="Ending…" variant="secondary" successMessage="Session ended." buttonClassName="whitespace-nowrap">
        {null}
      </ActionForm>
    ) : null,
});

export function SessionResults({ canEnd, ...page }: { rows: SessionResultRow[]; previous: PageLink | null; next: PageLink | null; empty: string; canEnd: boolean }) {
  const columns = useMemo(() => (canEnd ? [...COLUMNS, END_COLUMN] : COLUMNS), [canEnd]);
  return <DataTable {...page} label="Sign-in sessions" columns={columns} storageKey="audit-sessions.columns.v2" rowTestId="session-row" cards fixed defaultHidden={["address", "method", "outcome"]} pagesLabel="Session pages" />;
}
