import type { Metadata } from "next";
import Link from "next/link";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { AuditResults } from "@/components/audit/audit-results";
import { toResultRow, type AuditResultRow } from "@/lib/audit/search/result-row";
import { AuditSearchForm } from "@/components/audit/audit-search-form";
import { AuditCharts } from "@/components/audit/charts/audit-charts";
import { AuditTimeline } from "@/components/audit/charts/audit-timeline";
import { AuditFacets } from "@/components/audit/audit-facets";
import { facetsOf } from "@/lib/audit/search/facets";
import { readHistoryParams } from "@/lib/audit/search/history-page";
import { EntryDrawer } from "@/components/audit/entry-drawer";
import { EntryView } from "@/components/audit/entry-view";
import { ExportPanel } from "@/components/audit/export-panel";
import { SaveSearchForm } from "@/components/audit/save-search-form";
import { SavedSearchesMenu, type SavedSearchLink } from "@/components/audit/saved-searches-menu";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { can } from "@/lib/access/permissions";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { auditAnalytics } from "@/lib/audit/search/analytics";
import { getSavedSearch, listSavedSearches, SHARED_WITH, type SavedSearchItem } from "@/lib/audit/saved/queries";
import { getAuditEntry } from "@/lib/audit/search/entry";
import { entryTitle } from "@/lib/audit/search/entry-fields";
import { isUuid } from "@/lib/uuid";
import { readSearchParams, searchAuditPage } from "@/lib/audit/search/page-queries";
import { withFilter } from "@/lib/audit/search/filters";
import { parseQuery } from "@/lib/audit/search/parse";
import { bucketDays, bucketLabel, bucketRange } from "@/lib/audit/search/timeline";
import { formatDateTime } from "@/lib/time";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Audit log" };

const SCOPE_TEXT = {
  all: "Every entry in the audit log.",
  team: "Your own entries and your direct reports'.",
  own: "Entries you made and entries about you.",
} as const;

type View = "results" | "insights";

/** A saved search's link: its search and tab, and `saved` so the page applies its columns and names it. */
function savedHref(s: SavedSearchItem): string {
  return listHref("/audit", { q: s.q, view: s.view === "insights" ? "insights" : undefined, saved: s.id });
}

function savedNote(s: SavedSearchItem): string {
  if (s.pinned) {
    const whose = s.mine ? " · yours" : s.pinnedBy === s.owner.name ? "" : ` · ${s.owner.name}'s search`;
    return `Pinned${s.pinnedBy ? ` by ${s.pinnedBy}` : ""}${whose}`;
  }
  if (!s.mine) return `Shared by ${s.owner.name}`;
  return s.shared ? "Shared with auditors" : "Private";
}

/** What the counts cover, in words: the search's days, or the last 30 when it names none. */
function windowWords(total: number, from: Date, to: Date, defaulted: boolean): string {
  const count = `${total.toLocaleString("en-US")} ${total === 1 ? "entry" : "entries"}`;
  // `to` is exclusive: the last minute shown is just before it.
  const range = `${formatDateTime(from)} to ${formatDateTime(new Date(to.getTime() - 60_000))}`;
  return defaulted ? `${count} in the last 30 days, ${range}; the list covers all time (add dates to chart another range)` : `${count} from ${range}`;
}

