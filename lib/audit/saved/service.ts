import "server-only";
// Saving, changing and deleting audit searches. Who may do what is in each write's
// `where`: the owner changes and deletes their own; an admin pins or unpins any search
// they can see; sharing with auditors needs the whole-log permission. Every change is
// an audit entry (category compliance) in the same transaction, in words: the search's
// name, whose it is and what changed, never an id or a code.
import { can } from "@/lib/access/permissions";
import { SearchQueryError } from "@/lib/audit/search/errors";
import { fieldLabel } from "@/lib/audit/search/labels";
import { parseQuery } from "@/lib/audit/search/parse";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { isUniqueViolation, ServiceError } from "@/lib/errors";
import type { Actor, ServiceContext } from "@/lib/service-context";
import { DEFAULT_AUDIT_COLUMNS, MAX_SAVED_SEARCHES_PER_PERSON, columnLabel } from "./columns";
import { createdEntry, savedSearchEntry as entry, savedSearchSnapshot as snapshot, visibilityWords as visibility } from "./entries";
import { SHARED_WITH, visibleSavedSearches } from "./queries";
import { createSavedSearchSchema, savedSearchIdSchema, updateSavedSearchSchema, type CreateSavedSearchInput, type UpdateSavedSearchInput } from "./schemas";

const NOT_FOUND = "That saved search was not found.";
const PIN = "audit:pin_searches" as const;

/** The search as the parser reads it; a bad term is a SearchQueryError (the API's 400 invalid_query). */
function checkedQuery(q: string): string {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new SearchQueryError(parsed.error);
  return q;
}

function invalid(error: { issues: Array<{ message: string }> }, fallback: string): ServiceError {
  return new ServiceError(error.issues[0]?.message ?? fallback, "invalid");
}

function duplicate(name: string): ServiceError {
  return new ServiceError(`You already have a saved search named "${name}". Choose another name.`, "conflict");
}

function mayOpenLog(actor: Actor): void {
  if (!visibleSavedSearches(actor)) throw new ServiceError("You are not allowed to search the audit log.", "forbidden");
}

function mayShare(actor: Actor): void {
  if (!can(actor.role, SHARED_WITH)) throw new ServiceError("Only people who may view the whole audit log can share a search with auditors.", "forbidden");
}

function mayPin(actor: Actor): void {
  if (!can(actor.role, PIN)) throw new ServiceError("Only admins can pin a search for everyone.", "forbidden");
}

export type CreatedSavedSearch = { id: string; name: string };

