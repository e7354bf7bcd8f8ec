import type { z } from "zod";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { deliverRealtimeSoon } from "@/lib/realtime/deliver";
import type { Actor, ServiceContext } from "@/lib/service-context";
import { formatDate, pktDayKey } from "@/lib/time";
import { broadcastOnce } from "./broadcast";
import { audienceValueOf, ruleOfAudience, type AudienceRule } from "./audience";
import { audienceRuleOf, checkAudience, previewAudience, saveAudienceTerms, shownToSql } from "./audience-store";
import { createAnnouncementSchema, deliveredActionSchema, receiptSchema, updateAnnouncementSchema, type CreateAnnouncementInput, type UpdateAnnouncementInput } from "./schemas";
import { isLive, pktWindow } from "./window";

// Services are called by actions, routes, jobs and tests alike, so they check their own input.
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError(result.error.issues[0]?.message ?? "Check the form and try again.");
  return result.data;
}

function requireAuthor(actor: Actor) {
  if (!can(actor.role, "announcements:manage")) throw new ServiceError("Only Admins and HR Operations create or change announcements.", "forbidden");
}

const objectFor = (a: { id: string; title: string }) => ({ type: "announcement", id: a.id, name: a.title.slice(0, 255) });

/** What the audit entry keeps of an announcement: readable values (the audience in words), PKT days. */
function snapshot(a: { title: string; body: string; audienceSummary: string; sendEmail: boolean; ackBy: Date | null; escalateUnacknowledged: boolean; startDate: Date; endDate: Date; isActive: boolean; pinned: boolean; requiresAck: boolean }) {
  return {
    title: a.title,
    body: a.body,
    audience: a.audienceSummary,
    sendEmail: a.sendEmail,
    ackBy: a.ackBy ? pktDayKey(a.ackBy) : null,
    escalateUnacknowledged: a.escalateUnacknowledged,
    startDate: pktDayKey(a.startDate),
    endDate: pktDayKey(a.endDate),
    isActive: a.isActive,
    pinned: a.pinned,
    requiresAck: a.requiresAck,
  };
}

type CreateOptions = ServiceContext & CreateAnnouncementInput & { now?: Date };

/**
 * Publishes (or schedules) an announcement. When it is active and its window has begun,
 * the same transaction marks it broadcast and queues `announcement_created` for its
 * audience; delivery starts right after commit.
 */
export async function createAnnouncement({ actor, request, now = new Date(), ...fields }: CreateOptions) {
  requireAuthor(actor);
  const input = parse(createAnnouncementSchema, fields);
  const window = pktWindow(input.startDate, input.endDate);
  if (window.endDate < now) throw new ServiceError(`The end date ${formatDate(window.endDate)} has passed; nobody would see this announcement.`);
  let broadcast = false;
  const rule: AudienceRule = input.audienceRule ?? ruleOfAudience(input.audience!);
  const created = await auditedTransaction(async (tx, audit) => {
    const audience = await checkAudience(tx, rule);
    const a = await tx.announcement.create({
      data: {
        title: input.title,
        body: input.body,
        audience: audienceValueOf(rule),
        audienceSummary: audience.summary,
        sendEmail: input.sendEmail ?? (input.pinned || input.requiresAck),
        ackBy: input.ackBy ? pktWindow(input.ackBy, input.ackBy).endDate : null,
        escalateUnacknowledged: Boolean(input.ackBy && input.escalateUnacknowledged),
        ...window,
        isActive: input.isActive,
        pinned: input.pinned,
        requiresAck: input.requiresAck,
        createdById: actor.id,
        createdByName: actor.name,
      },
    });
    await saveAudienceTerms(tx, a.id, audience.terms);
    const sent = isLive(a, now) ? await broadcastOnce(tx, a, now) : null;
    broadcast = sent !== null;
    if (broadcast) a.broadcastAt = now;
    audit.record({
      eventType: "create",
      category: "announcements",
      actionType: "announcement.created",
      description: `${actor.name} ${broadcast ? "published" : a.isActive ? "scheduled" : "saved (inactive)"} the announcement "${a.title}" for ${a.audienceSummary}, ${formatDate(a.startDate)} to ${formatDate(a.endDate)}`.slice(0, 2000),
      actor: actorFromUser(actor),
      context: request,
      object: objectFor(a),
      after: snapshot(a),
      additionalData: { broadcast, ...(sent ? { reached: sent.people, emailed: sent.emailed } : {}) },
    });
    return a;
  });
  if (broadcast) deliverRealtimeSoon();
  return created;
}