export default async function AuditSearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const request = await requestContext(user.sessionId);
  const raw = await searchParams;
  const params = readSearchParams(raw);
  const view: View = raw.view === "insights" ? "insights" : "results";
  const entryId = typeof raw.entry === "string" && isUuid(raw.entry) ? raw.entry : null;
  // A saved search picked from the menu: its columns are applied (and remembered as the
  // person's choice) by the table; the page names it while its search is in force.
  const savedId = typeof raw.saved === "string" && isUuid(raw.saved) ? raw.saved : null;
  const parsed = parseQuery((params.q ?? "").trim());
  // The charts cover the same search and scope as the list, read alongside it; the
  // drawer's entry is the entry page's read (scope, masking, a data-access row).
  const [list, analytics, opened, savedSearches, saved] = await Promise.all([
    searchAuditPage({ viewer: user, request, params }),
    parsed.ok ? auditAnalytics({ viewer: user, ast: parsed.ast }) : null,
    entryId ? getAuditEntry({ viewer: user, request, id: entryId }) : null,
    listSavedSearches(user),
    savedId ? getSavedSearch(user, savedId) : null,
  ]);
  const savedParam = saved?.id;
  const here = (extra: Record<string, string | undefined>) =>
    listHref("/audit", { q: list.q, order: list.order === "asc" ? "asc" : undefined, cursor: params.cursor, view: view === "insights" ? "insights" : undefined, saved: savedParam, ...extra });
  const href = (q: string, order: string, cursor: string) => listHref("/audit", { q, order: order === "asc" ? "asc" : undefined, cursor, saved: savedParam });
  const rows: AuditResultRow[] = list.rows.map((r) => toResultRow(r, user, here({ entry: r.id })));
  const newer = list.newer ? { href: href(list.q, list.order, list.newer), label: "Newer" } : null;
  const older = list.older ? { href: href(list.q, list.order, list.older), label: "Older" } : null;
  const order = list.order === "asc" ? "asc" : undefined;
  const viewHref = (v: View) => listHref("/audit", { q: list.q, order, view: v === "insights" ? "insights" : undefined, saved: savedParam });
  const links = (keep: (s: SavedSearchItem) => boolean): SavedSearchLink[] =>
    savedSearches.filter(keep).map((s) => ({ id: s.id, name: s.name, href: savedHref(s), q: s.q, note: savedNote(s) }));
  const summary = analytics ? windowWords(analytics.total, analytics.window.from, analytics.window.to, analytics.window.defaulted) : "";
  return (
    <>
      <PageHeader title="Audit log" description={`${SCOPE_TEXT[level]} Times are in PKT, newest first unless you choose otherwise.`} />
      <NuqsAdapter>
        <AuditSearchForm />
      </NuqsAdapter>
      {savedId && !saved ? <Notice>That saved search does not exist, or it is not shared with you.</Notice> : null}
      {list.notice ? <Notice>{list.notice}</Notice> : null}
      {/* The tabs of this search, and its saved searches beside them (the menu, saving, the one shown). */}
      <div className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 border-b border-slate-200">
        <nav aria-label="Views of this search" className="flex gap-1 text-sm">
          {(["results", "insights"] as const).map((v) => (
            <Link
              key={v}
              href={viewHref(v)}
              aria-current={view === v ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-1.5 font-medium ${view === v ? "border-indigo-700 text-indigo-800" : "border-transparent text-slate-700 hover:text-slate-900"}`}
            >
              {v === "results" ? "Results" : "Insights"}
            </Link>
          ))}
        </nav>
        <div className="relative order-first flex basis-full flex-wrap items-center gap-2 pb-1.5 sm:order-none sm:ml-auto sm:basis-auto sm:justify-end" data-testid="saved-search-toolbar">
          <SavedSearchesMenu pinned={links((s) => s.pinned)} mine={links((s) => !s.pinned && s.mine)} shared={links((s) => !s.pinned && !s.mine)} />
          <SaveSearchForm
            q={list.q}
            view={view}
            blocked={list.error ? "Fix the search above to save it." : null}
            canShare={can(user.role, SHARED_WITH)}
            canPin={can(user.role, "audit:pin_searches")}
            href={listHref("/audit", { q: list.q, view: view === "insights" ? "insights" : undefined })}
          />
          {saved && saved.q === list.q ? (
            <p className="text-sm text-slate-700" data-testid="current-saved-search">
              Saved search: <strong className="font-semibold break-words text-slate-900">{saved.name}</strong>
            </p>
          ) : null}
        </div>
      </div>
      {view === "insights" ? (
        analytics ? <AuditCharts analytics={analytics} /> : <Notice>Fix the search above to see its charts.</Notice>
      ) : (
        <>
          {analytics ? (
            <AuditTimeline
              summary={summary}
              insightsHref={viewHref("insights")}
              points={analytics.overTime.map((p) => {
                const days = bucketDays(p.start, analytics.window.bucket);
                return {
                  label: bucketLabel(p.start, analytics.window.bucket),
                  range: bucketRange(p.start, analytics.window.bucket),
                  count: p.count,
                  href: listHref("/audit", { q: withFilter(list.q, "created", days), order }),
                };
              })}
            />
          ) : null}
          {analytics ? (
            <AuditFacets
              facets={facetsOf(list.q, analytics)}
              hrefOf={(q) => listHref("/audit", { q, order })}
              window={analytics.window.defaulted ? "last 30 days" : "in the search's days"}
            />
          ) : null}
          <AuditResults
            drawerOpen={opened !== null}
            live={parsed.ok && list.order === "desc" && !params.cursor ? { q: list.q, viewer: { id: user.id, name: user.name }, initiallyOn: raw.live === "1" } : null}
            columnChoice={saved ? { key: saved.id, visible: saved.columns } : undefined}
            rows={rows}
            previous={list.order === "desc" ? newer : older}
            next={list.order === "desc" ? older : newer}
            empty={list.error ? "Fix the search above to see results." : "No entries match this search."}
          />
        </>
      )}
      {parsed.ok && rows.length > 0 ? <ExportPanel q={list.q} /> : null}
      {entryId && !opened ? <Notice>That entry does not exist or is outside what you may see.</Notice> : null}
      {opened ? (
        <EntryDrawer
          entryId={opened.entry.id}
          title={entryTitle(opened.entry)}
          subtitle={`${opened.entry.description} · ${formatDateTime(opened.entry.at)}`}
          closeHref={here({})}
          pageHref={`/audit/${opened.entry.id}`}
        >
          <EntryView
            entry={opened.entry}
            history={opened.history}
            historyParams={readHistoryParams(raw)}
            historyHref={(p) => here({ entry: opened.entry.id, ...p })}
            viewerId={user.id}
            level={3}
            hrefOf={(id) => here({ entry: id })}
            narrow
          />
        </EntryDrawer>
      ) : null}
    </>
  );
}