/** Saves a search for its owner, the actor: private, shared with auditors, or pinned (admins). */
export async function createSavedSearch({ actor, request, ...input }: ServiceContext & CreateSavedSearchInput): Promise<CreatedSavedSearch> {
  mayOpenLog(actor);
  const parsed = createSavedSearchSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, "That saved search is not valid.");
  const { name, view, shared, pinned } = parsed.data;
  const q = checkedQuery(parsed.data.q);
  const columns = parsed.data.columns ?? DEFAULT_AUDIT_COLUMNS;
  if (shared) mayShare(actor);
  if (pinned) mayPin(actor);
  try {
    return await auditedTransaction(async (tx, audit) => {
      const count = await tx.savedSearch.count({ where: { ownerId: actor.id } });
      if (count >= MAX_SAVED_SEARCHES_PER_PERSON) {
        throw new ServiceError(`You have ${MAX_SAVED_SEARCHES_PER_PERSON} saved searches, the most one person keeps. Delete one first.`, "conflict");
      }
      const now = new Date();
      const created = await tx.savedSearch.create({
        data: { ownerId: actor.id, name, query: q, columns, view, shared, pinnedAt: pinned ? now : null, pinnedById: pinned ? actor.id : null },
        select: { id: true },
      });
      audit.record(createdEntry(actor, request, { id: created.id, ownerId: actor.id, name, q, columns, view, shared, pinned }));
      return { id: created.id, name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(name);
    throw error;
  }
}

/**
 * Changes a saved search: its owner any of name, query, columns, tab and sharing; an
 * admin its pin, on any search they can see. Others' private searches are "not found";
 * someone else's search they can see, for anything but a pin, is refused. A change to
 * nothing changes nothing and records nothing.
 */
export async function updateSavedSearch({ actor, request, id, ...input }: ServiceContext & { id: string } & UpdateSavedSearchInput): Promise<{ changed: boolean }> {
  const visible = visibleSavedSearches(actor);
  if (!visible || !savedSearchIdSchema.safeParse({ id }).success) throw new ServiceError(NOT_FOUND, "not_found");
  const parsed = updateSavedSearchSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, "That change is not valid.");
  const want = parsed.data;
  if (want.q !== undefined) checkedQuery(want.q);
  try {
    return await auditedTransaction(async (tx, audit) => {
      const found = await tx.savedSearch.findFirst({
        where: { AND: [{ id }, visible] },
        select: { id: true, ownerId: true, name: true, query: true, columns: true, view: true, shared: true, pinnedAt: true, owner: { select: { name: true } } },
      });
      if (!found) throw new ServiceError(NOT_FOUND, "not_found");
      const before = { name: found.name, q: found.query, columns: found.columns, view: found.view, shared: found.shared, pinned: found.pinnedAt !== null };
      const after = {
        name: want.name ?? before.name,
        q: want.q ?? before.q,
        columns: want.columns ?? before.columns,
        view: want.view ?? before.view,
        shared: want.shared ?? before.shared,
        pinned: want.pinned ?? before.pinned,
      };
      const renamed = after.name !== before.name;
      const contentChanged = after.q !== before.q || after.columns.join(",") !== before.columns.join(",") || after.view !== before.view;
      const sharing = after.shared !== before.shared;
      const pinning = after.pinned !== before.pinned;
      const mine = found.ownerId === actor.id;
      if ((renamed || contentChanged || sharing) && !mine) throw new ServiceError("Only its owner can change a saved search.", "forbidden");
      if (sharing && after.shared) mayShare(actor);
      if (pinning) mayPin(actor);
      if (!renamed && !contentChanged && !sharing && !pinning) return { changed: false }; // records nothing: rolled back, "unchanged"

      // The rule again in the write: the owner's own row, or (a pin alone) one they can see.
      const now = new Date();
      const written = await tx.savedSearch.updateMany({
        where: { AND: [{ id }, renamed || contentChanged || sharing ? { ownerId: actor.id } : visible] },
        data: {
          ...(renamed ? { name: after.name } : {}),
          ...(contentChanged ? { query: after.q, columns: after.columns, view: after.view } : {}),
          ...(sharing ? { shared: after.shared } : {}),
          ...(pinning ? { pinnedAt: after.pinned ? now : null, pinnedById: after.pinned ? actor.id : null } : {}),
        },
      });
      if (written.count === 0) throw new ServiceError(NOT_FOUND, "not_found");

      const search = { id, name: after.name, ownerId: found.ownerId };
      const whose = mine ? "their" : `${found.owner.name}'s`;
      if (renamed) {
        audit.record(entry(actor, request, search, {
          eventType: "update", actionType: "saved_search.renamed", riskLevel: "low",
          description: `${actor.name} renamed ${whose} saved search "${before.name}" to "${after.name}"`,
          before: { name: before.name }, after: { name: after.name },
        }));
      }
      if (contentChanged) {
        const parts = [after.q !== before.q ? "the search" : null, after.columns.join(",") !== before.columns.join(",") ? "the columns" : null, after.view !== before.view ? `the tab (now ${fieldLabel(after.view)})` : null].filter(Boolean);
        audit.record(entry(actor, request, search, {
          eventType: "update", actionType: "saved_search.changed", riskLevel: after.shared || after.pinned ? "medium" : "low",
          description: `${actor.name} changed ${parts.join(", ")} of ${whose} saved search "${after.name}"`,
          before: { query: before.q, columns: before.columns.map(columnLabel), view: fieldLabel(before.view) },
          after: { query: after.q, columns: after.columns.map(columnLabel), view: fieldLabel(after.view) },
        }));
      }
      if (sharing) {
        audit.record(entry(actor, request, search, {
          eventType: "update", actionType: after.shared ? "saved_search.shared" : "saved_search.unshared", riskLevel: "medium",
          description: after.shared ? `${actor.name} shared ${whose} saved search "${after.name}" with auditors` : `${actor.name} stopped sharing ${whose} saved search "${after.name}" with auditors`,
          before: { visibility: visibility(before) }, after: { visibility: visibility(after) },
        }));
      }
      if (pinning) {
        audit.record(entry(actor, request, search, {
          eventType: "update", actionType: after.pinned ? "saved_search.pinned" : "saved_search.unpinned", riskLevel: "medium",
          description: after.pinned
            ? `${actor.name} pinned ${whose} saved search "${after.name}" for everyone who opens the audit log`
            : `${actor.name} unpinned ${whose} saved search "${after.name}"`,
          before: { visibility: visibility(before) }, after: { visibility: visibility(after) },
        }));
      }
      return { changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(want.name ?? "");
    return whenNothingRecorded({ changed: false })(error);
  }
}

/** Deletes the actor's own saved search; anyone else's is refused (or "not found" when they cannot see it). */
export async function deleteSavedSearch({ actor, request, id }: ServiceContext & { id: string }): Promise<void> {
  const visible = visibleSavedSearches(actor);
  if (!visible || !savedSearchIdSchema.safeParse({ id }).success) throw new ServiceError(NOT_FOUND, "not_found");
  await auditedTransaction(async (tx, audit) => {
    const found = await tx.savedSearch.findFirst({ where: { AND: [{ id }, visible] }, select: { ownerId: true, name: true, query: true, columns: true, view: true, shared: true, pinnedAt: true } });
    if (!found) throw new ServiceError(NOT_FOUND, "not_found");
    if (found.ownerId !== actor.id) throw new ServiceError("Only its owner can delete a saved search.", "forbidden");
    const deleted = await tx.savedSearch.deleteMany({ where: { id, ownerId: actor.id } });
    if (deleted.count === 0) throw new ServiceError(NOT_FOUND, "not_found");
    const kept = { name: found.name, q: found.query, columns: found.columns, view: found.view, shared: found.shared, pinned: found.pinnedAt !== null };
    audit.record(entry(actor, request, { id, name: found.name, ownerId: actor.id }, {
      eventType: "delete", actionType: "saved_search.deleted", riskLevel: kept.shared || kept.pinned ? "medium" : "low",
      description: `${actor.name} deleted their saved search "${found.name}" (${visibility(kept)})`,
      before: snapshot(kept),
    }));
  });
}
