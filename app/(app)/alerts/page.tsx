import type { Metadata } from "next";
import Link from "next/link";
import { AlertCard } from "@/components/alerts/alert-card";
import { toCard } from "@/components/alerts/card-data";
import { MarkRead } from "@/components/alerts/mark-read";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { Card, EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref, Pager } from "@/components/ui/pager";
import { ALERT_TYPES } from "@/lib/alerts/contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, SEVERITY_ORDER, STATUS_LABELS, type AlertType } from "@/lib/alerts/labels";
import { getMyAlert, listMyAlerts } from "@/lib/alerts/queries";
import { alertFeedQuerySchema, STATUS_VALUES } from "@/lib/alerts/schemas";
import { requireUser } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { isUuid } from "@/lib/uuid";
import { firstParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Alerts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const SELECT = "mt-1 w-full rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm";

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const raw = firstParams(await searchParams);
  const parsed = alertFeedQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : alertFeedQuerySchema.parse({});
  const focusId = typeof raw.alert === "string" && isUuid(raw.alert) ? raw.alert : undefined;
  const [feed, focused] = await Promise.all([
    readListPage(query.before, (before) => listMyAlerts(user, { ...query, before })),
    focusId ? getMyAlert(user, focusId) : Promise.resolve(null),
  ]);
  const { alerts, counts, nextCursor } = feed.list;
  const filterHref = (extra: Record<string, string | undefined>) => listHref("/alerts", { type: query.type, severity: query.severity, status: query.status, ...extra });
  const statusWord = query.status === "all" ? "" : ` ${STATUS_LABELS[query.status].toLowerCase()}`;
  return (
    <>
      <PageHeader title="Alerts" description="Exceptions the scheduled scans found for you to act on, newest first. Times are in PKT." />
      <MarkRead ids={[...alerts, ...(focused ? [focused] : [])].filter((a) => a.readAt === null).map((a) => a.id)} />
      {focused ? (
        <section aria-labelledby="selected-alert" className="mb-4">
          <h2 id="selected-alert" className="mb-2 text-base font-semibold text-slate-900">
            Selected alert
          </h2>
          <AlertCard alert={toCard(focused)} highlighted />
        </section>
      ) : focusId ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          That alert was not found in your feed.
        </p>
      ) : null}
      {feed.notice ? <Notice>{feed.notice}</Notice> : null}
      {!parsed.success ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Some filters in the address were not valid and were ignored.
        </p>
      ) : null}
      <section aria-labelledby="severity-counts" className="mb-4">
        <h2 id="severity-counts" className="sr-only">
          Counts by severity
        </h2>
        <ul className="flex flex-wrap gap-2" data-testid="severity-counts">
          {SEVERITY_ORDER.map((s) => (
            <li key={s}>
              <Link
                href={filterHref({ severity: query.severity === s ? undefined : s })}
                aria-current={query.severity === s ? "true" : undefined}
                className={`flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm ${query.severity === s ? "border-indigo-600 bg-indigo-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
              >
                <SeverityBadge severity={s} />
                <span data-testid={`count-${s}`}>{counts[s]}</span>
                <span className="sr-only">{statusWord} alerts</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <Card title="Filter">
        <form method="get" action="/alerts" className="grid gap-3 sm:grid-cols-4 sm:items-end">
          <div>
            <label htmlFor="filter-type" className="block text-sm font-medium text-slate-700">Type</label>
            <select id="filter-type" name="type" defaultValue={query.type ?? ""} className={SELECT}>
              <option value="">All types</option>
              {ALERT_TYPES.map((t) => (
                <option key={t} value={t}>{ALERT_TYPE_LABELS[t as AlertType]}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-severity" className="block text-sm font-medium text-slate-700">Severity</label>
            <select id="filter-severity" name="severity" defaultValue={query.severity ?? ""} className={SELECT}>
              <option value="">All severities</option>
              {SEVERITY_ORDER.map((s) => (
                <option key={s} value={s}>{SEVERITY_LABELS[s]}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-status" className="block text-sm font-medium text-slate-700">Status</label>
            <select id="filter-status" name="status" defaultValue={query.status} className={SELECT}>
              {STATUS_VALUES.map((s) => (
                <option key={s} value={s}>{STATUS_LABELS[s]}</option>
              ))}
              <option value="all">Any status</option>
            </select>
          </div>
          <div className="flex gap-2">
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">Apply</button>
            <Link href="/alerts" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-50">Reset</Link>
          </div>
        </form>
      </Card>
      <section aria-labelledby="alert-list" className="mt-4">
        <h2 id="alert-list" className="mb-3 text-base font-semibold text-slate-900">
          {alerts.length === 0 ? "No alerts" : `${statusWord.trim() ? statusWord.trim()[0]!.toUpperCase() + statusWord.trim().slice(1) : "All"} alerts`}
        </h2>
        {alerts.length === 0 ? (
          <EmptyState>{query.status === "OPEN" ? "Nothing needs your attention right now." : "No alerts match these filters."}</EmptyState>
        ) : (
          <ul className="space-y-3" data-testid="alert-list">
            {alerts.filter((a) => a.id !== focused?.id).map((a) => (
              <li key={a.id}>
                <AlertCard alert={toCard(a)} />
              </li>
            ))}
          </ul>
        )}
        <Pager label="Alert pages" next={nextCursor ? { href: filterHref({ before: nextCursor }), label: "Older alerts" } : null} />
      </section>
    </>
  );
}
