"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { LiveNoticeStack, useNotices } from "@/components/realtime/live-notice-stack";
import { announcementsDeliveredAction } from "@/lib/announcements/actions";
import { REALTIME_EVENTS } from "@/lib/realtime/channels";

/**
 * Listens for `announcement_created` on the person's channels: records delivery,
 * refreshes the page's data (feed, badge, home summary come from the scoped reads) and
 * shows a notice with a link. Mounted once, in the signed-in layout.
 */
export function LiveAnnouncements() {
  const router = useRouter();
  const { notices, push, remove } = useNotices();
  const delivered = useAction(announcementsDeliveredAction);
  useRealtimeEvent(REALTIME_EVENTS.announcementCreated, (data) => {
    const id = typeof data.announcementId === "string" ? data.announcementId : null;
    if (!id) return;
    const title = `${data.reminder === true ? "Reminder: " : ""}${typeof data.title === "string" ? data.title : "New announcement"}`;
    delivered.execute({ ids: [id] });
    push({ id, title });
    router.refresh();
  });
  return (
    <LiveNoticeStack notices={notices} onClose={remove} heading="New announcement" href={(id) => `/announcements/${id}`} tone="announcement" testId="announcement-notice" />
  );
}
