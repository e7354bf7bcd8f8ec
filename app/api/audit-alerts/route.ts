import { apiRoute } from "@/lib/api/handler";
import { anomalyTypeLabel } from "@/lib/alerts/anomaly-labels";
import { listAuditAlerts } from "@/lib/alerts/queries";
import { listAuditAlerts as operation } from "@/lib/contract/alerts";

/** GET /api/audit-alerts (spec 001): anomalies found in the audit log; auditors and admins. */
export const GET = apiRoute(operation, async ({ query, user }) => {
  const { resolved, ...filters } = query;
  const { alerts, nextCursor } = await listAuditAlerts(user, { ...filters, resolved: resolved === undefined ? undefined : resolved === "true" });
  return {
    results: alerts.map((r) => ({
      id: r.id, alert_type: r.alertType, alert_type_label: anomalyTypeLabel(r.alertType), alert_message: r.alertMessage, alert_severity: r.alertSeverity,
      status: r.status, is_resolved: r.isResolved, details: r.details, created_at: r.createdAt.toISOString(), resolved_at: r.resolvedAt?.toISOString() ?? null,
      resolved_by: r.resolvedByName, resolution_note: r.resolutionNote,
    })),
    nextCursor,
  };
});
