import type { Metadata } from "next";
import Link from "next/link";
import { ManageTable, type ManageRow } from "@/components/announcements/manage-table";
import { STATUS_LABELS } from "@/components/announcements/status-badge";
import { Card } from "@/components/ui/card";
import { FilterSelect, optionsFrom } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { listForAuthors } from "@/lib/announcements/queries";
import { ANNOUNCEMENT_STATUSES, AUDIENCE_LABELS, AUDIENCES, manageFilterSchema, type ManageFilter } from "@/lib/announcements/schemas";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDate } from "@/lib/time";
import { firstParam as first, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Manage announcements" };


function hrefFor({ status, audience }: ManageFilter, cursor?: string) {
  return listHref("/announcements/manage", { status, audience, cursor });
}

export default async function ManageAnnouncementsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePermission("announcements:manage");
  const raw = await searchParams;
  const filter = manageFilterSchema.parse({ status: first(raw.status) || undefined, audience: first(raw.audience) || undefined, cursor: first(raw.cursor) || undefined });
  const { list, cursor, notice } = await readListPage(filter.cursor, (c) => listForAuthors({ viewer: user, filter: { ...filter, cursor: c } }));
  const rows: ManageRow[] = list.rows.map((a) => ({
    id: a.id,
    title: a.title,
    status: a.status,
    audienceLabel: a.audienceLabel,
    window: `${formatDate(a.startDate)} – ${formatDate(a.endDate)}`,
    authorName: a.authorName,
    pinned: a.pinned,
    requiresAck: a.requiresAck,
    ...a.reach,
  }));
  return (
    <>
      <PageHeader
        title="Manage announcements"
        description="Every announcement, newest first: live, scheduled, expired and archived, with how far each has reached."
        actions={
          <Link href="/announcements/new" className="inline-block rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
            New announcement
          </Link>
        }
      />
      <Card title="Filters" className="mb-6">
        <form method="get" action="/announcements/manage" className="grid items-end gap-4 sm:grid-cols-3">
          <FilterSelect id="manage-status" label="Status" name="status" value={filter.status} any="Any status" options={optionsFrom(ANNOUNCEMENT_STATUSES, STATUS_LABELS)} />
          <FilterSelect id="manage-audience" label="Audience" name="audience" value={filter.audience} any="Any audience" options={optionsFrom(AUDIENCES, AUDIENCE_LABELS)} />
          <div>
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
              Apply
            </button>
          </div>
        </form>
      </Card>
      {notice ? <Notice>{notice}</Notice> : null}
      <ManageTable
        rows={rows}
        previous={cursor ? { href: hrefFor(filter), label: "Newest" } : null}
        next={list.nextCursor ? { href: hrefFor(filter, list.nextCursor), label: "Older" } : null}
      />
    </>
  );
}
