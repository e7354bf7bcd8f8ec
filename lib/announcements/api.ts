// The JSON shape of an announcement in the API: labels beside values, PKT calendar
// days beside the stored UTC instants.
import type { AnnouncementView } from "./queries";
import { windowDays } from "./window";

export function toApiAnnouncement(a: AnnouncementView) {
  const days = windowDays(a);
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    audience: a.audience,
    audienceLabel: a.audienceLabel,
    startDay: days.startDate,
    endDay: days.endDate,
    startDate: a.startDate.toISOString(),
    endDate: a.endDate.toISOString(),
    isActive: a.isActive,
    pinned: a.pinned,
    requiresAck: a.requiresAck,
    sendEmail: a.sendEmail,
    ackBy: a.ackBy?.toISOString() ?? null,
    escalateUnacknowledged: a.escalateUnacknowledged,
    status: a.status,
    authorName: a.authorName,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    readAt: a.readAt?.toISOString() ?? null,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  };
}
