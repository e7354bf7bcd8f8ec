import { apiRoute } from "@/lib/api/handler";
import { listAuditSessions } from "@/lib/audit/search/activity-logs";
import { activityPageSchema } from "@/lib/audit/search/schemas";

export const dynamic = "force-dynamic";

/** GET /api/audit-sessions: sign-in sessions, own (everyone) or all (audit:view_all). */
export const GET = apiRoute(
  { scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to see sign-in sessions.", query: activityPageSchema },
  async ({ query, ctx }) => listAuditSessions({ ...ctx, ...query }),
);
