import "server-only";
import { RECENT_DECISIONS, requesterLabels, requesterSelect, TO_DECIDE_LIMIT } from "./queries";

// A decider's two lists, the same for leave and project requests: what waits for them
// and what was decided lately. Each kind gives its own scope (whose requests the
// decider reaches) and its own fields; the order, limits and labels are shared.

type Requester = Parameters<typeof requesterLabels>[0];

/** findMany arguments: the pending requests in `scope`, longest waiting first. */
export function pendingIn<Scope extends object>(scope: Scope) {
  return {
    where: { ...scope, status: "pending" as const },
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
    take: TO_DECIDE_LIMIT,
    include: { requester: requesterSelect },
  };
}

/** findMany arguments: the latest approvals and rejections in `scope`, newest first. */
export function decidedIn<Scope extends object>(scope: Scope) {
  return {
    where: { ...scope, status: { in: ["approved" as const, "rejected" as const] } },
    orderBy: [{ decidedAt: "desc" as const }, { id: "desc" as const }],
    take: RECENT_DECISIONS,
    include: { requester: requesterSelect, approver: { select: { name: true } } },
  };
}

/** Who waits, since when, and for how long as of `now`. */
export function waitingFields(r: { createdAt: Date; requester: Requester }, now: number) {
  return { createdAt: r.createdAt, waitingMs: now - r.createdAt.getTime(), ...requesterLabels(r.requester) };
}

/** Whose request it was, and who decided it, when and why. */
export function decisionFields<Status extends string>(r: { status: Status; decisionReason: string | null; decidedAt: Date | null; requester: Requester }, approverName: string | null) {
  return { status: r.status, decisionReason: r.decisionReason, decidedAt: r.decidedAt, approverName, ...requesterLabels(r.requester) };
}
