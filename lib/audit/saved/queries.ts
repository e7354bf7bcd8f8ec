import "server-only";
// The saved searches a person may see: their own, those shared with auditors when they
// may view the whole log, and those an admin pinned when they may open the log at all.
// The rule is the `where` (visibleSavedSearches), shared with the service's writes.
import { can } from "@/lib/access/permissions";
import { REACH, reachLevel, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/uuid";
import { normalizeColumns, type AuditColumnId, type SavedSearchTab } from "./columns";

/** Who may see a search shared "with auditors": everyone who may view the whole log. */
export const SHARED_WITH = REACH.audit.all;

/** The saved searches `viewer` may see, as a `where`; null when they may not open the log. */
export function visibleSavedSearches(viewer: Viewer): Prisma.SavedSearchWhereInput | null {
  if (!reachLevel(viewer, REACH.audit)) return null;
  const visible: Prisma.SavedSearchWhereInput[] = [{ ownerId: viewer.id }, { pinnedAt: { not: null } }];
  if (can(viewer.role, SHARED_WITH)) visible.push({ shared: true });
  return { OR: visible };
}

export type SavedSearchItem = {
  id: string;
  name: string;
  q: string;
  columns: AuditColumnId[];
  view: SavedSearchTab;
  shared: boolean;
  pinned: boolean;
  pinnedAt: Date | null;
  pinnedBy: string | null;
  owner: { id: string; name: string };
  /** The viewer's own (theirs to rename, change and delete). */
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const SELECT = {
  id: true, name: true, query: true, columns: true, view: true, shared: true, pinnedAt: true, createdAt: true, updatedAt: true,
  owner: { select: { id: true, name: true } },
  pinnedBy: { select: { name: true } },
} satisfies Prisma.SavedSearchSelect;

type Row = Prisma.SavedSearchGetPayload<{ select: typeof SELECT }>;

function item(row: Row, viewer: Viewer): SavedSearchItem {
  return {
    id: row.id, name: row.name, q: row.query, columns: normalizeColumns(row.columns), view: row.view,
    shared: row.shared, pinned: row.pinnedAt !== null, pinnedAt: row.pinnedAt, pinnedBy: row.pinnedBy?.name ?? null,
    owner: row.owner, mine: row.owner.id === viewer.id, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** How many the list holds at most: a person's own are capped (MAX_SAVED_SEARCHES_PER_PERSON), others' shared ones are not. */
export const SAVED_SEARCH_LIST_LIMIT = 300;

/**
 * The viewer's saved searches: pinned first (in the order they were pinned), then by
 * name. Pinned ones come first in the read too, so the limit never drops one.
 */
export async function listSavedSearches(viewer: Viewer): Promise<SavedSearchItem[]> {
  const where = visibleSavedSearches(viewer);
  if (!where) return [];
  const rows = await db.savedSearch.findMany({
    where,
    orderBy: [{ pinnedAt: { sort: "asc", nulls: "last" } }, { name: "asc" }, { id: "asc" }],
    take: SAVED_SEARCH_LIST_LIMIT,
    select: SELECT,
  });
  return rows.map((r) => item(r, viewer));
}

/** One saved search the viewer may see, or null (others' private ones look absent). */
export async function getSavedSearch(viewer: Viewer, id: string): Promise<SavedSearchItem | null> {
  const where = visibleSavedSearches(viewer);
  if (!where || !isUuid(id)) return null;
  const row = await db.savedSearch.findFirst({ where: { AND: [{ id }, where] }, select: SELECT });
  return row ? item(row, viewer) : null;
}
