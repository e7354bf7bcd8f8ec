import "server-only";
import type { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import type { Operation } from "@/lib/api/operation";
import { dismissAuditAlert, resolveAuditAlert } from "./service";

type Closed = { id: string; status: "RESOLVED" | "DISMISSED"; resolved_at: string; resolved_by: string; resolution_note: string | null; feed_alerts_closed: number };
type CloseOperation = Operation<undefined, z.ZodType<{ id: string }>, z.ZodType<{ note?: string } | undefined>, z.ZodType<unknown, Closed>>;

/**
 * POST /api/audit-alerts/:id/resolve|dismiss (lib/contract/alerts.ts): auditors and
 * admins, through the same service as the page's forms (lib/alerts/service.ts).
 */
export function closeAuditAlertRoute(operation: CloseOperation, to: "RESOLVED" | "DISMISSED") {
  return apiRoute(operation, async ({ params, body, ctx }) => {
    const close = to === "RESOLVED" ? resolveAuditAlert : dismissAuditAlert;
    const alert = await close({ ...ctx, auditAlertId: params.id, note: body?.note });
    return {
      id: alert.id, status: to, resolved_at: (alert.resolvedAt ?? new Date()).toISOString(), resolved_by: alert.resolvedByName ?? ctx.actor.name,
      resolution_note: alert.resolutionNote, feed_alerts_closed: alert.feedAlertsClosed,
    };
  });
}
