import "server-only";
import type { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import type { Operation } from "@/lib/api/operation";
import { dismissAlert, resolveAlert } from "./service";

type CloseOperation = Operation<undefined, z.ZodType<{ id: string }>, z.ZodType<{ note?: string } | undefined>, z.ZodType<unknown, { id: string; status: "RESOLVED" | "DISMISSED" }>>;

/**
 * POST /api/alerts/:id/resolve|dismiss (lib/contract/alerts.ts): only the recipient;
 * anyone else gets 404 and an access_denied entry (lib/alerts/service.ts).
 */
export function closeAlertRoute(operation: CloseOperation, to: "RESOLVED" | "DISMISSED") {
  return apiRoute(operation, async ({ params, body, ctx }) => {
    const close = to === "RESOLVED" ? resolveAlert : dismissAlert;
    const alert = await close({ ...ctx, alertId: params.id, note: body?.note });
    return { id: alert.id, status: to };
  });
}
