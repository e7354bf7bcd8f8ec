import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AnnouncementBody } from "@/components/announcements/announcement-body";
import { ArchiveButton } from "@/components/announcements/archive-button";
import { ReceiptControls } from "@/components/announcements/receipt-controls";
import { StatusBadge } from "@/components/announcements/status-badge";
import { Badge } from "@/components/ui/badge";
import { LINK_BUTTON } from "@/components/ui/pager";
import { getAnnouncement } from "@/lib/announcements/queries";
import { requirePermission } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Announcement" };

async function load(viewer: Parameters<typeof getAnnouncement>[0]["viewer"], id: string) {
  if (!isUuid(id)) notFound();
  try {
    return await getAnnouncement({ viewer, id });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function AnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("announcements:view");
  const a = await load(user, (await params).id);
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/announcements" className="text-indigo-800 underline">
          ← Announcements
        </Link>
      </p>
      <article className={`rounded-lg border bg-white p-4 shadow-sm sm:p-6 ${a.targeted && a.requiresAck && !a.acknowledgedAt ? "border-amber-400" : "border-slate-200"}`}>
        <div className="mb-2 flex flex-wrap gap-2">
          {a.canManage ? <StatusBadge status={a.status} /> : null}
          {a.pinned ? <Badge tone="indigo">Pinned</Badge> : null}
          {a.requiresAck ? <Badge tone="amber">Requires acknowledgement</Badge> : null}
        </div>
        <h1 className="text-2xl font-bold break-words text-slate-900">{a.title}</h1>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          {a.authorName} · for {a.audienceLabel} · {formatDate(a.startDate)} to {formatDate(a.endDate)} (PKT)
        </p>
        <AnnouncementBody markdown={a.body} />
        <ReceiptControls
          id={a.id}
          targeted={a.targeted}
          read={Boolean(a.readAt)}
          requiresAck={a.requiresAck}
          acknowledgedAt={a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : null}
        />
      </article>
      {a.canManage ? (
        <section aria-label="Author actions" className="mt-4 flex flex-wrap items-start gap-3">
          <Link href={`/announcements/${a.id}/reach`} className={LINK_BUTTON}>
            Reach
          </Link>
          <Link href={`/announcements/${a.id}/edit`} className={LINK_BUTTON}>
            Edit
          </Link>
          <ArchiveButton id={a.id} active={a.isActive} />
          <p className="w-full text-xs text-slate-600">Last changed {formatDateTime(a.updatedAt)}.</p>
        </section>
      ) : null}
    </>
  );
}
