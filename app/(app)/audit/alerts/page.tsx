import type { Metadata } from "next";
import Link from "next/link";
import { AnomalyAlertsTable, type AnomalyAlertRow } from "@/components/audit/anomaly-alerts-table";
import { Card } from "@/components/ui/card";
import { FilterSelect, optionsFrom } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { ANOMALY_TYPES, anomalyTitle, anomalyTypeLabel } from "@/lib/alerts/anomaly-labels";
import { formatWaiting, SEVERITY_LABELS, SEVERITY_ORDER, STATUS_LABELS } from "@/lib/alerts/labels";
import { auditAlertFacets, listAuditAlerts } from "@/lib/alerts/queries";
import { auditAlertPageSchema, STATUS_VALUES, type AuditAlertPageQuery } from "@/lib/alerts/schemas";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDateTime, formatShortDateTime } from "@/lib/time";
import { firstParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Anomaly alerts" };

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** This list's view as a link (open alerts are the default, so "OPEN" is left out). */
function hrefFor({ status, severity, type }: Omit<AuditAlertPageQuery, "cursor">, cursor?: string) {
  return listHref("/audit/alerts", { status: status === "OPEN" ? undefined : status, severity, type, cursor });
}

export default async function AnomalyAlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("audit:view_all");
  const raw = firstParams(await searchParams);
  // A hand-edited link with a filter value that is not one shows the open alerts, and says so.
  const parsed = auditAlertPageSchema.safeParse(raw);
  const query = parsed.success ? parsed.data : auditAlertPageSchema.parse({});
  const filters = { severity: query.severity, type: query.type };
  const [{ list, cursor, notice }, facets] = await Promise.all([
    readListPage(query.cursor, (c) => listAuditAlerts(user, { ...filters, status: query.status === "all" ? undefined : query.status, cursor: c, limit: PAGE_SIZE })),
    auditAlertFacets(user, filters),
  ]);
  const now = new Date();
  const rows: AnomalyAlertRow[] = list.alerts.map((a) => ({
    id: a.id,
    href: `/audit/alerts/${a.id}`,
    title: anomalyTitle(a),
    message: a.alertMessage,
    typeLabel: anomalyTypeLabel(a.alertType),
    severity: a.alertSeverity,
    status: a.status,
    raisedAt: a.createdAt.toISOString(),
    raisedLabel: formatDateTime(a.createdAt),
    raisedShort: formatShortDateTime(a.createdAt, now),
    age: formatWaiting(now.getTime() - a.createdAt.getTime()),
    closedBy: a.resolvedByName,
  }));
  const types = [...new Set<string>([...ANOMALY_TYPES, ...facets.types])];
  const filtered = Boolean(query.severity || query.type || query.status !== "OPEN");
  const statusWord = query.status === "all" ? "" : STATUS_LABELS[query.status].toLowerCase();
  return (
    <>
      <PageHeader
        title="Anomaly alerts"
        description="Patterns the anomaly scan found in the audit log: bursts of failed sign-ins, very large exports, privilege changes outside working hours. Resolve one once it is dealt with, or dismiss it with the reason it needs nothing. Times are in PKT."
      />
      <nav aria-label="Anomaly alerts by status" className="mb-4">
        <ul className="flex flex-wrap gap-2" data-testid="anomaly-status-counts">
          {[...STATUS_VALUES, "all" as const].map((s) => {
            const current = query.status === s;
            const n = s === "all" ? Object.values(facets.byStatus).reduce((a, b) => a + b, 0) : facets.byStatus[s];
            return (
              <li key={s}>
                <Link
                  href={hrefFor({ ...filters, status: s })}
                  aria-current={current ? "page" : undefined}
                  className={`flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm ${current ? "border-indigo-600 bg-indigo-50 font-medium text-indigo-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
                >
                  {s === "all" ? "Any status" : STATUS_LABELS[s]}
                  <span className="rounded-full bg-slate-100 px-2 text-xs text-slate-800" data-testid={`anomaly-count-${s}`}>{n}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Card title="Filters" className="mb-4">
        <form method="get" action="/audit/alerts" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
          <FilterSelect id="anomaly-status" label="Status" name="status" value={query.status === "OPEN" ? "" : query.status} any="Open" options={[...optionsFrom(["RESOLVED", "DISMISSED"] as const, STATUS_LABELS), { value: "all", label: "Any status" }]} />
          <FilterSelect id="anomaly-severity" label="Severity" name="severity" value={query.severity} any="All severities" options={optionsFrom(SEVERITY_ORDER, SEVERITY_LABELS)} />
          <FilterSelect id="anomaly-type" label="Type" name="type" value={query.type} any="All types" options={types.map((t) => ({ value: t, label: anomalyTypeLabel(t) }))} />
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
              Apply filters
            </button>
            {filtered ? (
              <Link href="/audit/alerts" className="text-sm font-medium text-indigo-800 underline">
                Clear filters
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      {!parsed.success ? <Notice>Some filters in the address were not valid and were ignored.</Notice> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <section aria-labelledby="anomaly-list">
        <h2 id="anomaly-list" className="mb-3 text-base font-semibold text-slate-900">
          {statusWord ? `${statusWord[0]!.toUpperCase()}${statusWord.slice(1)} anomaly alerts` : "All anomaly alerts"}
          {cursor ? " (continued)" : ""}
        </h2>
        <AnomalyAlertsTable
          rows={rows}
          empty={query.status === "OPEN" && !filtered ? "No open anomaly alerts: nothing in the audit log needs review." : "No anomaly alerts match these filters."}
          previous={cursor ? { href: hrefFor(query), label: "Newest" } : null}
          next={list.nextCursor ? { href: hrefFor(query, list.nextCursor), label: "Older alerts" } : null}
        />
      </section>
    </>
  );
}
