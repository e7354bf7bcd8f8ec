import { apiRoute } from "@/lib/api/handler";
import { triageAlerts } from "@/lib/alerts/service";
import { triageAlerts as operation } from "@/lib/contract/alerts";

/** POST /api/alerts/triage: several of the caller's alerts at once (lib/alerts/service.ts). */
export const POST = apiRoute(operation, async ({ body, ctx }) => {
  const result = await triageAlerts({ ...ctx, ...body });
  return { ...result, snoozedUntil: result.snoozedUntil?.toISOString() ?? null };
});
