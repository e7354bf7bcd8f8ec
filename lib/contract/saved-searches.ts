// Saved audit searches: list, save, change, delete. Token scope audit:read, like the
// searches themselves; anyone who may search the log saves their own.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { AUDIT_COLUMN_IDS, SAVED_SEARCH_VIEWS } from "@/lib/audit/saved/columns";
import { createSavedSearchSchema, savedSearchIdSchema, updateSavedSearchSchema } from "@/lib/audit/saved/schemas";
import { instant } from "./schemas";

const savedSearch = z
  .object({
    id: z.uuid(),
    name: z.string(),
    q: z.string().meta({ description: "The search, in the audit search language; pass it as `q` to GET /api/audit-logs." }),
    columns: z.array(z.enum(AUDIT_COLUMN_IDS)).meta({ description: "The results table's columns it shows, in the table's order." }),
    view: z.enum(SAVED_SEARCH_VIEWS),
    visibility: z.enum(["private", "shared", "pinned"]).meta({ description: "`pinned` (everyone who may open the audit log) over `shared` (everyone who may view the whole log) over `private` (its owner)." }),
    shared: z.boolean(),
    pinned: z.boolean(),
    pinnedAt: instant.nullable(),
    pinnedBy: z.string().nullable().meta({ description: "The name of the admin who pinned it." }),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    mine: z.boolean().meta({ description: "Whether it is yours (yours to change and delete)." }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "SavedSearch" });

const SEARCHERS = "You are not allowed to search the audit log.";
const SEARCH_HELP = "`q` is checked by the search parser: a term it cannot read is a 400 `invalid_query` naming its position.";

export const listSavedSearches = defineOperation({
  method: "GET", path: "/api/saved-searches", operationId: "listSavedSearches", tag: "Saved searches",
  summary: "List saved searches",
  description: "The pinned searches, then yours and those shared with auditors (if you may view the whole log), by name.",
  scope: "audit:read", permission: "activity:self", deniedMessage: SEARCHERS,
  response: { status: 200, description: "The saved searches you can use.", schema: z.object({ data: z.array(savedSearch) }) },
});

export const createSavedSearch = defineOperation({
  method: "POST", path: "/api/saved-searches", operationId: "createSavedSearch", tag: "Saved searches",
  summary: "Save a search",
  description: `Saves a search under a name unique among yours (a duplicate is a 409). \`shared\` needs the audit:view_all permission, \`pinned\` an admin (403 otherwise). ${SEARCH_HELP}`,
  scope: "audit:read", permission: "activity:self", deniedMessage: SEARCHERS, sameOrigin: true,
  body: createSavedSearchSchema,
  response: { status: 201, description: "Saved.", schema: z.object({ data: savedSearch }), headers: { Location: "The saved search's URL." } },
  errors: ["invalid_query", "conflict"],
});

export const updateSavedSearch = defineOperation({
  method: "PATCH", path: "/api/saved-searches/{id}", operationId: "updateSavedSearch", tag: "Saved searches",
  summary: "Change a saved search",
  description: `Any subset of the fields. Its owner changes name, search, columns, view and sharing; admins pin and unpin any search they can see. Someone else's private search is a 404; changing someone else's search otherwise is a 403. ${SEARCH_HELP}`,
  scope: "audit:read", permission: "activity:self", deniedMessage: SEARCHERS, sameOrigin: true,
  params: savedSearchIdSchema, body: updateSavedSearchSchema,
  response: { status: 200, description: "The saved search as it is now.", schema: z.object({ data: savedSearch }) },
  errors: ["invalid_query", "conflict", "not_found"],
});

export const deleteSavedSearch = defineOperation({
  method: "DELETE", path: "/api/saved-searches/{id}", operationId: "deleteSavedSearch", tag: "Saved searches",
  summary: "Delete a saved search",
  description: "Your own. Someone else's private search is a 404; someone else's search you can see is a 403.",
  scope: "audit:read", permission: "activity:self", deniedMessage: SEARCHERS, sameOrigin: true,
  params: savedSearchIdSchema,
  response: { status: 204, description: "Deleted." },
  errors: ["not_found"],
});
