import { actorFromUser } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { formatDateTime } from "@/lib/time";

// How a leave or project request is decided, the same for both kinds: only a pending
// request, once (the guarded update's where clause holds the rule), with a reason.

type Existing = { status: string; approver: { name: string } | null; decidedAt: Date | null; decisionReason: string | null };

/** Refuses a request that is no longer pending, saying who decided it and when. */
export function assertStillPending(existing: Existing) {
  if (existing.status === "pending") return;
  const by = existing.approver ? ` by ${existing.approver.name}` : "";
  const when = existing.decidedAt ? ` on ${formatDateTime(existing.decidedAt)}` : "";
  throw new ServiceError(`This request is already ${existing.status}${existing.status === "cancelled" ? "" : by}${when}.`, "conflict");
}

/** The status a decision gives, and the columns it writes. */
export function decisionUpdate(decision: "approve" | "reject", approverId: string, reason: string) {
  const status = decision === "approve" ? ("approved" as const) : ("rejected" as const);
  return { status, data: { status, approverId, decisionReason: reason, decidedAt: new Date() } };
}

type Decided = { status: string; decisionReason: string | null; decidedAt: Date | null };

/**
 * What every decision's audit entry says: who decided what on whose request, and the
 * status, reason, approver and time before and after. Each kind adds its description,
 * its object and its details.
 */
export function decisionEntry(
  kind: "leave_request" | "project_request",
  { actor, request }: Pick<ServiceContext, "actor" | "request">,
  decision: "approve" | "reject",
  existing: Existing & { requesterId: string },
  updated: Decided,
): Pick<AuditEntryInput, "eventType" | "category" | "actionType" | "actor" | "context" | "subjectUserId" | "before" | "after"> {
  return {
    eventType: decision,
    category: "governance",
    actionType: `${kind}.${updated.status}`,
    actor: actorFromUser(actor),
    context: request,
    subjectUserId: existing.requesterId,
    before: { status: existing.status, decisionReason: existing.decisionReason, approver: null, decidedAt: null },
    after: { status: updated.status, decisionReason: updated.decisionReason, approver: actor.name, decidedAt: updated.decidedAt },
  };
}
