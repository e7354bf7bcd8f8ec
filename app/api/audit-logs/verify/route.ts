import { apiRoute, refusedMethod } from "@/lib/api/handler";
import { runVerification } from "@/lib/audit/integrity/service";
import { verifyAuditLog } from "@/lib/contract/audit";

export const dynamic = "force-dynamic";

/**
 * POST /api/audit-logs/verify: walks the hash chains (auditors and admins). A POST,
 * because it is a full scan that writes audit rows: a link or an image on another
 * site cannot start it, and a browser's cross-origin POST is refused. One scan at a
 * time; at most one request per person per 30 s (429 with Retry-After).
 */
export const POST = apiRoute(
  verifyAuditLog,
  async ({ ctx }) => runVerification(ctx),
);

/** Verification changes state (it writes audit rows), so it is not a GET. */
export const GET = refusedMethod("POST", "Use POST to run a verification.");
