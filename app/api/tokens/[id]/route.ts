// DELETE /api/tokens/{id}: revokes a token (the caller's own; anyone's for those who may
// manage people). 204 whether it was live or already revoked; 404 for one not theirs.
import { apiRoute } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/contract/tokens";
import { revokeToken } from "@/lib/tokens/service";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute(revokeApiToken, async ({ params, ctx }) => {
  await revokeToken({ ...ctx, id: params.id });
  return new Response(null, { status: 204 });
});
