import { entrySections, shownText } from "@/lib/audit/search/entry-fields";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { getAuditEntry } from "@/lib/audit/search/entry";
import { SECRET_VALUE } from "@/lib/audit/search/history";
import { getAuditLog } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/** A rebuilt state as JSON: a secret field (a Symbol in memory) says so in words. */
function stateJson(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v === SECRET_VALUE ? shownText(v) : v]));
}

/**
 * GET /api/audit-logs/{id} (spec 001 9.1): one entry with every field, labelled as the
 * entry page labels it, and the history of its record. The page's read: the viewer's
 * scope (outside it: 404, as for an id that does not exist), masking for viewers
 * without audit:view_sensitive, and one data-access row.
 */
export const GET = apiRoute(
  getAuditLog,
  async ({ params, ctx, user }) => {
    const found = await getAuditEntry({ viewer: ctx.actor, request: ctx.request, id: params.id, accessMethod: "api" });
    if (!found) throw new ApiError(404, "not_found", "No audit entry with that id that you may see.");
    const { entry, history } = found;
    return {
      data: {
        ...entry,
        at: entry.at.toISOString(),
        chain: { ...entry.chain, position: entry.chain.position.toString() },
      },
      sections: entrySections(entry, user.id),
      history: {
        truncated: history.truncated,
        steps: history.steps.map((s) => ({ entry: { ...s.entry, at: s.entry.at.toISOString() }, state: stateJson(s.state), deleted: s.deleted })),
      },
    };
  },
);
