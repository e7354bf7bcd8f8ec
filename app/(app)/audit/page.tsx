import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { AuditResults, type AuditResultRow } from "@/components/audit/audit-results";
import { AuditSearchForm } from "@/components/audit/audit-search-form";
import { AuditCharts } from "@/components/audit/charts/audit-charts";
import { ExportPanel } from "@/components/audit/export-panel";
import { actionLabel } from "@/lib/audit/search/labels";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { ROLE_LABELS, isRole } from "@/lib/access/permissions";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { auditAnalytics } from "@/lib/audit/search/analytics";
import { readSearchParams, searchAuditPage } from "@/lib/audit/search/page-queries";
import { parseQuery } from "@/lib/audit/search/parse";
import { formatDateTime } from "@/lib/time";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Audit log" };

const SCOPE_TEXT = {
  all: "Every entry in the audit log.",
  team: "Your own entries and your direct reports'.",
  own: "Entries you made and entries about you.",
} as const;

function href(q: string, order: string, cursor: string) {
  return listHref("/audit", { q, order: order === "asc" ? "asc" : undefined, cursor });
}

export default async function AuditSearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const request = await requestContext(user.sessionId);
  const params = readSearchParams(await searchParams);
  const parsed = parseQuery((params.q ?? "").trim());
  // The charts cover the same search and scope as the list, read alongside it.
  const [view, analytics] = await Promise.all([
    searchAuditPage({ viewer: user, request, params }),
    parsed.ok ? auditAnalytics({ viewer: user, ast: parsed.ast }) : null,
  ]);
  const rows: AuditResultRow[] = view.rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    atLabel: formatDateTime(r.at),
    actor: r.actor.id === user.id ? `${r.actor.name || user.name} (you)` : r.actor.name || "System",
    actorRole: isRole(r.actor.role) ? ROLE_LABELS[r.actor.role] : "",
    action: r.action,
    actionLabel: actionLabel(r.action),
    description: r.description,
    entity: r.entity.name || `${actionLabel(`${r.entity.type}.`).replace(" · ", "")} (no name)`,
    subject: r.subject ? (r.subject.id === user.id ? "You" : r.subject.name) : "—",
    risk: r.risk,
    status: r.status,
  }));
  const newer = view.newer ? { href: href(view.q, view.order, view.newer), label: "Newer" } : null;
  const older = view.older ? { href: href(view.q, view.order, view.older), label: "Older" } : null;
  return (
    <>
      <PageHeader title="Audit log" description={`${SCOPE_TEXT[level]} Search with key:value terms or use the filters; times are in PKT, newest first unless you choose otherwise.`} />
      <NuqsAdapter>
        <AuditSearchForm />
      </NuqsAdapter>
      {view.notice ? <Notice>{view.notice}</Notice> : null}
      {analytics ? <AuditCharts analytics={analytics} /> : null}
      {parsed.ok && rows.length > 0 ? <ExportPanel q={view.q} /> : null}
      <AuditResults
        rows={rows}
        previous={view.order === "desc" ? newer : older}
        next={view.order === "desc" ? older : newer}
        empty={view.error ? "Fix the search above to see results." : "No entries match this search."}
      />
    </>
  );
}
