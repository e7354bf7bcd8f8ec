import "server-only";
// Refusals on record: the route wrapper, the action client and a service that answers
// "not found" for someone else's row all write the same access_denied entry. Kept out of
// lib/audit's verification module, which loads the verifier and the signing code.
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { describeRequest } from "@/lib/contract/describe";
import { logUnexpectedError, ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";

/** A refusal whose entry records more than the person is told (what they asked for). */
export class AccessDeniedError extends ServiceError {
  constructor(
    message: string,
    readonly reason: string = message,
  ) {
    super(message, "forbidden");
    this.name = "AccessDeniedError";
  }
}

/**
 * A refused attempt (a forbidden action or route) is itself an audit event. Its record
 * is what was asked for: the request in words, or `target` when the refusal is about a
 * known record (someone else's alert), so the attempt shows in that record's history.
 */
export async function recordAccessDenied({ actor, request, reason, target }: ServiceContext & { reason: string; target?: { type: string; id: string; name: string } }): Promise<void> {
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "access_denied",
      category: "security",
      actionType: "access.denied",
      description: `${actor.name} was refused: ${reason}`,
      actor: actorFromUser(actor),
      context: request,
      // What was asked for in words ("Resolve an alert (POST /api/alerts/…/resolve)"),
      // ids left out; the full path stays in the entry's request. At most 255 characters.
      object: target ? { ...target, name: target.name.slice(0, 255) } : { type: "request", name: describeRequest(request.method ?? "GET", request.path ?? "").slice(0, 255) },
      subjectUserId: actor.id,
      status: "failure",
      errorMessage: reason,
      responseStatus: 403,
      riskLevel: "medium",
    });
  });
}

/**
 * What the route wrapper and the action client do with a thrown error: a "forbidden"
 * ServiceError, thrown while serving a known person, is recorded once. A failed write is
 * logged with an id and the refusal still stands (the person is refused either way).
 */
export async function recordRefusal(error: unknown, ctx: ServiceContext | undefined): Promise<void> {
  if (!ctx || !(error instanceof ServiceError) || error.code !== "forbidden") return;
  const reason = error instanceof AccessDeniedError ? error.reason : error.message;
  await recordAccessDenied({ ...ctx, reason }).catch((e: unknown) => void logUnexpectedError("audit", e));
}
