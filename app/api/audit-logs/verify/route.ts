import { NextResponse, type NextRequest } from "next/server";
import { recordAccessDenied, runVerification } from "@/lib/audit/service";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser, requestContext } from "@/lib/auth/session";
import { RateLimitedError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * POST /api/audit-logs/verify: walks the hash chains (auditors and admins). A POST,
 * because it is a full scan that writes audit rows: a link or an image on another
 * site cannot start it. One scan at a time; at most one request per person per 30 s.
 */
export async function POST(req: NextRequest) {
  // Session cookies are SameSite=Lax already; a browser's cross-origin POST is refused too.
  if (!sameOrigin(req)) {
    return NextResponse.json({ error: "Cross-origin request refused." }, { status: 403, headers: NO_STORE });
  }
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401, headers: NO_STORE });
  const request = { ...(await requestContext(user.sessionId)), method: "POST", path: "/api/audit-logs/verify" };
  if (!can(user.role, "audit:verify")) {
    const reason = "You are not allowed to verify the audit log.";
    await recordAccessDenied({ actor: user, request, reason });
    return NextResponse.json({ error: reason }, { status: 403, headers: NO_STORE });
  }
  try {
    const report = await runVerification({ actor: user, request });
    return NextResponse.json(report, { status: 200, headers: NO_STORE });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return NextResponse.json(
        { error: error.message },
        { status: 429, headers: { ...NO_STORE, "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
    throw error;
  }
}

function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true; // not a browser's cross-origin request
  try {
    return new URL(origin).host === req.headers.get("host");
  } catch {
    return false; // "null" (a sandboxed frame, a data: URL)
  }
}

/** Verification changes state (it writes audit rows), so it is not a GET. */
export function GET() {
  return NextResponse.json({ error: "Use POST to run a verification." }, { status: 405, headers: { ...NO_STORE, Allow: "POST" } });
}