/**
 * Who a rule reaches now, before it is published: how many people, the first names,
 * and the rule in words (authors only; the same checks as publishing).
 */
export async function previewAnnouncementAudience({ actor, rule }: { actor: Actor; rule: AudienceRule }): Promise<{ count: number; sample: string[]; summary: string }> {
  requireAuthor(actor);
  const checked = await checkAudience(db, rule);
  const { count, sample } = await previewAudience(checked.terms);
  return { count, sample, summary: checked.summary };
}

class NothingChanged extends Error {}

type UpdateOptions = ServiceContext & UpdateAnnouncementInput & { id: string; now?: Date };

/**
 * Edits an announcement; `isActive: false` archives it (and `true` restores it). The
 * audit entry keeps the old and new value of each changed field. An edit that makes an
 * announcement live for the first time broadcasts it, once.
 */
export async function updateAnnouncement({ actor, request, id, now = new Date(), ...fields }: UpdateOptions) {
  requireAuthor(actor);
  const patch = parse(updateAnnouncementSchema, fields);
  let broadcast = false;
  try {
    const updated = await auditedTransaction(async (tx, audit) => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM announcements WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new ServiceError("That announcement was not found.", "not_found");
      const existing = await tx.announcement.findUniqueOrThrow({ where: { id } });
      const before = snapshot(existing);
      const days = { startDate: patch.startDate ?? before.startDate, endDate: patch.endDate ?? before.endDate };
      if (days.endDate < days.startDate) throw new ServiceError("The end date cannot be before the start date.");
      const window = pktWindow(days.startDate, days.endDate);
      const newRule = patch.audienceRule ?? (patch.audience !== undefined ? ruleOfAudience(patch.audience) : null);
      const audience = newRule ? await checkAudience(tx, newRule) : null;
      const next = {
        title: patch.title ?? existing.title,
        body: patch.body ?? existing.body,
        audience: newRule ? audienceValueOf(newRule) : existing.audience,
        audienceSummary: audience?.summary ?? existing.audienceSummary,
        sendEmail: patch.sendEmail ?? existing.sendEmail,
        ackBy: patch.ackBy ? pktWindow(patch.ackBy, patch.ackBy).endDate : existing.ackBy,
        escalateUnacknowledged: patch.escalateUnacknowledged ?? existing.escalateUnacknowledged,
        ...window,
        isActive: patch.isActive ?? existing.isActive,
        pinned: patch.pinned ?? existing.pinned,
        requiresAck: patch.requiresAck ?? existing.requiresAck,
      };
      if (next.ackBy && (!next.requiresAck || next.ackBy < next.startDate || next.ackBy > next.endDate)) {
        throw new ServiceError("An acknowledgement deadline needs \"Requires acknowledgement\" and a day within the window.");
      }
      const after = snapshot(next);
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
      // A rule with the same words may still name other people (two departments of one name).
      const termsChanged = audience !== null && JSON.stringify(audience.rule) !== JSON.stringify(await audienceRuleOf(tx, id));
      if (termsChanged && !changed.includes("audience")) changed.push("audience");
      if (changed.length === 0) throw new NothingChanged();
      const archiving = changed.includes("isActive") ? (next.isActive ? "restored" : "archived") : null;
      const a = await tx.announcement.update({
        where: { id },
        data: {
          ...next,
          // A new deadline reminds again when it passes.
          ...(changed.includes("ackBy") ? { ackRemindedAt: null } : {}),
          ...(archiving === "archived" ? { archivedAt: now } : archiving === "restored" ? { archivedAt: null } : {}),
        },
      });
      if (audience && termsChanged) await saveAudienceTerms(tx, id, audience.terms);
      const sent = isLive(a, now) ? await broadcastOnce(tx, a, now) : null;
      broadcast = sent !== null;
      if (broadcast) a.broadcastAt = now;
      const pick = (s: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, s[k]]));
      const verb = archiving === "archived" && changed.length === 1 ? "archived" : archiving === "restored" && changed.length === 1 ? "restored" : "edited";
      audit.record({
        eventType: "update",
        category: "announcements",
        actionType: archiving && changed.length === 1 ? `announcement.${archiving}` : "announcement.updated",
        description: `${actor.name} ${verb} the announcement "${a.title}"${verb === "edited" ? ` (${changed.join(", ")})` : ""}`.slice(0, 2000),
        actor: actorFromUser(actor),
        context: request,
        object: objectFor(a),
        before: pick(before),
        after: pick(after),
        additionalData: { changedFields: changed, broadcast, ...(sent ? { reached: sent.people, emailed: sent.emailed } : {}) },
      });
      return a;
    });
    if (broadcast) deliverRealtimeSoon();
    return updated;
  } catch (error) {
    if (error instanceof NothingChanged) {
      return db.announcement.findUniqueOrThrow({ where: { id } });
    }
    throw error;
  }
}

