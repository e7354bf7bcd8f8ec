// Acknowledgement deadlines (issue 23): at the deadline those who have not acknowledged
// are reminded once (live and by email), their managers alerted when the author chose
// (the sixth scanned alert type, never raised twice across scan runs); an author's
// reminder by hand reaches those who have not, once an hour at most, audited.
import { beforeAll, describe, expect, it } from "vitest";
import { runScan } from "@/lib/alerts/run";
import { db } from "@/lib/db";
import { createUser, REQUEST } from "@/test/factories";
import { ANNOUNCEMENT_EMAIL_TOPIC } from "./email";
import { remindAnnouncement, remindAtDeadlines } from "./reminders";
import { createAnnouncement, recordReceipt } from "./service";
import { unsubscribeFromAnnouncements, unsubscribeToken } from "./unsubscribe";

type Person = Awaited<ReturnType<typeof createUser>>;
let hr: Person, boss: Person, ada: Person, bo: Person, cy: Person;
let dept: string;
const NOW = new Date("2026-12-10T07:00:00Z");
const WINDOW = { startDate: "2026-12-09", endDate: "2026-12-20" };
const AFTER_DEADLINE = new Date("2026-12-12T19:30:00Z"); // 13 Dec, 00:30 PKT: the 12th has ended

const reminderEvents = (id: string) =>
  db.outboxMessage.findMany({ where: { channel: "realtime", AND: [{ payload: { path: ["data", "announcementId"], equals: id } }, { payload: { path: ["data", "reminder"], equals: true } }] } });
const reminderEmails = (id: string) =>
  db.outboxMessage.findMany({ where: { channel: "email", topic: ANNOUNCEMENT_EMAIL_TOPIC, AND: [{ payload: { path: ["announcementId"], equals: id } }, { payload: { path: ["reminder"], equals: true } }] } });

beforeAll(async () => {
  hr = await createUser({ role: "hr_operations", name: "Hamid HR", department: "People & Culture" });
  boss = await createUser({ role: "manager", name: "Bushra Boss", department: "Deadline Dept" });
  ada = await createUser({ role: "employee", name: "Ada Acked", department: "Deadline Dept", managerId: boss.user.id });
  bo = await createUser({ role: "employee", name: "Bo Behind", department: "Deadline Dept", managerId: boss.user.id });
  cy = await createUser({ role: "employee", name: "Cy Behind", department: "Deadline Dept", managerId: boss.user.id });
  dept = (await db.department.findUniqueOrThrow({ where: { name: "Deadline Dept" } })).id;
});

describe("acknowledgement deadlines", () => {
  it("remind those who have not acknowledged once at the deadline, live and by email, and alert their managers without duplicates", async () => {
    const a = await createAnnouncement({
      ...hr.ctx, title: "Code of conduct", body: "Please read and acknowledge.", audienceRule: { teamsOf: [boss.user.id] },
      requiresAck: true, ackBy: "2026-12-12", escalateUnacknowledged: true, ...WINDOW, now: NOW,
    });
    expect(a.ackBy?.toISOString()).toBe("2026-12-12T18:59:59.999Z");
    await recordReceipt({ ...ada.ctx, id: a.id, action: "acknowledge", now: NOW });

    // Before the deadline: nothing.
    expect((await remindAtDeadlines({ now: new Date("2026-12-12T18:00:00Z") })).reminded.map((r) => r.id)).not.toContain(a.id);
    expect((await runScan("unacknowledged_announcement", { now: new Date("2026-12-12T18:00:00Z") })).raised.filter((r) => r.dedupeKey.startsWith(`unacknowledged_announcement:${a.id}:`))).toEqual([]);

    // After it: once, to the two who have not, live and by email.
    const first = await remindAtDeadlines({ now: AFTER_DEADLINE });
    expect(first.reminded).toContainEqual({ id: a.id, people: 2 });
    expect((await remindAtDeadlines({ now: new Date(AFTER_DEADLINE.getTime() + 3_600_000) })).reminded.map((r) => r.id)).not.toContain(a.id);
    const live = (await reminderEvents(a.id)).flatMap((e) => (e.payload as { channel: string[] }).channel);
    expect(live.sort()).toEqual([bo, cy].map((p) => `private-user-${p.user.id}`).sort());
    const mails = (await reminderEmails(a.id)).map((r) => (r.payload as { to: string }).to).sort();
    expect(mails).toEqual([bo.user.email, cy.user.email].sort());
    expect(await db.auditLog.count({ where: { objectId: a.id, actionType: "announcement.ack_reminded" } })).toBe(1);

    // Their manager is alerted, one alert per person, and a second scan raises nothing new.
    const scan = await runScan("unacknowledged_announcement", { now: AFTER_DEADLINE });
    const alerts = scan.raised.filter((r) => r.dedupeKey.startsWith(`unacknowledged_announcement:${a.id}:`));
    expect(alerts.map((r) => r.subjectLabel).sort()).toEqual(["Bo Behind", "Cy Behind"]);
    expect(alerts.every((r) => r.recipientUserId === boss.user.id)).toBe(true);
    const again = await runScan("unacknowledged_announcement", { now: new Date(AFTER_DEADLINE.getTime() + 7_200_000) });
    expect(again.raised.filter((r) => r.dedupeKey.startsWith(`unacknowledged_announcement:${a.id}:`))).toEqual([]);
    const stored = await db.alert.findMany({ where: { entityId: a.id, type: "unacknowledged_announcement" } });
    expect(stored).toHaveLength(2);
    expect(stored[0]!.message).toMatch(/has not acknowledged "Code of conduct", due 12 Dec 2026/);
  });

  it("alerts no manager unless the author chose so, and refuses a deadline without acknowledgement or outside the window", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "No escalation", body: "b", audienceRule: { departments: [dept] }, requiresAck: true, ackBy: "2026-12-12", ...WINDOW, now: NOW });
    expect((await runScan("unacknowledged_announcement", { now: AFTER_DEADLINE })).raised.filter((r) => r.dedupeKey.startsWith(`unacknowledged_announcement:${a.id}:`))).toEqual([]);
    await expect(createAnnouncement({ ...hr.ctx, title: "Bad", body: "b", audienceRule: { departments: [dept] }, ackBy: "2026-12-12", ...WINDOW, now: NOW })).rejects.toThrow(/acknowledgement deadline needs/);
    await expect(createAnnouncement({ ...hr.ctx, title: "Bad", body: "b", audienceRule: { departments: [dept] }, requiresAck: true, ackBy: "2026-12-25", ...WINDOW, now: NOW })).rejects.toThrow(/within the window/);
  });
});

