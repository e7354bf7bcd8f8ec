import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/service-context";
import { actorFromUser, systemActor } from "./actor";
import { createCheckpoint } from "./checkpoint";
import { recordDataAccess } from "./data-access";
import { auditedTransaction } from "./transaction";
import { verifyAuditLog, type VerifyReport } from "./verify";

/**
 * Verifies the whole trail for an auditor or admin. The run itself is audited (a
 * failed verification is a critical event) and logged as a read of system data.
 */
export async function runVerification({ actor, request }: ServiceContext): Promise<VerifyReport> {
  if (!can(actor.role, "audit:verify")) throw new ServiceError("You are not allowed to verify the audit log.", "forbidden");
  const report = await verifyAuditLog();
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: report.ok ? "read" : "warning",
      category: "compliance",
      actionType: report.ok ? "audit.verified" : "audit.verification_failed",
      description: report.summary,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "audit_log", name: "Audit trail" },
      status: report.ok ? "success" : "failure",
      additionalData: {
        entriesChecked: report.entriesChecked,
        lastCheckpoint: report.lastCheckpoint,
        firstProblem: report.firstProblem,
        problemCount: report.problems.length,
        durationMs: report.durationMs,
      },
    });
  });
  await recordDataAccess({
    actor, request, accessType: "report", dataCategory: "system_data", dataType: "audit_log_verification",
    recordCount: report.entriesChecked, sensitivity: "restricted", purpose: "Integrity verification",
  });
  return report;
}

const CHECKPOINT_EVERY_MS = 60 * 60 * 1000;

/**
 * Housekeeping the app runs on start and every few minutes: audit partitions for the
 * coming months, and a signed checkpoint when the last one is over an hour old and
 * new entries have arrived since.
 */
export async function runAuditMaintenance(now = new Date()): Promise<{ checkpointId: bigint | null }> {
  await db.$executeRawUnsafe("SELECT audit_ensure_partitions(now() - interval '1 month', now() + interval '3 months')");
  const last = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" } });
  const heads = await db.auditChainHead.aggregate({ _sum: { lastSeq: true } });
  const total = heads._sum.lastSeq ?? 0n;
  const due = !last || now.getTime() - last.createdAt.getTime() >= CHECKPOINT_EVERY_MS;
  if (!due || (last && last.totalEntries === total)) return { checkpointId: null };
  const checkpoint = await createCheckpoint();
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "system", category: "compliance", actionType: "audit.checkpoint_signed",
      description: `Signed checkpoint #${checkpoint.id} over ${checkpoint.totalEntries} entries`,
      actor: systemActor("audit maintenance"), object: { type: "audit_checkpoint", id: checkpoint.id.toString(), name: `Checkpoint #${checkpoint.id}` },
    });
  });
  return { checkpointId: checkpoint.id };
}

/** A refused attempt (a forbidden action or route) is itself an audit event. */
export async function recordAccessDenied({ actor, request, reason }: ServiceContext & { reason: string }): Promise<void> {
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "access_denied",
      category: "security",
      actionType: "access.denied",
      description: `${actor.name} was refused: ${reason}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "request", name: request.path ?? "" },
      subjectUserId: actor.id,
      status: "failure",
      errorMessage: reason,
      responseStatus: 403,
      riskLevel: "medium",
    });
  });
}
