// What leave and project requests record alike, checked once for both kinds: the
// entries lib/requests writes the same way for every kind of request.
import { expect } from "vitest";
import { auditFor, onlyAuditEntryFor } from "./factories";

type Kind = "leave_request" | "project_request";
type Person = { id: string; name: string };

/** The one entry of a request just submitted: a governance "submit" by the requester, about themselves, with no old values. */
export async function submittedRequestEntry(kind: Kind, requestId: string, requester: Person) {
  const entry = await onlyAuditEntryFor(requestId);
  expect(entry).toMatchObject({ eventType: "submit", eventCategory: "governance", actionType: `${kind}.submitted`, objectType: kind, userId: requester.id, userName: requester.name, subjectUserId: requester.id });
  expect(entry.oldValues).toEqual({});
  return entry;
}

/** The entry of an approval (the request's second entry): by the decider, about the requester, with the decision's before and after. */
export async function approvalEntry(kind: Kind, requestId: string, { by, of, decided }: { by: Person; of: Person; decided: { decisionReason: string | null; decidedAt: Date | null } }) {
  const entry = (await auditFor(requestId))[1]!;
  expect(entry).toMatchObject({ eventType: "approve", eventCategory: "governance", actionType: `${kind}.approved`, userId: by.id, userName: by.name, subjectUserId: of.id, riskLevel: "medium", isComplianceRelated: true });
  expect(entry.oldValues).toEqual({ status: "pending", decisionReason: null, approver: null, decidedAt: null });
  expect(entry.newValues).toEqual({ status: "approved", decisionReason: decided.decisionReason, approver: by.name, decidedAt: decided.decidedAt?.toISOString() });
  expect(entry.additionalData).toMatchObject({ decision: "approve", reason: decided.decisionReason, requester: of.name });
  return entry;
}
