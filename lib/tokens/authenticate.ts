import "server-only";
// Who a bearer token speaks for, decided on every request from the database: the token
// must exist, be neither revoked nor expired, and its owner must be active. The owner's
// role and reach are read afresh, so a role change narrows every token at once and a
// suspension stops them. One read per request; the use is written at most once a
// minute, and a first use from another address is an audit event. A token's first use
// opens its audit session (authentication method api_key, the address and client of
// that use), so tokens appear beside sign-ins in GET /api/audit-sessions; the use
// writes keep its last activity, and revocation closes it (lib/tokens/service.ts).
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import type { Role } from "@/lib/access/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/service-context";
import { hashToken, isWellFormedToken } from "./format";
import { TOKEN_SCOPES, type TokenScope } from "./scopes";

const USE_WRITE_INTERVAL_MS = 60_000;

/** A token's caller: its owner as the app sees a signed-in person, and the token's scopes. */
export type TokenCaller = { user: CurrentUser; tokenId: string; scopes: TokenScope[] };

/** The session id of requests made with a token (audit rows keep only its hash, as for sessions). */
export function tokenSessionId(tokenId: string): string {
  return `token:${tokenId}`;
}

type TokenRow = {
  id: string;
  name: string;
  scopes: string[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  user_id: string;
  user_name: string;
  email: string;
  role: Role;
  status: string;
  title: string | null;
  manager_id: string | null;
  department_name: string | null;
};

/** The caller of `token`, or null for a malformed, unknown, revoked or expired token, or an inactive owner. */
export async function authenticateToken(token: string, request: RequestContext, now = new Date()): Promise<TokenCaller | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db.$queryRaw<TokenRow[]>`
    SELECT t.id::text AS id, t.name, t.scopes, t.expires_at, t.revoked_at, t.last_used_at, t.last_used_ip,
           u.id::text AS user_id, u.name AS user_name, u.email, u.role::text AS role, u.status::text AS status, u.title,
           u.manager_id::text AS manager_id, d.name AS department_name
      FROM api_tokens t
      JOIN users u ON u.id = t.user_id
      LEFT JOIN departments d ON d.id = u.department_id
     WHERE t.secret_hash = ${hashToken(token)}`;
  if (!row || row.revoked_at || row.expires_at <= now || row.status !== "active") return null;
  const user: CurrentUser = {
    id: row.user_id, name: row.user_name, email: row.email, role: row.role, title: row.title, managerId: row.manager_id,
    departmentName: row.department_name ?? "", sessionId: tokenSessionId(row.id),
  };
  const scopes = row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  await recordUse(row, user, { ...request, sessionId: user.sessionId }, now);
  return { user, tokenId: row.id, scopes };
}

async function recordUse(row: TokenRow, user: CurrentUser, request: RequestContext, now: Date): Promise<void> {
  const ip = request.ip ?? null;
  const newAddress = ip !== null && ip !== row.last_used_ip;
  if (!newAddress && row.last_used_at && now.getTime() - row.last_used_at.getTime() < USE_WRITE_INTERVAL_MS) return;
  if (!newAddress) {
    await db.apiToken.updateMany({ where: { id: row.id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: now } }] }, data: { lastUsedAt: now } });
    if (row.last_used_at) await touchSession(row.id, now);
    else await openSession(db, row, user, request, now);
    return;
  }
  // A use from another address than the last: recorded with the address, once (the
  // guarded update matches nothing for a request that raced this one to it).
  await auditedTransaction(async (tx, audit) => {
    const moved = await tx.apiToken.updateMany({
      where: { id: row.id, revokedAt: null, OR: [{ lastUsedIp: null }, { lastUsedIp: { not: ip } }] },
      data: { lastUsedAt: now, lastUsedIp: ip },
    });
    if (moved.count === 0) return;
    if (row.last_used_at) await touchSession(row.id, now, tx);
    else await openSession(tx, row, user, request, now);
    audit.record({
      eventType: "login",
      category: "security",
      actionType: "api_token.used_from_new_address",
      description: `${user.name}'s API token "${row.name}" was used from ${ip}${row.last_used_ip ? ` (last from ${row.last_used_ip})` : " for the first time"}`,
      actor: actorFromUser(user),
      context: request,
      object: { type: "api_token", id: row.id, name: `API token "${row.name}"` },
      subjectUserId: user.id,
      additionalData: { previousAddress: row.last_used_ip },
    });
  }).catch(whenNothingRecorded(undefined));
}

type SessionWriter = Pick<typeof db, "auditSession">;

/** The token's audit session, opened by its first use (a race to it opens one). */
async function openSession(tx: SessionWriter, row: TokenRow, user: CurrentUser, request: RequestContext, now: Date): Promise<void> {
  const ua = request.userAgent ?? "";
  await tx.auditSession.createMany({
    data: [{
      sessionId: tokenSessionId(row.id), userId: user.id, userName: user.name, userEmail: user.email,
      loginTime: now, lastActivityTime: now, loginStatus: "success", authenticationMethod: "api_key",
      ipAddress: request.ip ?? "", userAgent: ua, ...describeUserAgent(ua),
    }],
    skipDuplicates: true,
  });
}

async function touchSession(tokenId: string, now: Date, tx: SessionWriter = db): Promise<void> {
  await tx.auditSession.updateMany({ where: { sessionId: tokenSessionId(tokenId), logoutTime: null, lastActivityTime: { lt: now } }, data: { lastActivityTime: now } });
}
