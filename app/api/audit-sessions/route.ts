import { apiRoute } from "@/lib/api/handler";
import { listAuditSessions } from "@/lib/audit/search/activity-logs";
import { listAuditSessions as operation } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/** GET /api/audit-sessions: sign-in sessions, own (everyone) or all (audit:view_all). */
export const GET = apiRoute(
  operation,
  async ({ query, ctx }) => listAuditSessions({ ...ctx, ...query }),
);
