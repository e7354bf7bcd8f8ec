import type { Metadata } from "next";
import Link from "next/link";
import { AnnouncementCard } from "@/components/announcements/announcement-card";
import { DeliveredReceipts } from "@/components/announcements/delivered-receipts";
import { EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { listFeed } from "@/lib/announcements/queries";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";

export const metadata: Metadata = { title: "Announcements" };

const BUTTON = "inline-block rounded-md px-4 py-2 text-sm font-medium";

export default async function AnnouncementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("announcements:view");
  const { list: feed, cursor, notice } = await readListPage((await searchParams).cursor, (c) => listFeed({ viewer: user, cursor: c }));
  const author = can(user.role, "announcements:manage");
  return (
    <>
      <PageHeader
        title="Announcements"
        description="Notices and policy changes for you, pinned first, then newest. Times are Pakistan time (PKT)."
        actions={
          author ? (
            <div className="flex flex-wrap gap-2">
              <Link href="/announcements/manage" className={`${BUTTON} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
                Manage
              </Link>
              <Link href="/announcements/new" className={`${BUTTON} bg-indigo-700 text-white hover:bg-indigo-800`}>
                New announcement
              </Link>
            </div>
          ) : null
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {feed.rows.length === 0 ? (
        <EmptyState>{cursor ? "No more announcements." : "There are no announcements for you right now."}</EmptyState>
      ) : (
        <div className="space-y-4" data-testid="announcement-feed">
          {feed.rows.map((a) => (
            <AnnouncementCard key={a.id} a={a} />
          ))}
        </div>
      )}
      <Pager
        label="Announcement pages"
        previous={cursor ? { href: "/announcements", label: "Newest" } : null}
        next={feed.nextCursor ? { href: `/announcements?cursor=${feed.nextCursor}`, label: "Older" } : null}
      />
      <DeliveredReceipts ids={feed.rows.map((a) => a.id)} />
    </>
  );
}
