import { apiRoute } from "@/lib/api/handler";
import { openAuditTail } from "@/lib/audit/tail/stream";
import { parseSearchOrThrow } from "@/lib/audit/search/view";
import { tailAuditLogs } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs/tail?q=: new matching entries in the caller's reach, as Server-Sent Events. */
export const GET = apiRoute(tailAuditLogs, async ({ query, ctx, request }) => {
  const ast = parseSearchOrThrow(query.q);
  const body = await openAuditTail({ ...ctx, ast, resumeFrom: request.headers.get("last-event-id") || query.after, signal: request.signal });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: a compressing server or proxy would hold events back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
