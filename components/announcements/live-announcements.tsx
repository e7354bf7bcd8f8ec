"use client";

import { useAction } from "next-safe-action/hooks";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { announcementsDeliveredAction } from "@/lib/announcements/actions";
import { REALTIME_EVENTS } from "@/lib/realtime/channels";

type Notice = { id: string; title: string };

/**
 * Listens for `announcement_created` on the person's channels: records delivery,
 * refreshes the page's data (feed, badge, home summary come from the scoped reads) and
 * shows a notice with a link. Mounted once, in the signed-in layout.
 */
export function LiveAnnouncements() {
  const router = useRouter();
  const [notices, setNotices] = useState<Notice[]>([]);
  const delivered = useAction(announcementsDeliveredAction);
  useRealtimeEvent(REALTIME_EVENTS.announcementCreated, (data) => {
    const id = typeof data.announcementId === "string" ? data.announcementId : null;
    if (!id) return;
    const title = typeof data.title === "string" ? data.title : "New announcement";
    delivered.execute({ ids: [id] });
    setNotices((list) => [{ id, title }, ...list.filter((n) => n.id !== id)].slice(0, 3));
    router.refresh();
  });
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-4 bottom-4 z-40 flex flex-col items-end gap-2 sm:left-auto sm:w-96">
      {notices.map((n) => (
        <div key={n.id} role="status" className="pointer-events-auto w-full rounded-lg border border-indigo-200 bg-white p-3 shadow-lg" data-testid="announcement-notice">
          <p className="text-xs font-semibold tracking-wide text-indigo-800 uppercase">New announcement</p>
          <p className="mt-1 text-sm font-medium break-words text-slate-900">{n.title}</p>
          <div className="mt-2 flex gap-3 text-sm">
            <Link href={`/announcements/${n.id}`} className="font-medium text-indigo-800 underline" onClick={() => setNotices((l) => l.filter((x) => x.id !== n.id))}>
              Open
            </Link>
            <button type="button" className="text-slate-700 underline" onClick={() => setNotices((l) => l.filter((x) => x.id !== n.id))}>
              Dismiss<span className="sr-only"> notice about {n.title}</span>
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
