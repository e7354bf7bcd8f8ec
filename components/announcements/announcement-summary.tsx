import Link from "next/link";
import { Card, EmptyState } from "@/components/ui/card";
import { listActiveAnnouncementsForViewer } from "@/lib/announcements/queries";
import type { Viewer } from "@/lib/access/scope";
import { formatDate } from "@/lib/time";
import { DeliveredReceipts } from "./delivered-receipts";

/**
 * The home page's "Announcements" card: the viewer's active announcements, pinned
 * first, with what still needs their acknowledgement marked. A server component; give
 * it the signed-in user.
 */
export async function AnnouncementSummary({ viewer, limit = 5 }: { viewer: Viewer; limit?: number }) {
  const rows = await listActiveAnnouncementsForViewer({ viewer, limit });
  return (
    <Card title="Announcements">
      {rows.length === 0 ? (
        <EmptyState>No announcements for you right now.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rows.map((a) => (
            <li key={a.id} className="py-2">
              <Link href={`/announcements/${a.id}`} className="text-sm font-medium text-slate-900 hover:underline">
                {a.title}
              </Link>
              <p className="text-xs text-slate-600">
                {a.pinned ? "Pinned · " : ""}
                {a.requiresAck && !a.acknowledgedAt ? <span className="font-semibold text-amber-900">Acknowledgement needed · </span> : null}
                {!a.readAt ? "New · " : ""}
                {a.authorName} · until {formatDate(a.endDate)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Link href="/announcements" className="mt-3 inline-block text-sm font-medium text-indigo-800 underline">
        All announcements
      </Link>
      <DeliveredReceipts ids={rows.map((a) => a.id)} />
    </Card>
  );
}
