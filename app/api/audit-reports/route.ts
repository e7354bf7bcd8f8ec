// GET: the compliance reports. POST: request one (202; generated in the background).
import { apiRoute } from "@/lib/api/handler";
import { withLinks } from "@/lib/audit/reports/api";
import { listReports } from "@/lib/audit/reports/queries";
import { requestReport } from "@/lib/audit/reports/service";
import { listAuditReports, requestAuditReport } from "@/lib/contract/reports";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAuditReports, async ({ ctx }) => ({ data: (await listReports(ctx)).map(withLinks) }));

export const POST = apiRoute(requestAuditReport, async ({ ctx, body }) => {
  const report = await requestReport({ ...ctx, type: body.type, from: body.from, to: body.to });
  return Response.json({ data: withLinks(report) }, { status: 202, headers: { Location: `/api/audit-reports/${report.id}` } });
});
