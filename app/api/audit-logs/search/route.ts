import { apiRoute } from "@/lib/api/handler";
import { auditSearchQuerySchema } from "@/lib/audit/search/schemas";
import { parseSearchOrThrow, viewAuditEntries } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs/search?q=: the viewer's entries matching a search. */
export const GET = apiRoute(
  { scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to search the audit log.", query: auditSearchQuerySchema },
  async ({ query, ctx }) => {
    const { q, cursor, limit, order } = query;
    return viewAuditEntries({ ...ctx, ast: parseSearchOrThrow(q), cursor, limit, order });
  },
);
