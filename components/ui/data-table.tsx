"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData, type VisibilityState } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for the column's header cell: its width, in a fixed-layout table. */
    headerClassName?: string;
    /** Classes for the column's body cells (e.g. hidden on phones with the header). */
    cellClassName?: string;
  }
}
import { Fragment, useEffect, useId, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/card";
import { Pager, type PageLink } from "@/components/ui/pager";

/** What a page gives a table: its rows, and the labels and links that differ from page to page. */
type TablePage<Row> = {
  /** Names the table and its scroll region for assistive technology. */
  label: string;
  rows: Row[];
  /** localStorage key under which the chosen columns are remembered. */
  storageKey: string;
  empty: React.ReactNode;
  /** Keyset pages: links to the pages either side; no page numbers, no totals. */
  previous?: PageLink | null;
  next?: PageLink | null;
  /** Names the page links; give each table on a page its own, e.g. "Team sessions pages". */
  pagesLabel?: string;
};

type Props<Row> = TablePage<Row> & {
  // Cells render any value type; the column list is heterogeneous by design.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: Array<ColumnDef<Row, any>>;
  rowTestId?: string;
  /** The column whose cell names its row, rendered as a row header for screen readers. */
  rowHeader?: string;
  /**
   * On phone widths, show each row as a card of labelled values instead of a table that
   * scrolls sideways. Only for tables whose cells hold no form controls with ids (each
   * cell renders twice, one copy hidden).
   */
  cards?: boolean;
  /** Columns hidden until the person shows them (their own choice, once made, wins). */
  defaultHidden?: string[];
  /**
   * A column choice made elsewhere (a saved search), adopted as the person's own: shown
   * and remembered under `storageKey` when it first arrives or its `key` changes; the
   * person's toggles after that are theirs again. Lists the columns to show.
   */
  choice?: { key: string; visible: readonly string[] };
  /**
   * Fixed layout: the columns take the widths their headers name (meta.headerClassName)
   * and the rest goes to the others, whose cells truncate: the table never scrolls sideways.
   */
  fixed?: boolean;
  /** Rows the person can select: a checkbox first in each row (and in each group's header). */
  selection?: RowSelection<Row>;
  /** Rows under collapsible group headers (rows keep their order within a group; groups appear in the order of their first row). */
  groups?: RowGroups<Row>;
  /** The row the keyboard is on: marked, and scrolled into view when it changes. */
  activeRowId?: string | null;
  /** Columns left out on phone widths (below 640 px), where their content shows some other way. */
  narrowHidden?: string[];
};

export type RowSelection<Row> = {
  selected: ReadonlySet<string>;
  onChange: (ids: string[], selected: boolean) => void;
  /** Names a row's checkbox for assistive technology: "Select the overdue task alert about …". */
  rowLabel: (row: Row) => string;
};

export type RowGroups<Row> = {
  keyOf: (row: Row) => string;
  /** The group's header: its name and count. */
  label: (key: string, rows: Row[]) => React.ReactNode;
  /** Names the group's checkbox: "Select all 3 alerts about …". */
  selectLabel?: (key: string, rows: Row[]) => string;
  collapsed: ReadonlySet<string>;
  onToggle: (key: string) => void;
};

/** Rows in groups, in the order each group's first row appears (as the table shows them). */
export function groupRows<T>(rows: T[], keyOf: (row: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return [...groups];
}

function readVisibility(key: string): VisibilityState {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(key) ?? "{}");
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "boolean")) as VisibilityState;
  } catch {
    return {};
  }
}

function hiddenByDefault(columns: string): VisibilityState {
  return Object.fromEntries(columns.split(",").filter(Boolean).map((c) => [c, false]));
}

function remember(key: string, value: VisibilityState) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the choice lasts for this page only.
  }
}

/**
 * The columns a table with this `storageKey` shows now (its remembered choice over its
 * defaults), for a form that saves them: `ids` are the table's columns, in order.
 */
export function visibleColumnIds(storageKey: string, ids: readonly string[], defaultHidden: readonly string[] = []): string[] {
  const visibility = { ...hiddenByDefault(defaultHidden.join(",")), ...readVisibility(storageKey) };
  return ids.filter((id) => visibility[id] !== false);
}

