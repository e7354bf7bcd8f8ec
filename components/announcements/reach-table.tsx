"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "@/components/ui/data-table";

export type ReachRow = { id: string; name: string; roleLabel: string; departmentName: string; delivered: string; read: string; acknowledged: string };

const col = createColumnHelper<ReachRow>();
const columns = [
  col.accessor("name", { header: "Name", enableHiding: false }),
  col.accessor("roleLabel", { header: "Role" }),
  col.accessor("departmentName", { header: "Department" }),
  col.accessor("delivered", { header: "Delivered" }),
  col.accessor("read", { header: "Read" }),
  col.accessor("acknowledged", { header: "Acknowledged" }),
];

/** People who have not yet read (or acknowledged) an announcement. */
export function ReachTable({ label, rows, empty, testId }: { label: string; rows: ReachRow[]; empty: string; testId: string }) {
  return (
    <DataTable label={label} rows={rows} columns={columns} storageKey={`announcement-reach-${testId}`} empty={empty} rowTestId={testId} rowHeader="name" />
  );
}
