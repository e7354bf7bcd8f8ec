import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SavedSearchManager, type ManagedSavedSearch } from "@/components/audit/saved-search-manager";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { can } from "@/lib/access/permissions";
import { REACH, reachLevel } from "@/lib/access/scope";
import { columnLabel, VIEW_LABELS } from "@/lib/audit/saved/columns";
import { listSavedSearches, SHARED_WITH, type SavedSearchItem } from "@/lib/audit/saved/queries";
import { requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Saved searches" };

function managed(s: SavedSearchItem): ManagedSavedSearch {
  const whose = s.mine ? "Yours" : `${s.owner.name}'s`;
  const pinned = s.pinned ? ` · pinned${s.pinnedBy ? ` by ${s.pinnedBy}` : ""}${s.pinnedAt ? ` on ${formatDateTime(s.pinnedAt)}` : ""}` : "";
  return {
    id: s.id, name: s.name, q: s.q,
    href: listHref("/audit", { q: s.q, view: s.view === "insights" ? "insights" : undefined, saved: s.id }),
    note: `${whose}${pinned} · changed ${formatDateTime(s.updatedAt)}`,
    tabLabel: VIEW_LABELS[s.view],
    columnsLabel: s.columns.map(columnLabel).join(", "),
    shared: s.shared, pinned: s.pinned, mine: s.mine,
  };
}

export default async function SavedSearchesPage() {
  const user = await requireUser();
  if (!reachLevel(user, REACH.audit)) notFound();
  const searches = await listSavedSearches(user);
  const canShare = can(user.role, SHARED_WITH);
  const canPin = can(user.role, "audit:pin_searches");
  const sections: Array<{ title: string; empty: string; items: SavedSearchItem[] }> = [
    { title: "Pinned for everyone", empty: "Nothing is pinned.", items: searches.filter((s) => s.pinned) },
    { title: "Yours", empty: "You have no saved searches of your own yet: search the audit log, then use “Save this search”.", items: searches.filter((s) => !s.pinned && s.mine) },
    ...(canShare ? [{ title: "Shared by auditors", empty: "No one has shared a search yet.", items: searches.filter((s) => !s.pinned && !s.mine) }] : []),
  ];
  return (
    <>
      <PageHeader
        title="Saved searches"
        description="Audit log searches kept by name, each with its tab and columns. Rename, share or delete your own; each person sees only the entries in their own reach. Times are in PKT."
        actions={<Link href="/audit" className="text-sm text-indigo-800 underline underline-offset-2">Back to the audit log</Link>}
      />
      <div className="space-y-6">
        {sections.map((section) => (
          <Card key={section.title} title={section.title}>
            {section.items.length === 0 ? (
              <EmptyState>{section.empty}</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200" aria-label={section.title}>
                {section.items.map((s) => (
                  <SavedSearchManager key={`${s.id}-${s.updatedAt.getTime()}`} search={managed(s)} canShare={canShare} canPin={canPin} />
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
