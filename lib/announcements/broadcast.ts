import type { Tx } from "@/lib/db";
import { userChannel, REALTIME_EVENTS } from "@/lib/realtime/channels";
import { MAX_CHANNELS_PER_EVENT } from "@/lib/realtime/message";
import { enqueueRealtime } from "@/lib/realtime/publish";
import { formatDate } from "@/lib/time";
import { uuidv7 } from "@/lib/uuidv7";
import { audienceMemberIds } from "./audience-store";
import { ANNOUNCEMENT_EMAIL_TOPIC, EMAIL_BODY_MAX, type AnnouncementEmailPayload } from "./email";

export type Broadcastable = {
  id: string; title: string; body: string; audience: string; audienceSummary: string; pinned: boolean; requiresAck: boolean;
  sendEmail: boolean; createdByName: string; endDate: Date;
};

/**
 * Queues `announcement_created` to the own channel of each person in the audience,
 * resolved now (issue 23: whatever the rule's shape, exactly its people and nobody
 * else), in events of up to 100 channels, and, when it is also sent by email, one email
 * per person (to them alone; not to those who unsubscribed, unless it asks for an
 * acknowledgement), in the transaction that set `broadcast_at` (so it goes out once).
 * The event carries the id and a summary; the browser fetches the rest through the
 * viewer-scoped reads. Answers how many people it reached and how many were emailed.
 */
export async function queueAnnouncementEvents(tx: Tx, a: Broadcastable): Promise<{ people: number; emailed: number }> {
  const people = await audienceMemberIds(tx, a.id);
  await queueToChannels(tx, people, { announcementId: a.id, title: a.title.slice(0, 200), audience: a.audience, audienceSummary: a.audienceSummary.slice(0, 300), pinned: a.pinned, requiresAck: a.requiresAck });
  return { people: people.length, emailed: a.sendEmail ? await queueAnnouncementEmails(tx, a, people, { reminder: false }) : 0 };
}

/** `announcement_created` to these people's own channels, up to 100 channels an event. */
export async function queueToChannels(tx: Tx, people: string[], data: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < people.length; i += MAX_CHANNELS_PER_EVENT) {
    await enqueueRealtime(tx, { channel: people.slice(i, i + MAX_CHANNELS_PER_EVENT).map(userChannel), event: REALTIME_EVENTS.announcementCreated, data });
  }
}

export type Emailable = Pick<Broadcastable, "id" | "title" | "body" | "requiresAck" | "createdByName" | "endDate">;

/**
 * One email per person, to them alone, written to the outbox: never to someone who
 * unsubscribed unless it asks for an acknowledgement (mandatory). The announcement's own
 * email goes once per person (recorded on announcement_emails); a reminder goes again.
 * Answers how many were written.
 */
export async function queueAnnouncementEmails(tx: Tx, a: Emailable, people: string[], { reminder }: { reminder: boolean }): Promise<number> {
  if (people.length === 0) return 0;
  const recipients = await tx.user.findMany({
    where: {
      id: { in: people },
      ...(a.requiresAck ? {} : { announcementEmailOptOut: null }),
      ...(reminder ? {} : { announcementEmails: { none: { announcementId: a.id } } }),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true },
  });
  const until = formatDate(a.endDate);
  const rows = recipients.map((p) => {
    const payload: AnnouncementEmailPayload = {
      to: p.email, recipientId: p.id, recipientName: p.name, announcementId: a.id, title: a.title, body: a.body.slice(0, EMAIL_BODY_MAX),
      authorName: a.createdByName, mandatory: a.requiresAck, until, reminder,
    };
    return { outbox: { id: uuidv7(), channel: "email", topic: ANNOUNCEMENT_EMAIL_TOPIC, payload }, userId: p.id };
  });
  await tx.outboxMessage.createMany({ data: rows.map((r) => r.outbox) });
  if (!reminder) await tx.announcementEmail.createMany({ data: rows.map((r) => ({ announcementId: a.id, userId: r.userId, outboxId: r.outbox.id })) });
  return rows.length;
}

/** Marks a live announcement broadcast (once) and queues its events and emails; null if it already was. */
export async function broadcastOnce(tx: Tx, a: Broadcastable, now: Date): Promise<{ people: number; emailed: number } | null> {
  const { count } = await tx.announcement.updateMany({ where: { id: a.id, broadcastAt: null }, data: { broadcastAt: now } });
  if (count === 0) return null;
  return queueAnnouncementEvents(tx, a);
}
