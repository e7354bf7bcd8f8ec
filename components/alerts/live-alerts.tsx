"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, type AlertSeverity, type AlertType } from "@/lib/alerts/labels";
import { REALTIME_EVENTS } from "@/lib/realtime/channels";

type Notice = { id: string; title: string };

/**
 * Listens for `alert_created` on the person's own channel: refreshes the page's data
 * (the open feed, the badge and Home come from the scoped reads, so nothing here is
 * trusted beyond "something changed") and shows a short notice. Mounted once, in the
 * signed-in layout.
 */
export function LiveAlerts() {
  const router = useRouter();
  const [notices, setNotices] = useState<Notice[]>([]);
  useRealtimeEvent(REALTIME_EVENTS.alertCreated, (data) => {
    const id = typeof data.alertId === "string" ? data.alertId : null;
    if (!id) return;
    const type = ALERT_TYPE_LABELS[data.type as AlertType] ?? "Alert";
    const severity = SEVERITY_LABELS[data.severity as AlertSeverity] ?? "";
    const subject = typeof data.subjectLabel === "string" ? data.subjectLabel : "";
    setNotices((list) => [{ id, title: `${severity ? `${severity}: ` : ""}${type}${subject ? `: ${subject}` : ""}` }, ...list.filter((n) => n.id !== id)].slice(0, 3));
    router.refresh();
  });
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-4 bottom-4 z-40 flex flex-col items-end gap-2 sm:left-auto sm:w-96">
      {notices.map((n) => (
        <div key={n.id} role="status" className="pointer-events-auto w-full rounded-lg border border-red-200 bg-white p-3 shadow-lg" data-testid="alert-notice">
          <p className="text-xs font-semibold tracking-wide text-red-800 uppercase">New alert</p>
          <p className="mt-1 text-sm font-medium break-words text-slate-900">{n.title}</p>
          <div className="mt-2 flex gap-3 text-sm">
            <Link href={`/alerts?alert=${n.id}`} className="font-medium text-indigo-800 underline" onClick={() => setNotices((l) => l.filter((x) => x.id !== n.id))}>
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
