import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MarkRead } from "@/components/alerts/mark-read";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { TriageList, type TriageGroupBy, type TriageRow } from "@/components/alerts/triage-list";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref, Pager } from "@/components/ui/pager";
import { ALERT_TYPES } from "@/lib/alerts/contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, SEVERITY_ORDER, STATUS_LABELS, type AlertType } from "@/lib/alerts/labels";
import { countOpenAlerts, countSnoozedAlerts, listMyAlerts } from "@/lib/alerts/queries";
import { alertFeedQuerySchema } from "@/lib/alerts/schemas";
import { requireUser } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { firstParams } from "@/lib/search-params";
import { formatDateTime, tomorrowEndOfDayPktInput } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Alerts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const SELECT = "mt-1 w-full rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm";
/** Open and snoozed alerts are triaged on one page (grouping needs them all); closed ones page. */
const TRIAGE_LIMIT = 200;
const VIEWS = [
  { status: "OPEN", label: "Open" },
  { status: "SNOOZED", label: "Snoozed" },
  { status: "RESOLVED", label: "Resolved" },
  { status: "DISMISSED", label: "Dismissed" },
  { status: "all", label: "All" },
] as const;

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const raw = firstParams(await searchParams);
  // An email's link to one alert: its own page.
  if (typeof raw.alert === "string" && isUuid(raw.alert)) redirect(`/alerts/${raw.alert}`);
  const triage = raw.status === undefined || raw.status === "" || raw.status === "OPEN" || raw.status === "SNOOZED";
  const parsed = alertFeedQuerySchema.safeParse({ ...raw, limit: triage ? TRIAGE_LIMIT : 50 });
  const query = parsed.success ? parsed.data : alertFeedQuerySchema.parse({ limit: TRIAGE_LIMIT });
  const groupBy: TriageGroupBy = raw.group === "person" || raw.group === "type" ? raw.group : "none";
  const now = new Date();
  const [feed, open, snoozed] = await Promise.all([
    readListPage(query.before, (before) => listMyAlerts(user, { ...query, before }, now)),
    countOpenAlerts(user, now),
    countSnoozedAlerts(user, now),
  ]);
  const { alerts, counts, nextCursor } = feed.list;
  const filterHref = (extra: Record<string, string | undefined>) =>
    listHref("/alerts", { type: query.type, severity: query.severity, status: query.status, group: groupBy === "none" ? undefined : groupBy, ...extra });
  const view = query.status === "OPEN" ? "open" : query.status === "SNOOZED" ? "snoozed" : "closed";
  const rows: TriageRow[] = alerts.map((a) => ({
    id: a.id,
    type: a.type,
    typeLabel: ALERT_TYPE_LABELS[a.type],
    severity: a.severity,
    subject: a.subject?.name ?? a.subjectLabel,
    what: a.entityLabel,
    message: a.message,
    raised: formatDateTime(a.createdAt),
    snoozedUntil: a.status === "OPEN" && a.snoozedUntil && a.snoozedUntil > now ? formatDateTime(a.snoozedUntil) : null,
    statusLabel: STATUS_LABELS[a.status],
    open: a.status === "OPEN",
  }));
  const total = Object.values(counts).reduce((n, c) => n + c, 0);
  return (
    <>
      <PageHeader title="Alerts" description="Exceptions the scheduled scans found for you to act on. Select several to resolve, dismiss or snooze them together. Times are in PKT." />
      <MarkRead ids={alerts.filter((a) => a.readAt === null).map((a) => a.id)} />
      {feed.notice ? <Notice>{feed.notice}</Notice> : null}
      {!parsed.success ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Some filters in the address were not valid and were ignored.
        </p>
      ) : null}
      <nav aria-label="Alert views" className="mb-3 overflow-x-auto">
        <ul className="flex gap-1 border-b border-slate-200 text-sm">
          {VIEWS.map((v) => {
            const current = query.status === v.status;
            const n = v.status === "OPEN" ? open : v.status === "SNOOZED" ? snoozed : null;
            return (
              <li key={v.status}>
                <Link
                  href={filterHref({ status: v.status, severity: undefined })}
                  aria-current={current ? "page" : undefined}
                  className={`-mb-px inline-block border-b-2 px-3 py-2 whitespace-nowrap ${current ? "border-indigo-700 font-semibold text-indigo-900" : "border-transparent text-slate-700 hover:text-slate-900"}`}
                >
                  {v.label}
                  {n !== null ? <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs text-slate-800" data-testid={`view-count-${v.status}`}>{n}</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <ul className="flex flex-wrap gap-2" data-testid="severity-counts" aria-label="Counts by severity">
          {SEVERITY_ORDER.map((s) => (
            <li key={s}>
              <Link
                href={filterHref({ severity: query.severity === s ? undefined : s })}
                aria-current={query.severity === s ? "true" : undefined}
                className={`flex items-center gap-2 rounded-md border px-2.5 py-1 text-sm ${query.severity === s ? "border-indigo-600 bg-indigo-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
              >
                <SeverityBadge severity={s} />
                <span data-testid={`count-${s}`}>{counts[s]}</span>
                <span className="sr-only"> alerts</span>
              </Link>
            </li>
          ))}
        </ul>
        <details className="text-sm">
          <summary className="cursor-pointer rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50">
            Filter{query.type || query.severity ? " (on)" : ""}
          </summary>
          <form method="get" action="/alerts" className="mt-2 grid gap-3 rounded-md border border-slate-200 bg-white p-3 shadow-sm sm:grid-cols-3 sm:items-end">
            <input type="hidden" name="status" value={query.status} />
            {groupBy !== "none" ? <input type="hidden" name="group" value={groupBy} /> : null}
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
            <div className="flex gap-2">
              <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">Apply</button>
              <Link href={filterHref({ type: undefined, severity: undefined })} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-50">Reset</Link>
            </div>
          </form>
        </details>
      </div>
      <section aria-labelledby="alert-list">
        <h2 id="alert-list" className="sr-only">
          {VIEWS.find((v) => v.status === query.status)?.label} alerts
        </h2>
        {triage && total > alerts.length ? (
          <p className="mb-2 text-sm text-slate-700">
            Showing the newest {alerts.length} of {total}. Narrow by type or severity to reach the rest.
          </p>
        ) : null}
        <TriageList rows={rows} groupBy={groupBy} view={view} snoozeDefaultDate={tomorrowEndOfDayPktInput(now)} />
        {!triage ? <Pager label="Alert pages" next={nextCursor ? { href: filterHref({ before: nextCursor }), label: "Older alerts" } : null} /> : null}
      </section>
    </>
  );
}
