import type { Tx } from "@/lib/db";
import { userChannel, REALTIME_EVENTS } from "@/lib/realtime/channels";
import { MAX_CHANNELS_PER_EVENT } from "@/lib/realtime/message";
import { enqueueRealtime } from "@/lib/realtime/publish";
import { audienceMemberIds } from "./audience-store";

type Broadcastable = { id: string; title: string; audience: string; audienceSummary: string; pinned: boolean; requiresAck: boolean };

/**
 * Queues `announcement_created` to the own channel of each person in the audience,
 * resolved now (issue 23: whatever the rule's shape, exactly its people and nobody
 * else), in events of up to 100 channels, in the transaction that set `broadcast_at`
 * (so it goes out once). The event carries the id and a summary; the browser fetches
 * the rest through the viewer-scoped reads. Answers how many people it was sent to.
 */
export async function queueAnnouncementEvents(tx: Tx, a: Broadcastable): Promise<number> {
  const data = { announcementId: a.id, title: a.title.slice(0, 200), audience: a.audience, audienceSummary: a.audienceSummary.slice(0, 300), pinned: a.pinned, requiresAck: a.requiresAck };
  const people = await audienceMemberIds(tx, a.id);
  for (let i = 0; i < people.length; i += MAX_CHANNELS_PER_EVENT) {
    await enqueueRealtime(tx, { channel: people.slice(i, i + MAX_CHANNELS_PER_EVENT).map(userChannel), event: REALTIME_EVENTS.announcementCreated, data });
  }
  return people.length;
}

/** Marks a live announcement broadcast (once) and queues its events; false if it already was. */
export async function broadcastOnce(tx: Tx, a: Broadcastable, now: Date): Promise<boolean> {
  const { count } = await tx.announcement.updateMany({ where: { id: a.id, broadcastAt: null }, data: { broadcastAt: now } });
  if (count === 0) return false;
  await queueAnnouncementEvents(tx, a);
  return true;
}
