import { apiRoute } from "@/lib/api/handler";
import { searchAuditLogs } from "@/lib/contract/audit";
import { parseSearchOrThrow, viewAuditEntries } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs/search?q=: the viewer's entries matching a search. */
export const GET = apiRoute(
  searchAuditLogs,
  async ({ query, ctx }) => {
    const { q, cursor, limit, order } = query;
    return viewAuditEntries({ ...ctx, ast: parseSearchOrThrow(q), cursor, limit, order });
  },
);
