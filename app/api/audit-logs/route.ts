import { apiRoute } from "@/lib/api/handler";
import { listAuditLogs } from "@/lib/contract/audit";
import { parseSearchOrThrow, viewAuditEntries, withListFilters } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs: the viewer's audit entries, filtered (spec 001 9.1) and searched (`q`). */
export const GET = apiRoute(
  listAuditLogs,
  async ({ query, ctx }) => {
    const { q, cursor, limit, order, ...filters } = query;
    const ast = withListFilters(parseSearchOrThrow(q), filters);
    return viewAuditEntries({ ...ctx, ast, cursor, limit, order, criteria: filters });
  },
);
