// One schema per input, shared by the /audit forms, their actions and the JSON API
// (POST /api/saved-searches, PATCH /api/saved-searches/{id}). The query's grammar is
// the search parser's to judge (service.ts), so a bad term is named with its position.
import { z } from "zod";
import { MAX_QUERY_LENGTH } from "@/lib/audit/search/parse";
import { AUDIT_COLUMN_IDS, normalizeColumns, SAVED_SEARCH_VIEWS } from "./columns";

export const MAX_SAVED_SEARCH_NAME = 120;

const name = z
  .string({ error: "Give the search a name." })
  .trim()
  .min(1, "Give the search a name.")
  .max(MAX_SAVED_SEARCH_NAME, `A name has at most ${MAX_SAVED_SEARCH_NAME} characters.`)
  .meta({ description: "Unique among your saved searches; 1 to 120 characters." });

const q = z
  .string({ error: "The search is text in the search language." })
  .trim()
  .max(MAX_QUERY_LENGTH, `A search may be at most ${MAX_QUERY_LENGTH} characters long.`)
  .meta({ description: "The search, in the audit search language (as `q` of GET /api/audit-logs); empty for everything in reach." });

const columns = z
  .array(z.enum(AUDIT_COLUMN_IDS, { error: `Columns are some of: ${AUDIT_COLUMN_IDS.join(", ")}.` }))
  .max(AUDIT_COLUMN_IDS.length * 2, "List each column once.")
  .transform(normalizeColumns)
  .meta({ description: "The results table's columns to show; `time` and `action` are always shown." });

const view = z.enum(SAVED_SEARCH_VIEWS, { error: "The view is results or insights." }).meta({ description: "The tab it opens: the results list or the insights charts." });

const shared = z.boolean({ error: "shared is true or false." }).meta({ description: "Shown to everyone who may view the whole audit log (needs the audit:view_all permission)." });
const pinned = z.boolean({ error: "pinned is true or false." }).meta({ description: "Shown at the top for everyone who may open the audit log (admins only)." });

export const createSavedSearchSchema = z.strictObject({
  name,
  q: q.default(""),
  columns: columns.optional(),
  view: view.default("results"),
  shared: shared.default(false),
  pinned: pinned.default(false),
});
export type CreateSavedSearchInput = z.input<typeof createSavedSearchSchema>;

/** Any subset of the fields; the owner changes all but `pinned`, which admins change. */
export const updateSavedSearchSchema = z.strictObject({
  name: name.optional(),
  q: q.optional(),
  columns: columns.optional(),
  view: view.optional(),
  shared: shared.optional(),
  pinned: pinned.optional(),
});
export type UpdateSavedSearchInput = z.input<typeof updateSavedSearchSchema>;

export const savedSearchIdSchema = z.strictObject({ id: z.uuid("A saved search id is a UUID.") });

/** The management page's forms: one saved search and what changes. */
export const updateSavedSearchActionSchema = z.strictObject({ ...savedSearchIdSchema.shape, ...updateSavedSearchSchema.shape });
