import { apiRoute } from "@/lib/api/handler";
import { downloadReport } from "@/lib/audit/reports/service";
import { downloadAuditReport } from "@/lib/contract/reports";

export const dynamic = "force-dynamic";

/** GET /api/audit-reports/{id}/download?format=pdf|csv|json: a ready report's file (audited). */
export const GET = apiRoute(downloadAuditReport, async ({ ctx, params, query }) => {
  const file = await downloadReport(ctx, params.id, query.format);
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
