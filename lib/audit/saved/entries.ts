// The audit entries of saved searches, in words: the search's name, whose it is and who
// can see it, never an id or a code (the tab and columns by their labels). Shared by the
// service and the demo seed, so both record a saved search the same way.
import { fieldLabel } from "@/lib/audit/search/labels";
import { actorFromUser } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import type { RequestContext } from "@/lib/service-context";
import { columnLabel, type SavedSearchTab } from "./columns";

type Visibility = { shared: boolean; pinned: boolean };
type Kept = Visibility & { name: string; q: string; columns: readonly string[]; view: SavedSearchTab };
type Who = Parameters<typeof actorFromUser>[0];

/** Who can see it, in words. */
export function visibilityWords(s: Visibility): string {
  if (s.pinned) return "pinned for everyone who opens the audit log";
  return s.shared ? "shared with auditors" : "private";
}

/** What an entry keeps of a saved search: the query as written, the rest as labels. */
export function savedSearchSnapshot(s: Kept) {
  return { name: s.name, query: s.q, columns: s.columns.map(columnLabel), view: fieldLabel(s.view), visibility: visibilityWords(s) };
}

type Recorded = Pick<AuditEntryInput, "eventType" | "actionType" | "description" | "riskLevel" | "before" | "after">;

/** An entry about one saved search (category compliance), about its owner. */
export function savedSearchEntry(actor: Who, request: RequestContext | undefined, search: { id: string; name: string; ownerId: string }, e: Recorded): AuditEntryInput {
  return {
    category: "compliance",
    actor: actorFromUser(actor),
    context: request,
    object: { type: "saved_search", id: search.id, name: `Saved search "${search.name}"`.slice(0, 255) },
    subjectUserId: search.ownerId,
    ...e,
  };
}

export function createdEntry(actor: Who, request: RequestContext | undefined, search: Kept & { id: string; ownerId: string }): AuditEntryInput {
  return savedSearchEntry(actor, request, search, {
    eventType: "create",
    actionType: "saved_search.created",
    description: `${actor.name} saved the audit search "${search.name}" (${visibilityWords(search)})`,
    after: savedSearchSnapshot(search),
    riskLevel: search.shared || search.pinned ? "medium" : "low",
  });
}
