// Reminders (issue 23): at an acknowledgement deadline, the people who have not
// acknowledged are reminded once (live and, when the announcement is emailed, by email);
// an author may remind by hand those who have not acknowledged (or read), once an hour at
// most. Every reminder is audited with how many it reached.
import { actorFromUser, systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ServiceError } from "@/lib/errors";
import { deliverRealtimeSoon } from "@/lib/realtime/deliver";
import type { ServiceContext } from "@/lib/service-context";
import { formatDateTime } from "@/lib/time";
import { queueAnnouncementEmails, queueToChannels, type Emailable } from "./broadcast";
import { isLive } from "./window";

/** An author's reminders: at most one per announcement in this long. */
export const REMIND_EVERY_MS = 3_600_000;

type Remindable = Emailable & { sendEmail: boolean };

/** Who has not acknowledged (or, for one that does not ask, not read) it, among the active people in its audience now. */
async function notYet(tx: Tx, a: { id: string; requiresAck: boolean }): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT u.id FROM users u
     WHERE u.status = 'active' AND announcement_targets(${a.id}::uuid, u.id)
       AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.announcement_id = ${a.id}::uuid AND r.user_id = u.id
                         AND ${a.requiresAck ? Prisma.sql`r.acknowledged_at IS NOT NULL` : Prisma.sql`r.read_at IS NOT NULL`})
     ORDER BY u.name, u.id`;
  return rows.map((r) => r.id);
}

/** Queues the reminder to these people: live on their own channels, and by email when the announcement is emailed (the broadcast's own rules). */
async function queueReminder(tx: Tx, a: Remindable, people: string[]): Promise<void> {
  await queueToChannels(tx, people, { announcementId: a.id, title: a.title.slice(0, 200), reminder: true, requiresAck: a.requiresAck });
  if (a.sendEmail) await queueAnnouncementEmails(tx, a, people, { reminder: true });
}

const REMINDABLE = { id: true, title: true, body: true, requiresAck: true, sendEmail: true, createdByName: true, endDate: true, startDate: true, isActive: true, lastRemindedAt: true } as const;

/**
 * The deadline job: each announcement whose acknowledgement deadline has passed is
 * reminded once (a guarded update claims it), to whoever has not acknowledged it then.
 */
export async function remindAtDeadlines({ now = new Date() }: { now?: Date } = {}): Promise<{ reminded: Array<{ id: string; people: number }> }> {
  const reminded = await auditedTransaction(async (tx, audit) => {
    const due = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE announcements SET ack_reminded_at = ${now}
       WHERE id IN (SELECT id FROM announcements
                     WHERE ack_reminded_at IS NULL AND requires_acknowledgement AND is_active AND broadcast_at IS NOT NULL AND ack_by <= ${now}
                     ORDER BY ack_by, id LIMIT 50 FOR UPDATE SKIP LOCKED)
         AND ack_reminded_at IS NULL
      RETURNING id`;
    const out: Array<{ id: string; people: number }> = [];
    for (const { id } of due) {
      const a = await tx.announcement.findUniqueOrThrow({ where: { id }, select: REMINDABLE });
      const people = await notYet(tx, a);
      await queueReminder(tx, a, people);
      audit.record({
        eventType: "system", category: "announcements", actionType: "announcement.ack_reminded",
        description: `Reminded ${people.length} ${people.length === 1 ? "person" : "people"} who had not acknowledged "${a.title}" by its deadline`.slice(0, 2000),
        actor: systemActor("announcement reminders"), object: { type: "announcement", id: a.id, name: a.title.slice(0, 255) },
        after: { ackRemindedAt: now.toISOString(), reminded: people.length },
      });
      out.push({ id, people: people.length });
    }
    return out;
  }).catch(whenNothingRecorded([]));
  if (reminded.length > 0) deliverRealtimeSoon();
  return { reminded };
}

/**
 * An author reminds, live and (when it is emailed) by email, everyone in the audience
 * who has not acknowledged it (or, if it does not ask for that, not read it): while it
 * is live, once an hour at most. Audited with how many it reached.
 */
export async function remindAnnouncement({ actor, request, id, now = new Date() }: ServiceContext & { id: string; now?: Date }): Promise<{ people: number }> {
  if (!can(actor.role, "announcements:manage")) throw new ServiceError("Only Admins and HR Operations send reminders.", "forbidden");
  const result = await auditedTransaction(async (tx, audit) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM announcements WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new ServiceError("That announcement was not found.", "not_found");
    const a = await tx.announcement.findUniqueOrThrow({ where: { id }, select: REMINDABLE });
    if (!isLive(a, now)) throw new ServiceError("Only a live announcement can be reminded of.", "conflict");
    if (a.lastRemindedAt && now.getTime() - a.lastRemindedAt.getTime() < REMIND_EVERY_MS) {
      throw new ServiceError(`A reminder went out at ${formatDateTime(a.lastRemindedAt)}; the next can be sent from ${formatDateTime(new Date(a.lastRemindedAt.getTime() + REMIND_EVERY_MS))}.`, "rate_limited");
    }
    const people = await notYet(tx, a);
    if (people.length === 0) throw new ServiceError(a.requiresAck ? "Everyone has acknowledged it: nobody to remind." : "Everyone has read it: nobody to remind.", "conflict");
    await tx.announcement.update({ where: { id }, data: { lastRemindedAt: now } });
    await queueReminder(tx, a, people);
    audit.record({
      eventType: "update", category: "announcements", actionType: "announcement.reminded",
      description: `${actor.name} reminded ${people.length} ${people.length === 1 ? "person" : "people"} who had not ${a.requiresAck ? "acknowledged" : "read"} "${a.title}"`.slice(0, 2000),
      actor: actorFromUser(actor), context: request, object: { type: "announcement", id: a.id, name: a.title.slice(0, 255) },
      after: { lastRemindedAt: now.toISOString(), reminded: people.length, emailed: a.sendEmail },
    });
    return { people: people.length };
  });
  deliverRealtimeSoon();
  return result;
}
