import { apiRoute } from "@/lib/api/handler";
import { listDataAccessLogs } from "@/lib/audit/search/activity-logs";
import { listDataAccessLogs as operation } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/** GET /api/data-access-logs: who read what, own (everyone) or all (audit:view_all). */
export const GET = apiRoute(
  operation,
  async ({ query, ctx }) => listDataAccessLogs({ ...ctx, ...query }),
);
