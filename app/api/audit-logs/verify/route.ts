import { NextResponse } from "next/server";
import { recordAccessDenied, runVerification } from "@/lib/audit/service";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser, requestContext } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs/verify: walks the hash chains (auditors and admins). */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const request = { ...(await requestContext(user.sessionId)), method: "GET", path: "/api/audit-logs/verify" };
  if (!can(user.role, "audit:verify")) {
    const reason = "You are not allowed to verify the audit log.";
    await recordAccessDenied({ actor: user, request, reason });
    return NextResponse.json({ error: reason }, { status: 403 });
  }
  const report = await runVerification({ actor: user, request });
  return NextResponse.json(report, { status: 200, headers: { "Cache-Control": "no-store" } });
}
