// Announcements by email (issue 23), against a real SMTP listener on loopback: one email
// per person in the audience, addressed to them alone, written to the outbox with the
// broadcast and delivered once across a crash between send and mark; people who
// unsubscribed are skipped unless the announcement asks for an acknowledgement; the
// unsubscribe link names its person and cannot be forged.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startSmtpCatcher } from "@/lib/email/catcher";
import { sendEmailRow } from "@/lib/email/deliver";
import { smtpMailer } from "@/lib/email/transport";
import { deliverOutbox } from "@/lib/outbox/outbox";
import { createUser, REQUEST } from "@/test/factories";
import { ANNOUNCEMENT_EMAIL_TOPIC } from "./email";
import { publishDueAnnouncements } from "./schedule";
import { createAnnouncement } from "./service";
import { unsubscribeFromAnnouncements, unsubscribeTarget, unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe";

type Person = Awaited<ReturnType<typeof createUser>>;
let hr: Person, ana: Person, ben: Person, cai: Person, outsider: Person;
let dept: string;
let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
const NOW = new Date("2026-12-10T07:00:00Z");
const WINDOW = { startDate: "2026-12-09", endDate: "2026-12-12" };

const emailRows = (announcementId: string) =>
  db.outboxMessage.findMany({ where: { channel: "email", topic: ANNOUNCEMENT_EMAIL_TOPIC, payload: { path: ["announcementId"], equals: announcementId } }, orderBy: { id: "asc" } });

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  hr = await createUser({ role: "hr_operations", name: "Hiba HR", department: "People & Culture" });
  ana = await createUser({ role: "employee", name: "Ana Ops", department: "Operations Email" });
  ben = await createUser({ role: "employee", name: "Ben Ops", department: "Operations Email" });
  cai = await createUser({ role: "employee", name: "Cai Ops", department: "Operations Email" });
  outsider = await createUser({ role: "employee", name: "Omar Elsewhere", department: "Finance" });
  dept = (await db.department.findUniqueOrThrow({ where: { name: "Operations Email" } })).id;
  // Cai unsubscribed from announcement emails.
  expect(await unsubscribeFromAnnouncements(unsubscribeToken(cai.user.id), REQUEST)).toEqual({ ok: true });
});
afterAll(() => catcher.close());