type ReceiptOptions = ServiceContext & { id: string; action: string; now?: Date };

/** Whether the announcement is shown to the actor now (the feed's rule, in SQL). */
function visibleSql(actor: Actor, now: Date) {
  return shownToSql(actor.id, now);
}

/**
 * The actor's own receipt: "delivered" (it reached their screen), "read" (they opened
 * it) or "acknowledge" (they confirmed an announcement that asks for it). Only for an
 * announcement shown to them; repeating one changes nothing. Reading and acknowledging
 * are audited; delivery is the client's notice that it rendered and is not.
 */
export async function recordReceipt({ actor, request, id, action: rawAction, now = new Date() }: ReceiptOptions) {
  const { action } = parse(receiptSchema, { action: rawAction });
  if (action === "delivered") {
    await recordDeliveries({ actor, request, ids: [id], now });
    return { changed: false };
  }
  try {
    return await auditedTransaction(async (tx, audit) => {
      const found = await tx.$queryRaw<Array<{ id: string; title: string; requires_acknowledgement: boolean }>>`
        SELECT a.id, a.title, a.requires_acknowledgement FROM announcements a WHERE a.id = ${id}::uuid AND ${visibleSql(actor, now)}`;
      const a = found[0];
      if (!a) throw new ServiceError("That announcement was not found, or it is not shown to you.", "not_found");
      if (action === "acknowledge" && !a.requires_acknowledgement) throw new ServiceError("This announcement does not ask for an acknowledgement.", "conflict");
      const changed =
        action === "read"
          ? await tx.$queryRaw<Array<{ read_at: Date }>>`
              INSERT INTO announcement_reads (announcement_id, user_id, delivered_at, read_at) VALUES (${id}::uuid, ${actor.id}::uuid, ${now}, ${now})
              ON CONFLICT (announcement_id, user_id) DO UPDATE SET read_at = EXCLUDED.read_at WHERE announcement_reads.read_at IS NULL
              RETURNING read_at`
          : await tx.$queryRaw<Array<{ read_at: Date }>>`
              INSERT INTO announcement_reads (announcement_id, user_id, delivered_at, read_at, acknowledged_at) VALUES (${id}::uuid, ${actor.id}::uuid, ${now}, ${now}, ${now})
              ON CONFLICT (announcement_id, user_id) DO UPDATE SET acknowledged_at = EXCLUDED.acknowledged_at, read_at = coalesce(announcement_reads.read_at, EXCLUDED.read_at)
                WHERE announcement_reads.acknowledged_at IS NULL
              RETURNING read_at`;
      if (changed.length === 0) throw new NothingChanged();
      audit.record({
        eventType: action === "read" ? "read" : "submit",
        category: "announcements",
        actionType: action === "read" ? "announcement.read" : "announcement.acknowledged",
        description: `${actor.name} ${action === "read" ? "read" : "acknowledged"} the announcement "${a.title}"`.slice(0, 2000),
        actor: actorFromUser(actor),
        context: request,
        object: objectFor(a),
        subjectUserId: actor.id,
        after: action === "read" ? { readAt: now.toISOString() } : { acknowledgedAt: now.toISOString() },
      });
      return { changed: true };
    });
  } catch (error) {
    if (error instanceof NothingChanged) return { changed: false };
    throw error;
  }
}

type DeliveriesOptions = ServiceContext & { ids: string[]; now?: Date };

/** Delivery receipts for announcements that reached the actor's screen (shown to them only). */
export async function recordDeliveries({ actor, ids, now = new Date() }: DeliveriesOptions): Promise<number> {
  const { ids: valid } = parse(deliveredActionSchema, { ids });
  return db.$executeRaw`
    INSERT INTO announcement_reads (announcement_id, user_id, delivered_at)
    SELECT a.id, ${actor.id}::uuid, ${now} FROM announcements a WHERE a.id = ANY(${valid}::uuid[]) AND ${visibleSql(actor, now)}
    ON CONFLICT (announcement_id, user_id) DO NOTHING`;
}
