// A saved search as the JSON API writes it (GET, POST and PATCH /api/saved-searches).
import type { SavedSearchItem } from "./queries";

export function toApiSavedSearch(s: SavedSearchItem) {
  return {
    id: s.id, name: s.name, q: s.q, columns: s.columns, view: s.view,
    visibility: s.pinned ? ("pinned" as const) : s.shared ? ("shared" as const) : ("private" as const),
    shared: s.shared, pinned: s.pinned, pinnedAt: s.pinnedAt?.toISOString() ?? null, pinnedBy: s.pinnedBy,
    owner: s.owner, mine: s.mine, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}
