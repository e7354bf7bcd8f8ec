import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { dismissAlert } from "@/lib/alerts/service";

const params = z.object({ id: z.uuid("That is not an alert.") });
const body = z.object({ note: z.string().trim().max(500).optional() }).strict();

/** POST /api/alerts/:id/dismiss: only the recipient; anyone else gets 404 and an access_denied entry. */
export const POST = apiRoute({ params, sameOrigin: true }, async ({ params, request, ctx }) => {
  const raw = request.headers.get("content-type")?.includes("application/json") ? await request.json().catch(() => null) : {};
  const parsed = body.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ApiError(400, "invalid_input", "The body is not valid.", { issues: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })) });
  }
  const alert = await dismissAlert({ ...ctx, alertId: params.id, note: parsed.data.note });
  return { id: alert.id, status: "DISMISSED" };
});
