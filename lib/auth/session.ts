import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { RequestContext } from "@/lib/service-context";
import { env } from "@/lib/env";
import { can, type Permission } from "../access/permissions";
import { contextFromHeaders, requestPathFromHeaders } from "./request-context";
import { countSessionUse, isPageView } from "./session-activity";
import { checkSession, type SessionUser } from "./session-check";
import { sessionClaimsFromCookies } from "./session-token";

/** The signed-in person (checkSession's reading of them) and the session they are in. */
export type CurrentUser = SessionUser & { sessionId: string };

/**
 * The signed-in user as the database sees them now. A suspended user, a deleted user,
 * a signed-out session, or one past its absolute or idle limit, or issued for another
 * role or password, gets null even though the token has not expired (checkSession).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const jar = await cookies();
  const claims = await sessionClaimsFromCookies((name) => jar.get(name)?.value, env.AUTH_SECRET);
  if (!claims) return null;
  const context = await requestContext(claims.sessionId);
  const check = await checkSession({ claims, context });
  if (!check.ok) return null;
  if (isPageView(await headers(), context.path)) countSessionUse(claims.sessionId, "page");
  return { ...check.user, sessionId: claims.sessionId };
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For pages: a person without the permission sees "not found", not the data. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) notFound();
  return user;
}

/**
 * The request facts of the page or action being served, as the route wrapper and the
 * action client record them: the address, user agent, session, method, and the path
 * that was requested (the stamp's; `fallbackPath` names the request when unstamped).
 */
export async function requestContext(sessionId: string, method: "GET" | "POST" = "GET", fallbackPath?: string): Promise<RequestContext> {
  const h = await headers();
  return { ...contextFromHeaders(h), sessionId, method, path: requestPathFromHeaders(h) ?? fallbackPath };
}
