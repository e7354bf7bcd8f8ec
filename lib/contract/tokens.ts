// Personal API tokens. Browser session only (no `scope`): a token cannot mint, list or revoke tokens.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { TOKEN_SCOPES } from "@/lib/tokens/scopes";
import { createTokenSchema, tokenIdSchema } from "@/lib/tokens/schemas";
import { instant } from "./schemas";

const scopes = z.array(z.enum(TOKEN_SCOPES));

const token = z
  .object({
    id: z.uuid(),
    name: z.string(),
    hint: z.string().meta({ description: "The secret's first characters (`hrg_` and four more), to tell tokens apart." }),
    scopes: z.array(z.string()).meta({ description: "The token's scopes (see the apiToken security scheme)." }),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    createdAt: instant,
    expiresAt: instant,
    lastUsedAt: instant.nullable(),
    lastUsedIp: z.string().nullable(),
    revokedAt: instant.nullable(),
  })
  .meta({ id: "ApiToken" });

export const listTokensQuerySchema = z.strictObject({ all: z.enum(["0", "1"]).optional().meta({ description: "`1`: everyone's tokens (those who may manage people)." }) });

export const listApiTokens = defineOperation({
  method: "GET", path: "/api/tokens", operationId: "listApiTokens", tag: "API tokens",
  summary: "List API tokens",
  description: "Your tokens, newest first (`all=1`: everyone's, for admins). Never a secret.",
  query: listTokensQuerySchema,
  response: { status: 200, description: "The tokens.", schema: z.object({ data: z.array(token) }) },
});

export const createApiToken = defineOperation({
  method: "POST", path: "/api/tokens", operationId: "createApiToken", tag: "API tokens",
  summary: "Create an API token",
  description: "A token acting as you, within both its scopes and your own permissions. The secret is in this response only; only its hash is stored.",
  sameOrigin: true, body: createTokenSchema,
  response: {
    status: 201,
    description: "Created; `token` is the secret, shown once.",
    schema: z.object({ id: z.uuid(), token: z.string().regex(/^hrg_[0-9A-Za-z]{36}$/).meta({ description: "`hrg_`, 30 random base62 characters and a 6-character CRC-32 checksum." }), name: z.string(), scopes, expiresAt: instant }),
  },
});

export const revokeApiToken = defineOperation({
  method: "DELETE", path: "/api/tokens/{id}", operationId: "revokeApiToken", tag: "API tokens",
  summary: "Revoke an API token",
  description: "Your own (admins: anyone's). Takes effect on the token's next request; revoking a revoked token is a 204 too.",
  sameOrigin: true, params: tokenIdSchema,
  response: { status: 204, description: "Revoked." },
  errors: ["not_found"],
});
