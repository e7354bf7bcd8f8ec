// GET: the saved searches the caller can use (pinned, their own, shared with auditors).
// POST: save a search (the caller's own; shared needs the whole log, pinned an admin).
import { apiRoute } from "@/lib/api/handler";
import { toApiSavedSearch } from "@/lib/audit/saved/api";
import { getSavedSearch, listSavedSearches } from "@/lib/audit/saved/queries";
import { createSavedSearch } from "@/lib/audit/saved/service";
import { createSavedSearch as createOperation, listSavedSearches as listOperation } from "@/lib/contract/saved-searches";
import { ServiceError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listOperation, async ({ user }) => {
  return { data: (await listSavedSearches(user)).map(toApiSavedSearch) };
});

export const POST = apiRoute(createOperation, async ({ user, body, ctx }) => {
  const created = await createSavedSearch({ ...ctx, ...body });
  const saved = await getSavedSearch(user, created.id);
  if (!saved) throw new ServiceError("That saved search was not found.", "not_found"); // deleted in the meantime
  return Response.json({ data: toApiSavedSearch(saved) }, { status: 201, headers: { Location: `/api/saved-searches/${created.id}` } });
});