/** A column's id as the table knows it: its `id`, or its accessor key. */
function columnId(column: { id?: string }): string | undefined {
  return column.id ?? (column as { accessorKey?: unknown }).accessorKey?.toString();
}

/**
 * The one table shell for server-paginated lists: columns the person can hide (their
 * choice is remembered on this device), a named, keyboard-scrollable region on narrow
 * screens, an empty state, and Newer/Older style cursor links.
 */
export function DataTable<Row extends { id: string }>({ label, rows, columns, storageKey, empty, previous, next, rowTestId, pagesLabel = "Pages", rowHeader, cards = false, defaultHidden, fixed = false, choice, selection, groups, activeRowId, narrowHidden }: Props<Row>) {
  const narrowKey = narrowHidden?.join(",") ?? "";
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    if (!narrowKey) return;
    const query = window.matchMedia("(max-width: 639px)");
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [narrowKey]);
  const activeRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    activeRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [activeRowId]);
  const hiddenKey = defaultHidden?.join(",") ?? "";
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() => hiddenByDefault(hiddenKey));
  const chooserId = useId();
  const choiceKey = choice ? `${choice.key}\n${choice.visible.join(",")}` : "";
  // Read after mount: the server render has no localStorage, and both renders must match.
  // A choice from elsewhere replaces the remembered one (hideable columns only: a fixed
  // column is always shown), once per choice: later renders keep the person's toggles.
  useEffect(() => {
    if (!choiceKey) {
      setColumnVisibility({ ...hiddenByDefault(hiddenKey), ...readVisibility(storageKey) });
      return;
    }
    const visible = new Set(choiceKey.split("\n")[1]!.split(","));
    const hideable = columns.filter((c) => c.enableHiding !== false).map(columnId).filter((id): id is string => Boolean(id));
    const chosen = Object.fromEntries(hideable.map((id) => [id, visible.has(id)]));
    remember(storageKey, chosen);
    setColumnVisibility(chosen);
  }, [storageKey, hiddenKey, choiceKey, columns]);
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    state: { columnVisibility: narrow ? { ...columnVisibility, ...hiddenByDefault(narrowKey) } : columnVisibility },
    onColumnVisibilityChange: (updater) => {
      setColumnVisibility((old) => {
        const value = typeof updater === "function" ? updater(old) : updater;
        remember(storageKey, value);
        return value;
      });
    },
  });
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const visibleCount = table.getVisibleLeafColumns().length;
  return (
    <div>
      <details className="mb-3 inline-block text-sm">
        <summary className="cursor-pointer rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50">Columns</summary>
        <fieldset className="mt-2 rounded-md border border-slate-200 bg-white p-3 shadow-sm">
          <legend className="sr-only">Columns to show</legend>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-1">
            {hideable.map((column) => (
              <li key={column.id}>
                <label className="flex items-center gap-2 text-slate-800" htmlFor={`${chooserId}-${column.id}`}>
                  <input
                    id={`${chooserId}-${column.id}`}
                    type="checkbox"
                    checked={column.getIsVisible()}
                    onChange={column.getToggleVisibilityHandler()}
                    className="h-4 w-4 rounded border-slate-400"
                  />
                  {typeof column.columnDef.header === "string" ? column.columnDef.header : column.id}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      </details>
      {rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <>
        {cards ? (
          <ul aria-label={label} className="space-y-3 sm:hidden">
            {table.getRowModel().rows.map((row) => (
              <li key={row.id} data-row-id={row.id} data-testid={rowTestId ? `${rowTestId}-card` : undefined} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
                  {row.getVisibleCells().map((cell) => (
                    <div key={cell.id} className="contents">
                      <dt className="font-medium text-slate-600">{typeof cell.column.columnDef.header === "string" ? cell.column.columnDef.header : cell.column.id}</dt>
                      <dd className="min-w-0 break-words text-slate-900">{flexRender(cell.column.columnDef.cell, cell.getContext())}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        ) : null}
        <div className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${cards ? "max-sm:hidden" : ""}`} tabIndex={0} role="region" aria-label={label}>
          <table className={`${fixed ? "w-full table-fixed" : "min-w-full"} divide-y divide-slate-200 text-left text-sm`}>
            <caption className="sr-only">{label}</caption>
            <thead className="bg-slate-50">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {selection ? (
                    <th scope="col" className="w-10 px-3 py-2">
                      <input
                        type="checkbox"
                        className="h-4 w-4 rounded border-slate-400"
                        checked={rows.length > 0 && rows.every((r) => selection.selected.has(r.id))}
                        aria-label={`Select all ${rows.length} rows`}
                        onChange={(e) => selection.onChange(rows.map((r) => r.id), e.currentTarget.checked)}
                      />
                    </th>
                  ) : null}
                  {group.headers.map((header) => (
                    <th key={header.id} scope="col" className={`px-3 py-2 font-semibold whitespace-nowrap text-slate-700 ${header.column.columnDef.meta?.headerClassName ?? ""}`}>
                      {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-slate-100">
              {(groups ? groupRows(table.getRowModel().rows, (r) => groups.keyOf(r.original)) : [["", table.getRowModel().rows] as const]).map(([key, groupRowsList]) => {
                const originals = groupRowsList.map((r) => r.original);
                const collapsed = groups ? groups.collapsed.has(key) : false;
                const ids = originals.map((r) => r.id);
                const allSelected = selection ? ids.every((id) => selection.selected.has(id)) : false;
                return (
                  <Fragment key={`group-${key}`}>
                    {groups ? (
                      <tr className="bg-slate-50" data-testid="table-group" data-group={key}>
                        {selection ? (
                          <td className="w-10 px-3 py-2">
                            <input
                              type="checkbox"
                              className="h-4 w-4 rounded border-slate-400"
                              checked={allSelected}
                              aria-label={groups.selectLabel?.(key, originals) ?? `Select all ${ids.length} in this group`}
                              onChange={(e) => selection.onChange(ids, e.currentTarget.checked)}
                            />
                          </td>
                        ) : null}
                        <th scope="rowgroup" colSpan={visibleCount} className="px-3 py-2 text-left font-semibold text-slate-800">
                          <button type="button" aria-expanded={!collapsed} onClick={() => groups.onToggle(key)} className="flex items-center gap-2 rounded text-left hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600">
                            <span aria-hidden="true" className="inline-block w-3">{collapsed ? "▸" : "▾"}</span>
                            {groups.label(key, originals)}
                          </button>
                        </th>
                      </tr>
                    ) : null}
                    {collapsed
                      ? null
                      : groupRowsList.map((row) => (
                          <tr
                            key={row.id}
                            data-row-id={row.id}
                            data-testid={rowTestId}
                            data-active={activeRowId === row.id ? "true" : undefined}
                            ref={activeRowId === row.id ? activeRef : undefined}
                            className={`align-top focus-within:bg-indigo-50 hover:bg-slate-50 ${activeRowId === row.id ? "bg-indigo-50 outline-2 -outline-offset-2 outline-indigo-600" : ""} ${selection?.selected.has(row.id) ? "bg-indigo-50/60" : ""}`}
                          >
                            {selection ? (
                              <td className="w-10 px-3 py-2">
                                <input
                                  type="checkbox"
                                  className="h-4 w-4 rounded border-slate-400"
                                  checked={selection.selected.has(row.id)}
                                  aria-label={selection.rowLabel(row.original)}
                                  onChange={(e) => selection.onChange([row.id], e.currentTarget.checked)}
                                />
                              </td>
                            ) : null}
                            {row.getVisibleCells().map((cell) =>
                              cell.column.id === rowHeader ? (
                                <th key={cell.id} scope="row" className={`px-3 py-2 text-left font-normal text-slate-800 ${cell.column.columnDef.meta?.cellClassName ?? ""}`}>
                                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                                </th>
                              ) : (
                                <td key={cell.id} className={`px-3 py-2 text-slate-800 ${cell.column.columnDef.meta?.cellClassName ?? ""}`}>
                                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                                </td>
                              ),
                            )}
                          </tr>
                        ))}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
        </>
      )}
      <Pager label={pagesLabel} previous={previous} next={next} more />
    </div>
  );
}
