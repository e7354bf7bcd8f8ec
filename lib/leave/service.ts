import type { z } from "zod";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { ownedBy, peopleInReach, REACH } from "@/lib/access/scope";
import { ServiceError } from "@/lib/errors";
import type { LeaveRequest } from "@/lib/generated/prisma/client";
import { assertStillPending, decisionEntry, decisionUpdate } from "@/lib/requests/decision";
import type { ServiceContext } from "@/lib/service-context";
import { formatCalendarDate } from "@/lib/time";
import { daysCovered, dayKey, earliestLeaveStart, leaveSpan, MAX_BACKDATE_DAYS, MAX_LEAVE_DAYS, toDbDate } from "./dates";
import { isSensitiveLeave } from "./privacy";
import { cancelLeaveSchema, decideLeaveSchema, submitLeaveSchema, type Decision } from "./schemas";

// A sick-leave entry keeps that a reason was given, not what it says (health information):
// the requester's reason and the decider's, in old/new values and additional data.
const SICK_LEAVE_SENSITIVE_FIELDS = ["reason", "decisionReason"];

// Services are called by actions, jobs and tests alike, so they check their own input.
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError(result.error.issues[0]?.message ?? "Check the form and try again.");
  return result.data;
}

function objectFor(request: Pick<LeaveRequest, "id" | "type" | "startDate" | "endDate">, requesterName: string) {
  return {
    type: "leave_request",
    id: request.id,
    name: `${request.type.charAt(0).toUpperCase()}${request.type.slice(1)} leave of ${requesterName} ${leaveSpan(request.startDate, request.endDate)}`.slice(0, 255),
  };
}

type SubmitLeaveOptions = ServiceContext & { startDate: string; endDate: string; type: string; reason: string };

/**
 * Files a leave request for the actor. Dates are calendar days; a request may not
 * overlap another pending or approved request of the same person.
 */
export async function submitLeaveRequest({ actor, request, ...fields }: SubmitLeaveOptions) {
  const input = parse(submitLeaveSchema, fields);
  if (input.endDate < input.startDate) throw new ServiceError("The end date must be on or after the start date.");
  const days = daysCovered(input.startDate, input.endDate);
  if (days > MAX_LEAVE_DAYS) throw new ServiceError(`A leave request can cover at most ${MAX_LEAVE_DAYS} days; this one covers ${days}.`);
  const earliest = earliestLeaveStart();
  if (input.startDate < earliest) {
    throw new ServiceError(`Leave cannot start more than ${MAX_BACKDATE_DAYS} days ago (the earliest start is ${formatCalendarDate(toDbDate(earliest))}).`);
  }
  const startDate = toDbDate(input.startDate);
  const endDate = toDbDate(input.endDate);

  return auditedTransaction(async (tx, audit) => {
    // Serialises this person's submissions: a second one waits here, then sees the first.
    // NO KEY UPDATE leaves foreign-key checks on the user row (other inserts) unblocked.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM users WHERE id = ${actor.id}::uuid FOR NO KEY UPDATE`;
    if (locked.length === 0) throw new ServiceError("Your account was not found.", "not_found");
    const overlapping = await tx.leaveRequest.findFirst({
      where: { requesterId: actor.id, status: { in: ["pending", "approved"] }, startDate: { lte: endDate }, endDate: { gte: startDate } },
      orderBy: { startDate: "asc" },
    });
    if (overlapping) {
      const state = overlapping.status === "approved" ? "an approved" : "a pending";
      throw new ServiceError(
        `You already have ${state} ${overlapping.type} leave ${leaveSpan(overlapping.startDate, overlapping.endDate)} that overlaps these dates.`,
        "conflict",
      );
    }
    const created = await tx.leaveRequest.create({
      data: { requesterId: actor.id, type: input.type, startDate, endDate, reason: input.reason },
    });
    const sensitive = isSensitiveLeave(created);
    audit.record({
      eventType: "submit",
      category: "governance",
      actionType: "leave_request.submitted",
      description: `${actor.name} requested ${created.type} leave ${leaveSpan(startDate, endDate)}${sensitive ? "" : `: ${input.reason}`}`,
      actor: actorFromUser(actor),
      context: request,
      object: objectFor(created, actor.name),
      subjectUserId: actor.id,
      after: { type: created.type, startDate: input.startDate, endDate: input.endDate, days, reason: created.reason, status: created.status },
      sensitiveFields: sensitive ? SICK_LEAVE_SENSITIVE_FIELDS : undefined,
    });
    return created;
  });
}

