import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { RequestContext } from "@/lib/audit/schemas";
import { db } from "@/lib/db";
import { auth } from "./config";
import { can, type Permission, type Role } from "./permissions";
import { contextFromHeaders, requestPathFromHeaders } from "./request-context";

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

// Last activity is written at most once a minute per session, not on every request.
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

/**
 * The signed-in user as the database sees them now. A suspended user, a deleted user
 * or a signed-out session gets null even though their token has not expired.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  const [user, auditSession] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, include: { department: { select: { name: true } } } }),
    db.auditSession.findUnique({ where: { sessionId }, select: { logoutTime: true, lastActivityTime: true, userId: true } }),
  ]);
  if (!user || user.status !== "active") return null;
  if (!auditSession || auditSession.logoutTime || auditSession.userId !== user.id) return null;
  if (Date.now() - auditSession.lastActivityTime.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    await db.auditSession.update({
      where: { sessionId },
      data: { lastActivityTime: new Date() },
    });
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    title: user.title,
    departmentName: user.department?.name ?? "",
    managerId: user.managerId,
    sessionId,
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
