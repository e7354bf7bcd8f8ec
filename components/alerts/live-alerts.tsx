"use client";

import { useRouter } from "next/navigation";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { LiveNoticeStack, useNotices } from "@/components/realtime/live-notice-stack";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, type AlertSeverity, type AlertType } from "@/lib/alerts/labels";
import { REALTIME_EVENTS } from "@/lib/realtime/channels";

/**
 * Listens for `alert_created` on the person's own channel: refreshes the page's data
 * (the open feed, the badge and Home come from the scoped reads, so nothing here is
 * trusted beyond "something changed") and shows a short notice. Mounted once, in the
 * signed-in layout.
 */
export function LiveAlerts() {
  const router = useRouter();
  const { notices, push, remove } = useNotices();
  useRealtimeEvent(REALTIME_EVENTS.alertCreated, (data) => {
    const id = typeof data.alertId === "string" ? data.alertId : null;
    if (!id) return;
    const type = ALERT_TYPE_LABELS[data.type as AlertType] ?? "Alert";
    const severity = SEVERITY_LABELS[data.severity as AlertSeverity] ?? "";
    const subject = typeof data.subjectLabel === "string" ? data.subjectLabel : "";
    push({ id, title: `${severity ? `${severity}: ` : ""}${type}${subject ? `: ${subject}` : ""}` });
    router.refresh();
  });
  return <LiveNoticeStack notices={notices} onClose={remove} heading="New alert" href={(id) => `/alerts?alert=${id}`} tone="alert" testId="alert-notice" />;
}
