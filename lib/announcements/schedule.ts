import { systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { deliverRealtimeSoon } from "@/lib/realtime/deliver";
import { formatDate } from "@/lib/time";
import { queueAnnouncementEvents } from "./broadcast";

type Due = {
  id: string; title: string; body: string; audience: string; audience_summary: string; pinned: boolean; requires_acknowledgement: boolean; send_email: boolean;
  created_by_name: string; start_date: Date; end_date: Date;
};

/** Most announcements started per call; the next call takes the rest. */
const BATCH = 200;

/**
 * The scheduled-start job: every active announcement whose window has begun (and not
 * ended) and that was never broadcast is marked broadcast and its
 * `announcement_created` events queued, in one transaction with its audit entry. The
 * guarded UPDATE (`broadcast_at IS NULL`, rows locked SKIP LOCKED) makes it idempotent
 * and safe to run concurrently: each start broadcasts exactly once.
 */
export async function publishDueAnnouncements({ now = new Date() }: { now?: Date } = {}): Promise<{ published: Array<{ id: string; title: string }> }> {
  const published = await auditedTransaction(async (tx, audit) => {
    const due = await tx.$queryRaw<Due[]>`
      UPDATE announcements SET broadcast_at = ${now}
       WHERE id IN (
         SELECT id FROM announcements
          WHERE broadcast_at IS NULL AND is_active AND start_date <= ${now} AND end_date >= ${now}
          ORDER BY start_date, id LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED)
         AND broadcast_at IS NULL
      RETURNING id, title, body, audience::text AS audience, audience_summary, pinned, requires_acknowledgement, send_email, created_by_name, start_date, end_date`;
    for (const a of due) {
      // The audience is resolved to people now, as the window opens (a rule naming a
      // department reaches whoever is in it today).
      const { people: reached, emailed } = await queueAnnouncementEvents(tx, {
        id: a.id, title: a.title, body: a.body, audience: a.audience, audienceSummary: a.audience_summary, pinned: a.pinned, requiresAck: a.requires_acknowledgement,
        sendEmail: a.send_email, createdByName: a.created_by_name, endDate: a.end_date,
      });
      audit.record({
        eventType: "system",
        category: "announcements",
        actionType: "announcement.broadcast",
        description: `The announcement "${a.title}" went live for ${a.audience_summary} (${reached} ${reached === 1 ? "person" : "people"}) at its scheduled start (${formatDate(a.start_date)})`.slice(0, 2000),
        actor: systemActor("announcement schedule"),
        object: { type: "announcement", id: a.id, name: a.title.slice(0, 255) },
        after: { broadcastAt: now.toISOString(), reached, emailed },
      });
    }
    // With nothing due nothing is recorded: refused, and nothing was changed.
    return due.map((a) => ({ id: a.id, title: a.title }));
  }).catch(whenNothingRecorded([]));
  if (published.length > 0) deliverRealtimeSoon();
  return { published };
}
