import { RateLimitedError, ServiceError } from "@/lib/errors";
import { can } from "@/lib/access/permissions";
import type { ServiceContext } from "@/lib/service-context";
import { actorFromUser } from "../write/actor";
import { recordDataAccess } from "../write/data-access";
import { auditedTransaction } from "../write/transaction";
import { verifyAuditLog } from "./verify";
import type { VerifyReport } from "./verify-report";
import { pool } from "@/lib/db";
import { VerificationGuard } from "./verify-guard";

type Guard = Pick<VerificationGuard<VerifyReport>, "run">;

// One guard per process, shared by the route handler and the server action (which
// Next may bundle as separate module instances); it holds its limits and its single
// flight in PostgreSQL, so they hold across app instances too.
const GUARD_KEY = Symbol.for("hr-governance.verification-guard");
const guardSlot = globalThis as { [GUARD_KEY]?: Guard };
function verificationGuard(): Guard {
  return (guardSlot[GUARD_KEY] ??= new VerificationGuard<VerifyReport>(pool));
}

/**
 * Verifies the whole trail for an auditor or admin: one full scan at a time (a request
 * during a scan shares its report), at most one request per person per 30 s (a
 * RateLimitedError otherwise). Each request that gets a report is audited (a failed
 * verification is a critical event) and logged as a read of system data.
 */
export async function runVerification({ actor, request }: ServiceContext, guard: Guard = verificationGuard()): Promise<VerifyReport> {
  if (!can(actor.role, "audit:verify")) throw new ServiceError("You are not allowed to verify the audit log.", "forbidden");
  const run = await guard.run(actor.id, () => verifyAuditLog());
  if ("retryAfterSeconds" in run) {
    throw new RateLimitedError(`Verification was run moments ago. Please wait ${run.retryAfterSeconds} s before running it again.`, run.retryAfterSeconds);
  }
  const { result: report, shared } = run;
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      // Damage is a failure; a stale or not-yet-verifiable log is a warning.
      eventType: report.ok ? "read" : "warning",
      category: "compliance",
      actionType: report.status === "broken" ? "audit.verification_failed" : "audit.verified",
      description: report.summary,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "audit_log", name: "Audit trail" },
      status: report.ok ? "success" : report.status === "broken" ? "failure" : "warning",
      additionalData: {
        status: report.status,
        notes: report.notes,
        entriesChecked: report.entriesChecked,
        lastCheckpoint: report.lastCheckpoint,
        firstProblem: report.firstProblem,
        problemCount: report.problems.length,
        durationMs: report.durationMs,
        // Joined a scan another request had started, rather than running one.
        ...(shared ? { shared: true } : {}),
      },
    });
  });
  await recordDataAccess({
    actor, request, accessType: "report", dataCategory: "system_data", dataType: "audit_log_verification",
    recordCount: report.entriesChecked, sensitivity: "restricted", purpose: "Integrity verification",
  });
  return report;
}
