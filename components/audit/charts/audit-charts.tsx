// The charts for the current search (server component): labels resolved here, drawn by
// the client chart components. Props are the analytics of lib/audit/search/analytics.ts.
import { actionLabel, fieldLabel } from "@/lib/audit/search/labels";
import { ROLE_LABELS, isRole } from "@/lib/access/permissions";
import type { AuditAnalytics } from "@/lib/audit/search/analytics";
import { bucketLabel } from "@/lib/audit/search/timeline";
import { formatDate, formatDateTime } from "@/lib/time";
import { BarListChart } from "./bar-list-chart";
import { EventsOverTimeChart } from "./events-over-time-chart";

// Risk colour with the word (and a mark for high/critical) so it reads without colour too.
const RISK = {
  low: { label: "Low", fill: "#64748b" },
  medium: { label: "Medium", fill: "#d97706" },
  high: { label: "! High", fill: "#dc2626" },
  critical: { label: "‼ Critical", fill: "#7f1d1d" },
} as const;

const STATUS_FILL: Record<string, string> = { success: "#15803d", failure: "#dc2626", error: "#b91c1c", partial: "#d97706", warning: "#d97706" };

export function AuditCharts({ analytics: a }: { analytics: AuditAnalytics }) {
  const { window: w } = a;
  // `to` is exclusive: the last instant shown is just before it.
  const range = `${formatDateTime(w.from)} to ${formatDateTime(new Date(w.to.getTime() - 60_000))}`;
  const bucketName = w.bucket === "hour" ? "Hour (PKT)" : w.bucket === "day" ? "Day (PKT)" : "Week starting (PKT)";
  return (
    <section aria-labelledby="audit-charts-h" className="mb-6" data-testid="audit-charts">
      <div className="mb-3">
        <h2 id="audit-charts-h" className="text-base font-semibold text-slate-900">Patterns in this search</h2>
        <p className="text-sm text-slate-600" data-testid="charts-window">
          {a.total.toLocaleString("en-US")} {a.total === 1 ? "entry" : "entries"} from {range}
          {w.defaulted ? ". The search has no created: start, so the charts cover the last 30 days; add created: to chart another range." : "."}
        </p>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        <div className="md:col-span-2 xl:col-span-3">
          <EventsOverTimeChart
            title={`Events per ${w.bucket}`}
            caption={`Events per ${w.bucket}, ${formatDate(w.from)} onwards, in PKT`}
            bucketHeader={bucketName}
            points={a.overTime.map((p) => ({ label: bucketLabel(p.start, w.bucket), count: p.count }))}
          />
        </div>
        <BarListChart
          testId="chart-risk" title="By risk level" caption="Entries by risk level" columns={["Risk", "Entries"]}
          rows={(["low", "medium", "high", "critical"] as const).map((r) => ({ label: RISK[r].label, fill: RISK[r].fill, count: a.byRisk.find((x) => x.risk === r)?.count ?? 0 }))}
        />
        <BarListChart
          testId="chart-outcome" title="By outcome" caption="Entries by outcome" columns={["Outcome", "Entries"]}
          rows={a.byStatus.map((s) => ({ label: fieldLabel(s.status), fill: STATUS_FILL[s.status], count: s.count }))}
        />
        <BarListChart
          testId="chart-category" title="By category" caption="Entries by category" columns={["Category", "Entries"]}
          rows={a.byCategory.map((c) => ({ label: fieldLabel(c.category), count: c.count }))}
        />
        <BarListChart
          testId="chart-actors" title="Top actors" caption="The 10 actors with the most entries, by the name recorded on the entry" columns={["Actor", "Entries"]} fill="#0e7490"
          rows={a.topActors.map((t) => ({ label: `${t.name || "System"}${isRole(t.role) ? ` (${ROLE_LABELS[t.role]})` : ""}`, count: t.count }))}
        />
        <BarListChart
          testId="chart-actions" title="Top actions" caption="The 10 most frequent actions" columns={["Action", "Entries"]} fill="#7c3aed"
          rows={a.topActions.map((t) => ({ label: actionLabel(t.action), count: t.count }))}
        />
      </div>
    </section>
  );
}
