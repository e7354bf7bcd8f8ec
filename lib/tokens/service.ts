import "server-only";
// Creating and revoking personal API tokens. The secret is returned once, from
// createToken, and never stored; both changes are audited (category security).
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { generateToken } from "./format";
import { tokenSessionId } from "./authenticate";
import { createTokenSchema, tokenIdSchema, type CreateTokenInput } from "./schemas";

const DAY_MS = 86_400_000;

export type CreatedToken = { id: string; token: string; name: string; scopes: string[]; expiresAt: Date };

export async function createToken({ actor, request, ...input }: ServiceContext & CreateTokenInput, now = new Date()): Promise<CreatedToken> {
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(parsed.error.issues[0]?.message ?? "That token request is not valid.", "invalid");
  const { name, scopes, expiresInDays } = parsed.data;
  const { token, hash, hint } = generateToken();
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
  const row = await auditedTransaction(async (tx, audit) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name, secretHash: new Uint8Array(hash), hint, scopes, expiresAt, createdAt: now },
      select: { id: true },
    });
    audit.record({
      eventType: "create",
      category: "security",
      actionType: "api_token.created",
      description: `${actor.name} created the API token "${name}" (${scopes.join(", ")}), valid ${expiresInDays} day${expiresInDays === 1 ? "" : "s"}`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "api_token", id: created.id, name: `API token "${name}"` },
      subjectUserId: actor.id,
      after: { name, scopes, expiresAt: expiresAt.toISOString(), hint },
      riskLevel: "medium",
    });
    return created;
  });
  return { id: row.id, token, name, scopes, expiresAt };
}

/**
 * Revokes a token: its owner's, or anyone's for those who may manage people. Takes
 * effect on the token's next request. Revoking one already revoked changes nothing;
 * one the caller may not touch is "not found", as if it did not exist.
 */
export async function revokeToken({ actor, request, ...input }: ServiceContext & { id: string }, now = new Date()): Promise<{ revoked: boolean }> {
  const parsed = tokenIdSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("That token was not found.", "not_found");
  const { id } = parsed.data;
  const mine = can(actor.role, "tokens:revoke_any") ? {} : { userId: actor.id };
  return auditedTransaction(async (tx, audit) => {
    const token = await tx.apiToken.findFirst({ where: { id, ...mine }, select: { name: true, userId: true, revokedAt: true, user: { select: { name: true } } } });
    if (!token) throw new ServiceError("That token was not found.", "not_found");
    const changed = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (changed.count === 0) return { revoked: false };
    // Its audit session (opened by its first use, if it was used) ends here.
    await tx.$executeRaw`
      UPDATE audit_sessions
         SET logout_time = ${now}, session_duration_seconds = GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamptz - login_time)))::int,
             termination_reason = 'api_token_revoked', terminated_by = ${actor.id}::uuid
       WHERE session_id = ${tokenSessionId(id)} AND logout_time IS NULL`;
    const whose = token.userId === actor.id ? "their" : `${token.user.name}'s`;
    audit.record({
      eventType: "delete",
      category: "security",
      actionType: "api_token.revoked",
      description: `${actor.name} revoked ${whose} API token "${token.name}"`,
      actor: actorFromUser(actor),
      context: request,
      object: { type: "api_token", id, name: `API token "${token.name}"` },
      subjectUserId: token.userId,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString() },
      riskLevel: "medium",
    });
    return { revoked: true };
  }).catch(whenNothingRecorded({ revoked: false }));
}
