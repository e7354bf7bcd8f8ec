"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from "recharts";
import { ChartCard, type ChartRow } from "./chart-card";

export type BarListRow = ChartRow & { fill?: string };

const TICK = { fill: "#334155", fontSize: 12 };

/** Short enough for the axis at 375 px; the table has the whole label. */
const clip = (s: string, n = 16) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One line per label: recharts' own tick wraps long labels into each other on a narrow axis. */
function OneLineTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  return (
    <text x={Number(x) - 4} y={Number(y)} dy={4} textAnchor="end" fill={TICK.fill} fontSize={TICK.fontSize}>
      {clip(String(payload?.value ?? ""))}
    </text>
  );
}

/** A ranked list as horizontal bars, each labelled with its name and number. */
export function BarListChart({
  title, caption, columns, rows, testId, fill = "#4f46e5",
}: {
  title: string;
  caption: string;
  columns: [string, string];
  rows: BarListRow[];
  testId: string;
  fill?: string;
}) {
  return (
    <ChartCard title={title} caption={caption} columns={columns} rows={rows} testId={testId} tall={rows.length > 6}>
      <BarChart responsive width="100%" height="100%" data={rows} layout="vertical" margin={{ top: 0, right: 40, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} tick={TICK} stroke="#94a3b8" />
        <YAxis type="category" dataKey="label" width={124} tick={OneLineTick} stroke="#94a3b8" interval={0} />
        <Bar dataKey="count" fill={fill} isAnimationActive={false} maxBarSize={22}>
          {rows.map((r, i) => <Cell key={i} fill={r.fill ?? fill} />)}
          <LabelList dataKey="count" position="right" fill="#0f172a" fontSize={12} />
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
