// Channel names of the realtime layer. Private channels only: the browser may subscribe
// to one only after /api/pusher/auth signs it, which it does for the signed-in user's
// own channel and their role's channel and nothing else. Pure (no server imports), so
// the client provider and the tests share it.
import { isRole, type Role } from "@/lib/access/permissions";
import { isUuid } from "@/lib/uuid";

/** A person's channel is this prefix and their user id (the raising SQL builds it too, from this constant). */
export const USER_CHANNEL_PREFIX = "private-user-";
const ROLE_PREFIX = "private-role-";

/** User ids as the database writes them (lowercase): one person, one channel name. */
function isLowerUuid(value: string): boolean {
  return isUuid(value) && value === value.toLowerCase();
}

/** Events for one person (their alerts, their receipts). */
export function userChannel(userId: string): string {
  if (!isLowerUuid(userId)) throw new Error(`Not a user id: ${userId}`);
  return `${USER_CHANNEL_PREFIX}${userId}`;
}

/** Events for everyone holding a role (announcements to that audience). */
export function roleChannel(role: Role): string {
  if (!isRole(role)) throw new Error(`Not a role: ${String(role)}`);
  return `${ROLE_PREFIX}${role}`;
}

export type ParsedChannel = { kind: "user"; userId: string } | { kind: "role"; role: Role };

/** What a channel name addresses, or null for anything that is not one of ours. */
export function parseChannel(name: string): ParsedChannel | null {
  if (name.startsWith(USER_CHANNEL_PREFIX)) {
    const userId = name.slice(USER_CHANNEL_PREFIX.length);
    return isLowerUuid(userId) ? { kind: "user", userId } : null;
  }
  if (name.startsWith(ROLE_PREFIX)) {
    const role = name.slice(ROLE_PREFIX.length);
    return isRole(role) ? { kind: "role", role } : null;
  }
  return null;
}

/** The channels a signed-in person listens on: their own and their role's. */
export function channelsFor(viewer: { id: string; role: Role }): string[] {
  return [userChannel(viewer.id), roleChannel(viewer.role)];
}

/** Whether `viewer` may subscribe to `channel` (the rule /api/pusher/auth enforces). */
export function mayListen(viewer: { id: string; role: Role }, channel: string): boolean {
  const parsed = parseChannel(channel);
  if (!parsed) return false;
  return parsed.kind === "user" ? parsed.userId === viewer.id : parsed.role === viewer.role;
}

/** Event names every part of the app agrees on. */
export const REALTIME_EVENTS = {
  announcementCreated: "announcement_created",
  alertCreated: "alert_created",
} as const;
