"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { Bar, BarChart, Cell, XAxis, YAxis } from "recharts";

/** One bucket: its label as a person reads it, its count, and the search narrowed to it. */
export type TimelinePoint = { label: string; count: number; href: string; range: string };

const subscribe = () => () => {};
const useHydrated = () => useSyncExternalStore(subscribe, () => true, () => false);
const TICK = { fill: "#334155", fontSize: 11 };

/**
 * The search's events over time in one short strip above the results: a click on a bar
 * narrows the search to that bar's days. The same buckets are a table of links for the
 * keyboard and screen readers ("Show as table"); the drawing is hidden from them.
 */
export function AuditTimeline({ summary, points, insightsHref }: { summary: string; points: TimelinePoint[]; insightsHref: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const [hover, setHover] = useState<number | null>(null);
  const total = points.reduce((s, p) => s + p.count, 0);
  return (
    <section aria-labelledby={`${tableId}-h`} className="mb-4 rounded-lg border border-slate-200 bg-white px-4 pt-3 pb-2 shadow-sm" data-testid="audit-timeline">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={`${tableId}-h`} className="text-sm text-slate-700" data-testid="timeline-summary">
          {summary}
        </h2>
        <div className="flex gap-3 text-xs">
          <button type="button" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((v) => !v)}>
            {showTable ? "Hide table" : "Show as table"}
          </button>
          <Link href={insightsHref} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
            More charts
          </Link>
        </div>
      </div>
      {total > 0 ? (
        <div aria-hidden="true" className="mt-1 h-20 w-full min-w-0" data-chart-ready={hydrated ? "true" : "false"}>
          {hydrated ? (
            <BarChart responsive width="100%" height="100%" data={points} margin={{ top: 4, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false} onMouseLeave={() => setHover(null)}>
              <XAxis dataKey="label" tick={TICK} stroke="#94a3b8" minTickGap={24} height={18} />
              <YAxis hide allowDecimals={false} />
              <Bar
                dataKey="count"
                isAnimationActive={false}
                cursor="pointer"
                onMouseEnter={(_d, i) => setHover(i)}
                onClick={(_d, i) => {
                  const p = points[i];
                  if (p) router.push(p.href);
                }}
              >
                {points.map((p, i) => (
                  <Cell key={p.href} fill={hover === i ? "#312e81" : "#4f46e5"} />
                ))}
              </Bar>
            </BarChart>
          ) : null}
        </div>
      ) : null}
      {hover !== null && points[hover] ? (
        <p className="text-xs text-slate-700" aria-hidden="true">
          {points[hover]!.range}: {points[hover]!.count.toLocaleString("en-US")} {points[hover]!.count === 1 ? "entry" : "entries"}; click to show only these days
        </p>
      ) : null}
      <div id={tableId} className={showTable ? "mt-2 max-h-64 overflow-y-auto" : "sr-only"}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Entries over time; each period narrows the search to its days</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-600">
              <th scope="col" className="py-1 pr-2 font-medium">Period (PKT)</th>
              <th scope="col" className="py-1 text-right font-medium">Entries</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.href} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-1 pr-2 font-normal">
                  {showTable ? (
                    <Link href={p.href} className="text-indigo-800 underline underline-offset-2">
                      {p.range}
                    </Link>
                  ) : (
                    p.range
                  )}
                </th>
                <td className="py-1 text-right tabular-nums">{p.count.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
