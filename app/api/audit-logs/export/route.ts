import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { bundleReady, NO_CHECKPOINT_MESSAGE } from "@/lib/audit/evidence/bundle";
import { exportAuditLog } from "@/lib/audit/search/export";
import { exportAuditLogs } from "@/lib/contract/audit";
import { parseSearchOrThrow } from "@/lib/audit/search/view";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit-logs/export?q=&format=csv|json|ndjson|bundle: the viewer's search results as a
 * streamed download. Whoever may search may export their own scope.
 */
export const GET = apiRoute(
  exportAuditLogs,
  async ({ query, ctx, request }) => {
    const ast = parseSearchOrThrow(query.q);
    if (query.format === "bundle" && !(await bundleReady())) throw new ApiError(409, "conflict", NO_CHECKPOINT_MESSAGE);
    const file = exportAuditLog({ ...ctx, ast, format: query.format, signal: request.signal });
    return new Response(file.body, {
      status: 200,
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        // no-transform: `next start` would gzip the stream in this process, which costs
        // more CPU than the database spends producing it (bench:search: half the export
        // rate). A proxy in front may still compress it.
        "Cache-Control": "no-store, no-transform",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
