"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";

/** One direct report as the team page shows them: labels resolved, times already in PKT. */
export type TeamMemberRow = {
  id: string;
  name: string;
  details: string;
  attendanceLabel: string;
  attendanceState: "checked_in" | "checked_out" | "not_in";
  missingCheckout: boolean;
  openTasks: number;
  overdueTasks: number;
  openEstimateHours: number;
  capacityHours: number;
  workloadPercent: number;
  overloaded: boolean;
  pendingLeave: number;
};

const col = createColumnHelper<TeamMemberRow>();

const COLUMNS = [
  col.accessor("name", {
    header: "Person",
    enableHiding: false,
    cell: (c) => (
      <>
        <span className="block font-medium text-slate-900">{c.getValue()}</span>
        <span className="block text-xs text-slate-600">{c.row.original.details}</span>
      </>
    ),
  }),
  col.accessor("attendanceLabel", {
    header: "Today",
    cell: (c) => {
      const m = c.row.original;
      if (m.attendanceState === "checked_in") {
        return (
          <div className="flex flex-col items-start gap-1">
            <span>{m.attendanceLabel}</span>
            {m.missingCheckout ? <Badge tone="red">Missing check-out</Badge> : null}
          </div>
        );
      }
      return <span className={m.attendanceState === "not_in" ? "text-slate-600" : undefined}>{m.attendanceLabel}</span>;
    },
  }),
  col.accessor("openTasks", { header: "Open tasks" }),
  col.accessor("overdueTasks", {
    header: "Overdue",
    cell: (c) => (c.getValue() > 0 ? <Badge tone="amber">{c.getValue()} overdue</Badge> : "0"),
  }),
  col.accessor("workloadPercent", {
    header: "Workload",
    cell: (c) => {
      const m = c.row.original;
      return (
        <div className="flex flex-col items-start gap-1">
          <span className="whitespace-nowrap">
            {m.openEstimateHours} h of {m.capacityHours} h ({m.workloadPercent}%)
          </span>
          {m.overloaded ? <Badge tone="red">Overloaded</Badge> : null}
        </div>
      );
    },
  }),
  col.accessor("pendingLeave", { header: "Pending leave" }),
];

export function TeamTable({ rows }: { rows: TeamMemberRow[] }) {
  return <DataTable rows={rows} label="Team members table" columns={COLUMNS} storageKey="team.columns" empty="No one reports to you yet." rowHeader="name" />;
}
