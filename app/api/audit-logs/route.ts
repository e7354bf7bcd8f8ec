import { apiRoute } from "@/lib/api/handler";
import { auditListQuerySchema } from "@/lib/audit/search/schemas";
import { parseSearchOrThrow, viewAuditEntries, withListFilters } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs: the viewer's audit entries, filtered (spec 001 9.1) and searched (`q`). */
export const GET = apiRoute(
  { scope: "audit:read", permission: "activity:self", deniedMessage: "You are not allowed to read the audit log.", query: auditListQuerySchema },
  async ({ query, ctx }) => {
    const { q, cursor, limit, order, ...filters } = query;
    const ast = withListFilters(parseSearchOrThrow(q), filters);
    return viewAuditEntries({ ...ctx, ast, cursor, limit, order, criteria: filters });
  },
);
