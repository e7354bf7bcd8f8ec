import { apiRoute } from "@/lib/api/handler";
import { suggestActors } from "@/lib/audit/search/actors";
import { listAuditActors } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit-logs/actors?q=: up to 10 people whose name or email matches, within
 * the viewer's audit scope (everyone; self and direct reports; self), for the filter's
 * type-ahead. A list of names, not audit data: no data-access row.
 */
export const GET = apiRoute(
  listAuditActors,
  async ({ query, ctx }) => ({ data: await suggestActors({ viewer: ctx.actor, q: query.q }) }),
);
