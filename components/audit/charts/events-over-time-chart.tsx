"use client";

import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { ChartCard } from "./chart-card";

export type TimePoint = { label: string; count: number };

const TICK = { fill: "#334155", fontSize: 12 };

/** Events per bucket; `label` is already the PKT bucket as a person reads it. */
export function EventsOverTimeChart({ title, caption, bucketHeader, points }: { title: string; caption: string; bucketHeader: string; points: TimePoint[] }) {
  return (
    <ChartCard title={title} caption={caption} columns={[bucketHeader, "Events"]} rows={points} testId="chart-over-time">
      <BarChart responsive width="100%" height="100%" data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={TICK} stroke="#94a3b8" minTickGap={16} />
        <YAxis allowDecimals={false} tick={TICK} stroke="#94a3b8" width={44} />
        <Bar dataKey="count" fill="#4f46e5" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
