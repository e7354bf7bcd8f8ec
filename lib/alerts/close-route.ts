import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { dismissAlert, resolveAlert } from "./service";

const params = z.object({ id: z.uuid("That is not an alert.") });
const body = z.object({ note: z.string().trim().max(500).optional() }).strict();

/**
 * POST /api/alerts/:id/resolve|dismiss: only the recipient; anyone else gets 404 and an
 * access_denied entry (lib/alerts/service.ts). Body: optional `{ note }`.
 */
export function closeAlertRoute(to: "RESOLVED" | "DISMISSED") {
  return apiRoute({ params, sameOrigin: true }, async ({ params, request, ctx }) => {
    const raw = request.headers.get("content-type")?.includes("application/json") ? await request.json().catch(() => null) : {};
    const parsed = body.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new ApiError(400, "invalid_input", "The body is not valid.", { issues: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })) });
    }
    const close = to === "RESOLVED" ? resolveAlert : dismissAlert;
    const alert = await close({ ...ctx, alertId: params.id, note: parsed.data.note });
    return { id: alert.id, status: to };
  });
}
