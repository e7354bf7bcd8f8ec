import { apiRoute } from "@/lib/api/handler";
import { listAuditAlerts } from "@/lib/alerts/queries";
import { listAuditAlerts as operation } from "@/lib/contract/alerts";

/** GET /api/audit-alerts (spec 001): anomalies found in the audit log; auditors and admins. */
export const GET = apiRoute(
  operation,
  async ({ query }) => {
    const rows = await listAuditAlerts({ resolved: query.resolved === undefined ? undefined : query.resolved === "true", limit: query.limit });
    return {
      results: rows.map((r) => ({
        id: r.id, alert_type: r.alertType, alert_message: r.alertMessage, alert_severity: r.alertSeverity, is_resolved: r.isResolved,
        details: r.details, created_at: r.createdAt.toISOString(), resolved_at: r.resolvedAt?.toISOString() ?? null,
      })),
    };
  },
);
