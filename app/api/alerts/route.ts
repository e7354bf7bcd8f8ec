import { apiRoute } from "@/lib/api/handler";
import { listMyAlerts } from "@/lib/alerts/queries";
import { listAlerts } from "@/lib/contract/alerts";

/** GET /api/alerts: the signed-in user's alerts (recipient only), newest first, with counts per severity. */
export const GET = apiRoute(listAlerts, async ({ user, query }) => {
  const { alerts, counts, nextCursor } = await listMyAlerts(user, query);
  return {
    alerts: alerts.map((a) => ({
      id: a.id, type: a.type, severity: a.severity, status: a.status, message: a.message,
      subject: a.subject?.name ?? a.subjectLabel, entityType: a.entityType, entity: a.entityLabel,
      createdAt: a.createdAt.toISOString(), resolvedAt: a.resolvedAt?.toISOString() ?? null, dismissedAt: a.dismissedAt?.toISOString() ?? null,
      escalatedAt: a.escalatedAt?.toISOString() ?? null, snoozedUntil: a.snoozedUntil?.toISOString() ?? null, read: a.readAt !== null, resolutionNote: a.resolutionNote,
    })),
    counts,
    nextCursor,
  };
});
