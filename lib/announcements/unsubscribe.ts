import "server-only";
// Unsubscribing from announcement emails (issue 23): each email that is not mandatory
// carries a link with a token that names its recipient and is signed with AUTH_SECRET,
// so it works without signing in and cannot be made for someone else. Opting out is
// recorded in the audit log as the person's own act.
import { createHmac, timingSafeEqual } from "node:crypto";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { RequestContext } from "@/lib/service-context";
import { isUuid } from "@/lib/uuid";

const mac = (userId: string) => createHmac("sha256", env.AUTH_SECRET).update(`announcement-email-optout:${userId}`).digest("base64url");

export function unsubscribeToken(userId: string): string {
  return `${userId}.${mac(userId)}`;
}

/** The person a token names, or null for anything not made by unsubscribeToken. */
export function verifyUnsubscribeToken(token: string): string | null {
  const [userId, signature] = token.split(".");
  if (!userId || !signature || !isUuid(userId)) return null;
  const expected = Buffer.from(mac(userId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** Who a token names, for the page that asks them to confirm (null: not a valid link). */
export async function unsubscribeTarget(token: string): Promise<{ name: string; optedOut: boolean } | null> {
  const userId = verifyUnsubscribeToken(token);
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, announcementEmailOptOut: { select: { userId: true } } } });
  return user ? { name: user.name, optedOut: user.announcementEmailOptOut !== null } : null;
}

/**
 * Stops (or, with `subscribe`, restarts) announcement emails that are not mandatory for
 * the person the token names; audited once per change, as their own act.
 */
export async function unsubscribeFromAnnouncements(token: string, request: RequestContext, subscribe = false): Promise<{ ok: boolean }> {
  const userId = verifyUnsubscribeToken(token);
  if (!userId) return { ok: false };
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, role: true, department: { select: { name: true } } } });
  if (!user) return { ok: false };
  await auditedTransaction(async (tx, audit) => {
    const changed = subscribe
      ? await tx.$executeRaw`DELETE FROM announcement_email_optouts WHERE user_id = ${userId}::uuid`
      : await tx.$executeRaw`INSERT INTO announcement_email_optouts (user_id) VALUES (${userId}::uuid) ON CONFLICT (user_id) DO NOTHING`;
    if (changed === 0) return;
    audit.record({
      eventType: "update", category: "announcements", actionType: subscribe ? "announcement_email.resubscribed" : "announcement_email.unsubscribed",
      description: subscribe
        ? `${user.name} asked for announcement emails again`
        : `${user.name} unsubscribed from announcement emails (those asking for an acknowledgement are still sent)`,
      actor: actorFromUser({ id: user.id, name: user.name, email: user.email, role: user.role, departmentName: user.department?.name ?? "" }),
      context: request, object: { type: "user", id: user.id, name: user.name }, subjectUserId: user.id,
      before: { announcementEmails: subscribe ? false : true }, after: { announcementEmails: subscribe },
    });
  }).catch(whenNothingRecorded(undefined)); // nothing changed: nothing to record

  return { ok: true };
}
