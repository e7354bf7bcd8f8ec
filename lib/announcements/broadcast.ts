import type { Tx } from "@/lib/db";
import { roleChannel, REALTIME_EVENTS } from "@/lib/realtime/channels";
import { enqueueRealtime } from "@/lib/realtime/publish";
import { rolesOfAudience, type AudienceValue } from "./schemas";

type Broadcastable = { id: string; title: string; audience: AudienceValue; pinned: boolean; requiresAck: boolean };

/**
 * Queues `announcement_created` for each role channel of the audience, in the
 * transaction that set `broadcast_at` (so it goes out once). The event carries the id
 * and a summary; the browser fetches the rest through the viewer-scoped reads.
 */
export async function queueAnnouncementEvents(tx: Tx, a: Broadcastable): Promise<void> {
  const data = { announcementId: a.id, title: a.title.slice(0, 200), audience: a.audience, pinned: a.pinned, requiresAck: a.requiresAck };
  for (const role of rolesOfAudience(a.audience)) {
    await enqueueRealtime(tx, { channel: roleChannel(role), event: REALTIME_EVENTS.announcementCreated, data });
  }
}

/** Marks a live announcement broadcast (once) and queues its events; false if it already was. */
export async function broadcastOnce(tx: Tx, a: Broadcastable, now: Date): Promise<boolean> {
  const { count } = await tx.announcement.updateMany({ where: { id: a.id, broadcastAt: null }, data: { broadcastAt: now } });
  if (count === 0) return false;
  await queueAnnouncementEvents(tx, a);
  return true;
}
