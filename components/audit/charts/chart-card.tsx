"use client";

import { useId, useState, useSyncExternalStore } from "react";

export type ChartRow = { label: string; count: number };

const subscribe = () => () => {};
/** False on the server and during hydration, true after: charts are drawn only in the browser. */
function useHydrated() {
  return useSyncExternalStore(subscribe, () => true, () => false);
}

/**
 * One chart with its numbers as a table. The table is always in the page (visually
 * hidden until shown) so screen readers get the data; the drawing is hidden from them.
 * Recharts is rendered only after hydration, so its inline styles are set through the
 * DOM (allowed by the CSP) and never sent as style attributes in the HTML (which
 * `style-src` without 'unsafe-inline' blocks).
 */
export function ChartCard({
  title, caption, columns, rows, empty, children, testId, tall = false,
}: {
  title: string;
  caption: string;
  columns: [string, string];
  rows: ChartRow[];
  empty?: string;
  children: React.ReactNode;
  testId: string;
  /** Room for ten one-line bars. */
  tall?: boolean;
}) {
  const hydrated = useHydrated();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const total = rows.reduce((s, r) => s + r.count, 0);
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4" data-testid={testId} aria-labelledby={`${tableId}-h`}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${tableId}-h`} className="text-sm font-semibold text-slate-900">{title}</h3>
        <button
          type="button"
          className="text-xs font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? "Hide table" : "Show table"}
        </button>
      </div>
      {total === 0 ? (
        <p className="py-6 text-center text-sm text-slate-600">{empty ?? "Nothing to chart for this search."}</p>
      ) : (
        <div aria-hidden="true" className={`${tall ? "h-80" : "h-56"} w-full min-w-0`} data-chart-ready={hydrated ? "true" : "false"}>
          {hydrated ? children : null}
        </div>
      )}
      <div id={tableId} className={showTable ? "mt-3 max-h-72 overflow-y-auto" : "sr-only"}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-600">
              <th scope="col" className="py-1 pr-2 font-medium">{columns[0]}</th>
              <th scope="col" className="py-1 text-right font-medium">{columns[1]}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="break-words py-1 pr-2 font-normal text-slate-800">{r.label}</th>
                <td className="py-1 text-right tabular-nums text-slate-900">{r.count.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200">
              <th scope="row" className="py-1 pr-2 font-medium text-slate-800">Total</th>
              <td className="py-1 text-right font-medium tabular-nums text-slate-900">{total.toLocaleString("en-US")}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
