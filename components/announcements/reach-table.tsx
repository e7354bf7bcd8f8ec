"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "@/components/ui/data-table";

export type ReachRow = { id: string; name: string; roleLabel: string; departmentName: string; emailed: string; delivered: string; read: string; acknowledged: string };

const col = createColumnHelper<ReachRow>();
const columns = [
  col.accessor("name", { header: "Name", enableHiding: false }),
  col.accessor("roleLabel", { header: "Role" }),
  col.accessor("departmentName", { header: "Department" }),
  col.accessor("emailed", { header: "Emailed" }),
  col.accessor("delivered", { header: "Delivered" }),
  col.accessor("read", { header: "Read" }),
  col.accessor("acknowledged", { header: "Acknowledged" }),
];

const withoutEmail = columns.filter((c) => (c as { accessorKey?: string }).accessorKey !== "emailed");

/** The people of an announcement's reach, with when it reached, was read and was acknowledged by each. */
export function ReachTable({ label, rows, empty, testId, emailed }: { label: string; rows: ReachRow[]; empty: string; testId: string; emailed: boolean }) {
  return (
    <DataTable
      label={label} rows={rows} columns={emailed ? columns : withoutEmail} storageKey={`announcement-reach-${testId}`} empty={empty} rowTestId={testId} rowHeader="name"
    />
  );
}
