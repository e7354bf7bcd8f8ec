import type { z } from "zod";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import { assertStillPending, decisionEntry, decisionUpdate } from "@/lib/requests/decision";
import type { ServiceContext } from "@/lib/service-context";
import { decideProjectSchema, submitProjectSchema, type ProjectDecision } from "./schemas";

// Services are called by actions, jobs and tests alike, so they check their own input.
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError(result.error.issues[0]?.message ?? "Check the form and try again.");
  return result.data;
}

function objectFor(request: { id: string; title: string }) {
  return { type: "project_request", id: request.id, name: request.title.slice(0, 255) };
}

type SubmitProjectOptions = ServiceContext & { title: string; description: string };

/** Files a project proposal for an admin or manager to approve. */
export async function submitProjectRequest({ actor, request, ...fields }: SubmitProjectOptions) {
  const input = parse(submitProjectSchema, fields);
  return auditedTransaction(async (tx, audit) => {
    const created = await tx.projectRequest.create({
      data: { requesterId: actor.id, title: input.title, description: input.description },
    });
    audit.record({
      eventType: "submit",
      category: "governance",
      actionType: "project_request.submitted",
      description: `${actor.name} requested the project "${created.title}"`,
      actor: actorFromUser(actor),
      context: request,
      object: objectFor(created),
      subjectUserId: actor.id,
      after: { title: created.title, description: created.description, status: created.status },
    });
    return created;
  });
}

type DecideProjectOptions = ServiceContext & { requestId: string; decision: ProjectDecision; reason: string };

/**
 * Approves or rejects a pending project request with a required reason. Admins and
 * managers decide; nobody decides their own request.
 */
export async function decideProjectRequest({ actor, request, ...fields }: DecideProjectOptions) {
  const { requestId, decision, reason } = parse(decideProjectSchema, fields);
  if (!can(actor.role, "projects:decide")) throw new ServiceError("You are not allowed to decide project requests.", "forbidden");
  return auditedTransaction(async (tx, audit) => {
    const existing = await tx.projectRequest.findUnique({
      where: { id: requestId },
      include: { requester: { select: { name: true } }, approver: { select: { name: true } } },
    });
    if (!existing) throw new ServiceError("That project request was not found.", "not_found");
    if (existing.requesterId === actor.id) {
      throw new ServiceError("You cannot decide your own project request; another admin or manager will.", "forbidden");
    }
    assertStillPending(existing);
    const { status, data } = decisionUpdate(decision, actor.id, reason);
    // Optimistic: of two deciders racing, only the first finds it still pending.
    const { count } = await tx.projectRequest.updateMany({ where: { id: requestId, status: "pending", requesterId: { not: actor.id } }, data });
    if (count === 0) throw new ServiceError("Someone else decided this request a moment ago.", "conflict");
    const updated = await tx.projectRequest.findUniqueOrThrow({ where: { id: requestId } });
    const requester = existing.requester.name;
    audit.record({
      ...decisionEntry("project_request", { actor, request }, decision, existing, updated),
      description: `${actor.name} ${status} the project "${existing.title}" requested by ${requester}: ${reason}`,
      object: objectFor(existing),
      additionalData: { decision, reason, requester },
    });
    return updated;
  });
}
