// GET: one destination and its health. PATCH: change, pause or resume it. DELETE: remove it.
import { apiRoute } from "@/lib/api/handler";
import { deleteAuditStream, getAuditStream, updateAuditStream } from "@/lib/contract/streams";
import { getStream } from "@/lib/streams/queries";
import { deleteStream, setStreamState, updateStream } from "@/lib/streams/service";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getAuditStream, async ({ ctx, params }) => ({ data: await getStream(ctx, params.id) }));

export const PATCH = apiRoute(updateAuditStream, async ({ ctx, params, body }) => {
  const { state, ...changes } = body;
  if (Object.values(changes).some((v) => v !== undefined)) await updateStream({ ...ctx, id: params.id, input: changes });
  if (state !== undefined) await setStreamState({ ...ctx, id: params.id, state });
  return { data: await getStream(ctx, params.id) };
});

export const DELETE = apiRoute(deleteAuditStream, async ({ ctx, params }) => {
  await deleteStream({ ...ctx, id: params.id });
  return new Response(null, { status: 204 });
});
