import "server-only";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { dismissAlert, resolveAlert } from "./service";

const params = z.object({ id: z.uuid("That is not an alert.") });
// No body at all closes without a note; anything else must be this JSON object.
const body = z.object({ note: z.string().trim().max(500).optional() }).strict().optional();

/**
 * POST /api/alerts/:id/resolve|dismiss: only the recipient; anyone else gets 404 and an
 * access_denied entry (lib/alerts/service.ts). Body: none, or JSON `{ note? }`.
 */
export function closeAlertRoute(to: "RESOLVED" | "DISMISSED") {
  return apiRoute({ scope: "alerts:write", params, body, sameOrigin: true }, async ({ params, body, ctx }) => {
    const close = to === "RESOLVED" ? resolveAlert : dismissAlert;
    const alert = await close({ ...ctx, alertId: params.id, note: body?.note });
    return { id: alert.id, status: to };
  });
}
