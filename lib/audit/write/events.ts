import type { ServiceContext } from "@/lib/service-context";
import { actorFromUser } from "./actor";
import { recordDataAccess } from "./data-access";
import type { AuditEntryInput } from "./schemas";
import { auditedTransaction, type AuditRecorder } from "./transaction";

// The generic audit API for modules without a service of their own in this app (call
// recordings first): one call records "<entity>.<verb>" with the right event type,
// category and risk, and reads/downloads also land in the data access log.

const VERB_EVENT = {
  uploaded: "create",
  created: "create",
  updated: "update",
  viewed: "read",
  downloaded: "export",
  exported: "export",
  deleted: "delete",
} as const satisfies Record<string, AuditEntryInput["eventType"]>;

export type ModuleVerb = keyof typeof VERB_EVENT;

type ModuleEventOptions = ServiceContext & {
  /** e.g. "call_recordings" */
  category: AuditEntryInput["category"];
  /** e.g. "call_recording" */
  entityType: string;
  verb: ModuleVerb;
  entity: { id: string; name: string };
  subjectUserId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
  /** When the event is part of a larger change, record it in that change's transaction. */
  recorder?: AuditRecorder;
};

export async function recordModuleEvent(o: ModuleEventOptions): Promise<void> {
  const label = o.entityType.replaceAll("_", " ");
  const entry: AuditEntryInput = {
    eventType: VERB_EVENT[o.verb],
    category: o.category,
    actionType: `${o.entityType}.${o.verb}`,
    description: `${o.actor.name} ${o.verb} ${label} "${o.entity.name}"`,
    actor: actorFromUser(o.actor),
    context: o.request,
    object: { type: o.entityType, id: o.entity.id, name: o.entity.name },
    subjectUserId: o.subjectUserId ?? null,
    before: o.before ?? null,
    after: o.after ?? null,
    additionalData: o.details,
    isSensitive: o.category === "call_recordings" ? true : undefined,
  };
  if (o.recorder) o.recorder.record(entry);
  else await auditedTransaction(async (_tx, audit) => void audit.record(entry));
  if (o.verb === "viewed" || o.verb === "downloaded" || o.verb === "exported") {
    await recordDataAccess({
      actor: o.actor,
      request: o.request,
      accessType: o.verb === "viewed" ? "view" : o.verb === "downloaded" ? "download" : "export",
      dataCategory: "documents",
      dataType: o.entityType,
      recordCount: 1,
      sensitivity: "confidential",
      isPii: true,
      purpose: `${label} ${o.verb}`,
    });
  }
}
