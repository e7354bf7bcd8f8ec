// PATCH: change a saved search (its owner; a pin, admins). DELETE: the caller's own.
// Someone else's private search is a 404, as if it did not exist.
import { apiRoute } from "@/lib/api/handler";
import { toApiSavedSearch } from "@/lib/audit/saved/api";
import { getSavedSearch } from "@/lib/audit/saved/queries";
import { deleteSavedSearch, updateSavedSearch } from "@/lib/audit/saved/service";
import { deleteSavedSearch as deleteOperation, updateSavedSearch as updateOperation } from "@/lib/contract/saved-searches";
import { ServiceError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(updateOperation, async ({ user, params, body, ctx }) => {
  await updateSavedSearch({ ...ctx, id: params.id, ...body });
  const saved = await getSavedSearch(user, params.id);
  if (!saved) throw new ServiceError("That saved search was not found.", "not_found");
  return { data: toApiSavedSearch(saved) };
});

export const DELETE = apiRoute(deleteOperation, async ({ params, ctx }) => {
  await deleteSavedSearch({ ...ctx, id: params.id });
  return new Response(null, { status: 204 });
});
