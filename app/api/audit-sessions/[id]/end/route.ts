import { apiRoute } from "@/lib/api/handler";
import { endSessionAsAdmin } from "@/lib/auth/end-session";
import { endAuditSession as operation } from "@/lib/contract/audit";

/** POST /api/audit-sessions/:id/end: an administrator ends a sign-in session. */
export const POST = apiRoute(operation, async ({ params, ctx }) => endSessionAsAdmin({ ...ctx, id: params.id }));