describe("reminders by hand", () => {
  it("reach those who have not read it, once an hour at most, audited; never anyone who has", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Parking changes", body: "b", audienceRule: { departments: [dept] }, sendEmail: true, ...WINDOW, now: NOW });
    await recordReceipt({ ...ada.ctx, id: a.id, action: "read", now: NOW });
    expect(await remindAnnouncement({ ...hr.ctx, id: a.id, now: NOW })).toEqual({ people: 3 }); // the manager, Bo and Cy
    const reached = (await reminderEvents(a.id)).flatMap((e) => (e.payload as { channel: string[] }).channel);
    expect(reached).not.toContain(`private-user-${ada.user.id}`);
    expect(reached).toContain(`private-user-${bo.user.id}`);
    expect((await reminderEmails(a.id)).map((r) => (r.payload as { to: string }).to)).not.toContain(ada.user.email);
    await expect(remindAnnouncement({ ...hr.ctx, id: a.id, now: new Date(NOW.getTime() + 30 * 60_000) })).rejects.toMatchObject({ code: "rate_limited" });
    await expect(remindAnnouncement({ ...bo.ctx, id: a.id, now: new Date(NOW.getTime() + 2 * 3_600_000) })).rejects.toMatchObject({ code: "forbidden" });
    expect(await remindAnnouncement({ ...hr.ctx, id: a.id, now: new Date(NOW.getTime() + 2 * 3_600_000) })).toEqual({ people: 3 });
    const entries = await db.auditLog.findMany({ where: { objectId: a.id, actionType: "announcement.reminded" } });
    expect(entries).toHaveLength(2);
    expect(entries[0]!.newValues).toMatchObject({ reminded: 3 });
  });

  it("remind by email nobody who unsubscribed, unless the announcement asks for acknowledgement (live, everyone behind)", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Lunch menu", body: "b", audienceRule: { people: [bo.user.id, cy.user.id] }, sendEmail: true, ...WINDOW, now: NOW });
    expect(await unsubscribeFromAnnouncements(unsubscribeToken(cy.user.id), REQUEST)).toEqual({ ok: true });
    expect(await remindAnnouncement({ ...hr.ctx, id: a.id, now: NOW })).toEqual({ people: 2 });
    expect((await reminderEvents(a.id)).flatMap((e) => (e.payload as { channel: string[] }).channel).sort()).toEqual([bo, cy].map((p) => `private-user-${p.user.id}`).sort());
    expect((await reminderEmails(a.id)).map((r) => (r.payload as { to: string }).to)).toEqual([bo.user.email]);
    const mandatory = await createAnnouncement({ ...hr.ctx, title: "Sign the policy", body: "b", audienceRule: { people: [bo.user.id, cy.user.id] }, requiresAck: true, ...WINDOW, now: NOW });
    await remindAnnouncement({ ...hr.ctx, id: mandatory.id, now: NOW });
    expect((await reminderEmails(mandatory.id)).map((r) => (r.payload as { to: string }).to).sort()).toEqual([bo.user.email, cy.user.email].sort());
  });
});
