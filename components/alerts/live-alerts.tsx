"use client";

import { useRouter } from "next/navigation";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { LiveNoticeStack, useNotices } from "@/components/realtime/live-notice-stack";
import { ALERT_CREATED, alertRealtimeDataSchema } from "@/lib/alerts/contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "@/lib/alerts/labels";

/**
 * Listens for new alerts on the person's own channel: refreshes the page's data (the
 * open feed, the badge and Home come from the scoped reads, so nothing here is trusted
 * beyond "something changed") and shows a short notice. The event's data is parsed with
 * the contract's schema, the one the raising SQL is typed against. Mounted once, in the
 * signed-in layout.
 */
export function LiveAlerts() {
  const router = useRouter();
  const { notices, push, remove } = useNotices();
  useRealtimeEvent(ALERT_CREATED, (data) => {
    const parsed = alertRealtimeDataSchema.safeParse(data);
    if (!parsed.success) return;
    const alert = parsed.data;
    push({ id: alert.alertId, title: `${SEVERITY_LABELS[alert.severity]}: ${ALERT_TYPE_LABELS[alert.type]}${alert.subjectLabel ? `: ${alert.subjectLabel}` : ""}` });
    router.refresh();
  });
  return <LiveNoticeStack notices={notices} onClose={remove} heading="New alert" href={(id) => `/alerts?alert=${id}`} tone="alert" testId="alert-notice" />;
}
