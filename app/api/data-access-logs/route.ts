import { apiRoute } from "@/lib/api/handler";
import { listDataAccessLogs } from "@/lib/audit/search/activity-logs";
import { activityPageSchema } from "@/lib/audit/search/schemas";

export const dynamic = "force-dynamic";

/** GET /api/data-access-logs: who read what, own (everyone) or all (audit:view_all). */
export const GET = apiRoute(
  { scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to see data-access logs.", query: activityPageSchema },
  async ({ query, ctx }) => listDataAccessLogs({ ...ctx, ...query }),
);
