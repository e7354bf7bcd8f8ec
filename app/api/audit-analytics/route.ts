import { apiRoute } from "@/lib/api/handler";
import { viewAuditAnalytics } from "@/lib/audit/search/analytics";
import { getAuditAnalytics } from "@/lib/contract/audit";
import { parseSearchOrThrow, withListFilters } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit-analytics: chart data (events over time, by category, risk, outcome,
 * top actors and actions) for the viewer's search, with the list's filters. Without a
 * `created:` term or date_from the window is the last 30 days (`window.defaulted`).
 */
export const GET = apiRoute(
  getAuditAnalytics,
  async ({ query, ctx }) => {
    const { q, ...filters } = query;
    const ast = withListFilters(parseSearchOrThrow(q), filters);
    return viewAuditAnalytics({ ...ctx, ast, criteria: filters });
  },
);
