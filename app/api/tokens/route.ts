// Personal API tokens. GET: the caller's own (`?all=1`: everyone's, for those who may
// manage people); never a secret. POST: a new token, whose secret is in this response
// only. Browser session only: a token cannot mint or list tokens.
import { apiRoute } from "@/lib/api/handler";
import { createApiToken, listApiTokens } from "@/lib/contract/tokens";
import { listTokens, type TokenView } from "@/lib/tokens/queries";
import { createToken } from "@/lib/tokens/service";

export const dynamic = "force-dynamic";

function tokenJson(t: TokenView) {
  return {
    id: t.id, name: t.name, hint: t.hint, scopes: t.scopes, owner: t.owner,
    createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null, lastUsedIp: t.lastUsedIp, revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export const GET = apiRoute(listApiTokens, async ({ user, query }) => {
  return { data: (await listTokens(user, { everyone: query.all === "1" })).map(tokenJson) };
});

export const POST = apiRoute(createApiToken, async ({ body, ctx }) => {
  const created = await createToken({ ...ctx, ...body });
  return Response.json({ ...created, expiresAt: created.expiresAt.toISOString() }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
