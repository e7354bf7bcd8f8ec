import { apiRoute } from "@/lib/api/handler";
import { getReport } from "@/lib/audit/reports/queries";
import { getAuditReport } from "@/lib/contract/reports";
import { withLinks } from "@/lib/audit/reports/api";

export const dynamic = "force-dynamic";

/** GET /api/audit-reports/{id}: where a report stands. */
export const GET = apiRoute(getAuditReport, async ({ ctx, params }) => ({ data: withLinks(await getReport(ctx, params.id)) }));
