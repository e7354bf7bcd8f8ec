import { Badge } from "@/components/ui/badge";
import type { AnnouncementStatus } from "@/lib/announcements/schemas";

const STATUS = { live: ["green", "Live"], scheduled: ["blue", "Scheduled"], expired: ["gray", "Expired"], archived: ["gray", "Archived"] } as const;

export const STATUS_LABELS: Record<AnnouncementStatus, string> = { live: "Live", scheduled: "Scheduled", expired: "Expired", archived: "Archived" };

/** Where an announcement is in its lifecycle, for authors. */
export function StatusBadge({ status }: { status: AnnouncementStatus }) {
  const [tone, label] = STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}
