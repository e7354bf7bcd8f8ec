import type { FeedAlert } from "@/lib/alerts/queries";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";
import type { AlertCardData } from "./alert-card";

/** A feed row as the card shows it: labels (snapshot when the person is gone) and PKT times. */
export function toCard(a: FeedAlert): AlertCardData {
  return {
    id: a.id, type: a.type, severity: a.severity, status: a.status, subject: a.subject?.name ?? a.subjectLabel, entity: a.entityLabel,
    message: a.message, createdAt: formatDateTime(a.createdAt), closedAt: a.resolvedAt ? formatDateTime(a.resolvedAt) : a.dismissedAt ? formatDateTime(a.dismissedAt) : null,
    escalated: a.escalatedAt !== null, unread: a.readAt === null && a.status === "OPEN", resolutionNote: a.resolutionNote,
    // An audit anomaly's copy leads to the anomaly alert itself (its recipients are auditors and admins).
    reviewHref: a.entityType === "audit_alert" && isUuid(a.entityId) ? `/audit/alerts/${a.entityId}` : null,
  };
}

