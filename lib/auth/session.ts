import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { RequestContext } from "@/lib/audit/schemas";
import { auth } from "./config";
import { can, type Permission, type Role } from "./permissions";
import { contextFromHeaders, requestPathFromHeaders } from "./request-context";
import { checkSession } from "./session-check";

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  title: string | null;
  departmentName: string;
  managerId: string | null;
  sessionId: string;
};

/**
 * The signed-in user as the database sees them now. A suspended user, a deleted user,
 * a signed-out session, or one past its absolute or idle limit, or issued for another
 * role or password, gets null even though the token has not expired (checkSession).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.user?.id || !session.sessionId) return null;
  const check = await checkSession({
    claims: { userId: session.user.id, sessionId: session.sessionId, role: session.user.role, passwordStamp: session.passwordStamp },
    context: await requestContext(session.sessionId),
  });
  if (!check.ok) return null;
  const { user } = check;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    title: user.title,
    departmentName: user.department?.name ?? "",
    managerId: user.managerId,
    sessionId: session.sessionId,
  };
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

export async function requestContext(sessionId?: string): Promise<RequestContext> {
  const h = await headers();
  return { ...contextFromHeaders(h), sessionId, path: requestPathFromHeaders(h) };
}