describe("announcement emails", () => {
  it("writes one email per person in the audience with the broadcast, skipping who unsubscribed, and sends each to that person alone", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Fire drill on Friday", body: "Leave by the **east** stairs.\n\nBack by 11:00.", audienceRule: { departments: [dept] }, sendEmail: true, ...WINDOW, now: NOW });
    expect(a.sendEmail).toBe(true);
    const rows = await emailRows(a.id);
    expect(rows.map((r) => (r.payload as { to: string }).to).sort()).toEqual([ana.user.email, ben.user.email].sort());
    const tracked = await db.announcementEmail.findMany({ where: { announcementId: a.id } });
    expect(tracked.map((t) => t.userId).sort()).toEqual([ana.user.id, ben.user.id].sort());
    expect(tracked.every((t) => t.sentAt === null)).toBe(true);
    const entry = await db.auditLog.findFirstOrThrow({ where: { objectId: a.id, actionType: "announcement.created" } });
    expect(entry.additionalData).toMatchObject({ broadcast: true, reached: 3, emailed: 2 });

    const mailer = smtpMailer(`smtp://127.0.0.1:${catcher.port}`);
    for (const row of rows) await sendEmailRow({ ...row, channel: "email" }, mailer);
    const got = catcher.messages().filter((m) => m.subject === "Announcement: Fire drill on Friday");
    expect(got.map((m) => m.to)).toEqual(expect.arrayContaining([[ana.user.email], [ben.user.email]]));
    expect(got).toHaveLength(2);
    const anas = got.find((m) => m.to[0] === ana.user.email)!;
    expect(anas.text).toContain("Hello Ana Ops");
    expect(anas.text).toContain(`/announcements/${a.id}`);
    expect(anas.text).toContain(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(ana.user.id))}`);
    expect(anas.text).not.toContain(ben.user.email);
    expect((await db.announcementEmail.findMany({ where: { announcementId: a.id } })).every((t) => t.sentAt !== null)).toBe(true);
  });

  it("emails everyone in the audience, those who unsubscribed too, when it asks for an acknowledgement; nobody outside it", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Policy to acknowledge", body: "Read it.", audienceRule: { departments: [dept] }, requiresAck: true, ...WINDOW, now: NOW });
    expect(a.sendEmail).toBe(true); // the default for one asking for acknowledgement
    const to = (await emailRows(a.id)).map((r) => (r.payload as { to: string; mandatory: boolean }).to).sort();
    expect(to).toEqual([ana.user.email, ben.user.email, cai.user.email].sort());
    expect(to).not.toContain(outsider.user.email);
  });

  it("sends nothing by email unless asked (the default for a plain one), and emails a scheduled one when its window opens", async () => {
    const plain = await createAnnouncement({ ...hr.ctx, title: "Plain note", body: "b", audienceRule: { departments: [dept] }, ...WINDOW, now: NOW });
    expect(await emailRows(plain.id)).toEqual([]);
    const later = await createAnnouncement({ ...hr.ctx, title: "Starts later", body: "b", audienceRule: { people: [ana.user.id] }, sendEmail: true, startDate: "2026-12-20", endDate: "2026-12-21", now: NOW });
    expect(await emailRows(later.id)).toEqual([]);
    await publishDueAnnouncements({ now: new Date("2026-12-19T19:00:00Z") });
    await publishDueAnnouncements({ now: new Date("2026-12-19T19:05:00Z") });
    expect((await emailRows(later.id)).map((r) => (r.payload as { to: string }).to)).toEqual([ana.user.email]);
  });

  it("is delivered exactly once across a crash between send and mark", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Crash-safe note", body: "b", audienceRule: { people: [ben.user.id] }, sendEmail: true, ...WINDOW, now: NOW });
    const [row] = await emailRows(a.id);
    await db.outboxMessage.updateMany({ where: { channel: "email", id: { not: row!.id }, sentAt: null }, data: { sentAt: new Date() } });
    const mailer = smtpMailer(`smtp://127.0.0.1:${catcher.port}`);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      const crashed = deliverOutbox({
        channel: "email", pool,
        send: async (message) => {
          await sendEmailRow(message, mailer);
          await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%' AND query LIKE '%outbox_messages%FOR UPDATE SKIP LOCKED%'`);
        },
      });
      await expect(crashed).rejects.toThrow();
      expect(await deliverOutbox({ channel: "email", send: (m) => sendEmailRow(m, mailer) })).toEqual({ sent: 1, failed: 0 });
      const kept = catcher.messages().filter((m) => m.subject === "Announcement: Crash-safe note");
      expect(kept).toHaveLength(1);
      expect(kept[0]!.messageId).toBe(`<outbox-${row!.id}@hr-governance.local>`);
    } finally {
      await killer.end();
      await pool.end().catch(() => {});
    }
  });

  it("unsubscribes (and subscribes again) only with a token made for that person, once each, audited as their own act", async () => {
    const token = unsubscribeToken(ben.user.id);
    expect(verifyUnsubscribeToken(token)).toBe(ben.user.id);
    expect(verifyUnsubscribeToken(`${ana.user.id}.${token.split(".")[1]}`)).toBeNull();
    expect(verifyUnsubscribeToken(`${token}x`)).toBeNull();
    expect(verifyUnsubscribeToken("not-a-token")).toBeNull();
    expect(await unsubscribeFromAnnouncements(`${ana.user.id}.${token.split(".")[1]}`, REQUEST)).toEqual({ ok: false });
    expect(await unsubscribeTarget(token)).toEqual({ name: "Ben Ops", optedOut: false });
    expect(await unsubscribeFromAnnouncements(token, REQUEST)).toEqual({ ok: true });
    expect(await unsubscribeFromAnnouncements(token, REQUEST)).toEqual({ ok: true });
    expect(await unsubscribeTarget(token)).toEqual({ name: "Ben Ops", optedOut: true });
    const entries = await db.auditLog.findMany({ where: { actionType: "announcement_email.unsubscribed", subjectUserId: ben.user.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: ben.user.id, userName: "Ben Ops" });
    expect(await db.announcementEmailOptOut.count({ where: { userId: ana.user.id } })).toBe(0);

    // Asking for them again, with the same link: emailed again, audited once.
    expect(await unsubscribeFromAnnouncements(token, REQUEST, true)).toEqual({ ok: true });
    expect(await unsubscribeFromAnnouncements(token, REQUEST, true)).toEqual({ ok: true });
    expect(await unsubscribeTarget(token)).toEqual({ name: "Ben Ops", optedOut: false });
    expect(await db.auditLog.count({ where: { actionType: "announcement_email.resubscribed", subjectUserId: ben.user.id } })).toBe(1);
    const again = await createAnnouncement({ ...hr.ctx, title: "After resubscribing", body: "b", audienceRule: { people: [ben.user.id] }, sendEmail: true, ...WINDOW, now: NOW });
    expect((await emailRows(again.id)).map((r) => (r.payload as { to: string }).to)).toEqual([ben.user.email]);
  });
});