type CancelLeaveOptions = ServiceContext & { requestId: string };

/** The requester withdraws their own request while it is still pending. */
export async function cancelLeaveRequest({ actor, request, ...fields }: CancelLeaveOptions) {
  const { requestId } = parse(cancelLeaveSchema, fields);
  return auditedTransaction(async (tx, audit) => {
    // Ownership lives in the query: someone else's request is simply not found.
    const existing = await tx.leaveRequest.findFirst({ where: { id: requestId, requesterId: actor.id } });
    if (!existing) throw new ServiceError("That leave request was not found, or it is not yours to cancel.", "not_found");
    if (existing.status !== "pending") {
      const tail = existing.status === "cancelled" ? "" : " and can no longer be cancelled";
      throw new ServiceError(`This request is already ${existing.status}${tail}.`, "conflict");
    }
    const { count } = await tx.leaveRequest.updateMany({
      where: { id: requestId, requesterId: actor.id, status: "pending" },
      data: { status: "cancelled" },
    });
    if (count === 0) throw new ServiceError("This request was decided a moment ago and can no longer be cancelled.", "conflict");
    const updated = await tx.leaveRequest.findUniqueOrThrow({ where: { id: requestId } });
    audit.record({
      eventType: "cancel",
      category: "governance",
      actionType: "leave_request.cancelled",
      description: `${actor.name} cancelled their ${existing.type} leave request ${leaveSpan(existing.startDate, existing.endDate)}`,
      actor: actorFromUser(actor),
      context: request,
      object: objectFor(existing, actor.name),
      subjectUserId: actor.id,
      before: { status: existing.status },
      after: { status: updated.status },
    });
    return updated;
  });
}

type DecideLeaveOptions = ServiceContext & { requestId: string; decision: Decision; reason: string };

/**
 * Approves or rejects a pending request, with a required reason. The requester's
 * manager decides for their direct reports; HR Operations and admins for anyone.
 * Nobody decides their own request.
 */
export async function decideLeaveRequest({ actor, request, ...fields }: DecideLeaveOptions) {
  const { requestId, decision, reason } = parse(decideLeaveSchema, fields);
  const people = peopleInReach(actor, { all: REACH.leave.all, team: REACH.leave.team });
  if (!people) throw new ServiceError("You are not allowed to decide leave requests.", "forbidden");
  // Team scope lives in the query: a manager only finds their direct reports' requests.
  const scope = ownedBy("requester", people);
  const anyone = Object.keys(scope).length === 0;
  return auditedTransaction(async (tx, audit) => {
    // The actor's own request is found too, so they are told why they cannot decide it.
    const existing = await tx.leaveRequest.findFirst({
      where: { id: requestId, ...(anyone ? {} : { OR: [scope, { requesterId: actor.id }] }) },
      include: { requester: { select: { id: true, name: true } }, approver: { select: { name: true } } },
    });
    if (!existing) throw new ServiceError("That leave request was not found, or it is not one you can decide.", "not_found");
    if (existing.requesterId === actor.id) {
      throw new ServiceError("You cannot decide your own leave request; your manager or HR Operations will.", "forbidden");
    }
    assertStillPending(existing);
    const { status, data } = decisionUpdate(decision, actor.id, reason);
    // Optimistic: of two deciders racing, only the first finds it still pending.
    const { count } = await tx.leaveRequest.updateMany({ where: { id: requestId, status: "pending", requesterId: { not: actor.id }, ...scope }, data });
    if (count === 0) throw new ServiceError("Someone else decided or cancelled this request a moment ago.", "conflict");
    const updated = await tx.leaveRequest.findUniqueOrThrow({ where: { id: requestId } });
    const requester = existing.requester.name;
    audit.record({
      ...decisionEntry("leave_request", { actor, request }, decision, existing, updated),
      description: `${actor.name} ${status} ${requester}'s ${existing.type} leave ${leaveSpan(existing.startDate, existing.endDate)}${isSensitiveLeave(existing) ? "" : `: ${reason}`}`,
      object: objectFor(existing, requester),
      additionalData: { decision, reason, requester, leaveType: existing.type, startDate: dayKey(existing.startDate), endDate: dayKey(existing.endDate) },
      sensitiveFields: isSensitiveLeave(existing) ? SICK_LEAVE_SENSITIVE_FIELDS : undefined,
    });
    return updated;
  });
}
