import { createColumnHelper, type CellContext } from "@tanstack/react-table";
import Link from "next/link";

// Cell renderers that several tables' columns share.

/** A value that never wraps (dates, times, durations, short labels); "—" when there is none. */
export function nowrapCell<Row>(c: CellContext<Row, React.ReactNode>) {
  return <span className="whitespace-nowrap">{c.getValue() ?? "—"}</span>;
}

/** The value that names the row, in bold. */
export function titleCell<Row>(c: CellContext<Row, React.ReactNode>) {
  return <span className="font-medium text-slate-900">{c.getValue()}</span>;
}

/** The "Correct" link on a row someone else recorded; `what` names the row for screen readers. */
export function correctColumn<Row>(href: (row: Row) => string, what: (row: Row) => React.ReactNode) {
  return createColumnHelper<Row>().display({
    id: "action",
    header: "Action",
    enableHiding: false,
    cell: (c) => (
      <Link href={href(c.row.original)} className="text-sm font-medium text-indigo-800 underline">
        Correct<span className="sr-only"> {what(c.row.original)}</span>
      </Link>
    ),
  });
}
