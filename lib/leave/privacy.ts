// A sick-leave reason is health information: the requester and people holding
// leave:view_sensitive (HR Operations, admins) read it; anyone else, a deciding manager
// included, sees that a reason was given but not what it says. The audit entries of a
// sick-leave request mark the same field sensitive (lib/leave/service.ts).
import { MASK } from "@/lib/audit/write/rules";
import { can } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";

type LeaveLike = { type: string; reason: string; requesterId: string };

/** Whether this request's free-text reason is sensitive. */
export function isSensitiveLeave(request: { type: string }): boolean {
  return request.type === "sick";
}

/** The reason as this viewer may read it, and whether it was masked. */
export function leaveReasonFor(viewer: Viewer, request: LeaveLike): { reason: string; reasonMasked: boolean } {
  const mayRead = !isSensitiveLeave(request) || request.requesterId === viewer.id || can(viewer.role, "leave:view_sensitive");
  return mayRead ? { reason: request.reason, reasonMasked: false } : { reason: MASK, reasonMasked: true };
}
