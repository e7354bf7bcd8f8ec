import { NextResponse } from "next/server";
import { runVerification } from "@/lib/audit/service";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser, requestContext } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** GET /api/audit-logs/verify: walks the hash chains (auditors and admins). */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (!can(user.role, "audit:verify")) return NextResponse.json({ error: "You are not allowed to verify the audit log." }, { status: 403 });
  const report = await runVerification({ actor: user, request: { ...(await requestContext(user.sessionId)), method: "GET", path: "/api/audit-logs/verify" } });
  return NextResponse.json(report, { status: 200, headers: { "Cache-Control": "no-store" } });
}
