import Link from "next/link";
import { Card, EmptyState } from "@/components/ui/card";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { ALERT_TYPE_LABELS, SEVERITY_ORDER, type AlertSeverity, type AlertType } from "@/lib/alerts/labels";

export type HomeAlert = { id: string; type: AlertType; severity: AlertSeverity; subject: string; entity: string; createdAt: string };

/** Open alerts by severity and the most urgent few: the first thing on everyone's Home. */
export function AlertSummary({ counts, total, latest }: { counts: Record<AlertSeverity, number>; total: number; latest: HomeAlert[] }) {
  return (
    <Card title="Needs your attention">
      <div data-testid="home-alerts">
        <p className="text-sm text-slate-700">
          {total === 0 ? "No open alerts." : <><span data-testid="home-open-total">{total}</span> open alert{total === 1 ? "" : "s"}.</>}
        </p>
        <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Open alerts by severity">
          {SEVERITY_ORDER.map((s) => (
            <li key={s}>
              <Link href={`/alerts?severity=${s}`} className="flex items-center justify-between gap-2 rounded-md border border-slate-200 px-3 py-2 hover:bg-slate-50">
                <SeverityBadge severity={s} />
                <span className="text-lg font-semibold text-slate-900" data-testid={`home-count-${s}`}>
                  {counts[s]}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        {latest.length === 0 ? (
          <div className="mt-3">
            <EmptyState>Nothing needs your attention right now.</EmptyState>
          </div>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" aria-label="Most urgent open alerts">
            {latest.map((a) => (
              <li key={a.id} className="py-2" data-testid="home-alert">
                <div className="flex flex-wrap items-center gap-2">
                  <SeverityBadge severity={a.severity} />
                  <Link href={`/alerts/${a.id}`} className="text-sm font-medium text-indigo-800 underline">
                    {ALERT_TYPE_LABELS[a.type]}: {a.subject}
                  </Link>
                </div>
                <p className="mt-0.5 text-xs text-slate-600">
                  {a.entity} · raised {a.createdAt}
                </p>
              </li>
            ))}
          </ul>
        )}
        <Link href="/alerts" className="mt-3 inline-block text-sm font-medium text-indigo-800 underline">
          All my alerts
        </Link>
      </div>
    </Card>
  );
}
