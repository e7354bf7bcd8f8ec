// Audiences as rules (issue 23): each shape resolves to exactly the right people (a
// department with someone who moved, a manager's team and whole tree, exclusions, a
// suspended person left out), the feed shows an announcement to exactly them, and the
// live delivery reaches exactly them and nobody else.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { termsOfRule, type AudienceRule } from "./audience";
import { audienceMemberIds, previewAudience } from "./audience-store";
import { getAnnouncement, getReach, listFeed } from "./queries";
import { createAnnouncement, updateAnnouncement } from "./service";

type Person = Awaited<ReturnType<typeof createUser>>;
let hr: Person, maya: Person, lena: Person, erin: Person, ezra: Person, evan: Person, ivy: Person, sam: Person, sus: Person, other: Person;
let eng: string, sales: string;
const NOW = new Date("2026-12-10T07:00:00Z");
const WINDOW = { startDate: "2026-12-09", endDate: "2026-12-12" };

// Who each rule reaches, among the people of this file (other files' people live in other databases).
const mine = () => [maya, lena, erin, ezra, evan, ivy, sam, sus, other, hr].map((p) => p.user.id);
async function reached(rule: AudienceRule): Promise<string[]> {
  const { count, sample } = await previewAudience(termsOfRule(rule), 1000);
  expect(sample).toHaveLength(count);
  const names = new Set(sample);
  return [maya, lena, erin, ezra, evan, ivy, sam, sus, other, hr].filter((p) => names.has(p.user.name)).map((p) => p.user.name).sort();
}

beforeAll(async () => {
  // Engineering: Maya manages Lena (team lead) and Evan; Lena leads Erin, Ezra and Ivy (intern).
  hr = await createUser({ role: "hr_operations", name: "Hana HR", department: "People & Culture" });
  maya = await createUser({ role: "manager", name: "Maya Manager", department: "Engineering" });
  lena = await createUser({ role: "team_lead", name: "Lena Lead", department: "Engineering", managerId: maya.user.id });
  evan = await createUser({ role: "employee", name: "Evan Engineer", department: "Engineering", managerId: maya.user.id });
  erin = await createUser({ role: "employee", name: "Erin Engineer", department: "Engineering", managerId: lena.user.id });
  ezra = await createUser({ role: "junior_employee", name: "Ezra Junior", department: "Engineering", managerId: lena.user.id });
  ivy = await createUser({ role: "intern", name: "Ivy Intern", department: "Engineering", managerId: lena.user.id });
  sus = await createUser({ role: "employee", name: "Sid Suspended", department: "Engineering", managerId: lena.user.id, status: "suspended" });
  sam = await createUser({ role: "employee", name: "Sam Sales", department: "Sales" });
  other = await createUser({ role: "intern", name: "Omar Intern", department: "Sales" });
  eng = (await db.department.findUniqueOrThrow({ where: { name: "Engineering" } })).id;
  sales = (await db.department.findUniqueOrThrow({ where: { name: "Sales" } })).id;
});

describe("audience rules resolve to exactly the right people", () => {
  it("a department: its active people (the suspended one left out)", async () => {
    expect(await reached({ departments: [eng] })).toEqual(["Erin Engineer", "Evan Engineer", "Ezra Junior", "Ivy Intern", "Lena Lead", "Maya Manager"]);
  });

  it("a manager's team: direct reports, or the whole tree below", async () => {
    expect(await reached({ teamsOf: [maya.user.id] })).toEqual(["Evan Engineer", "Lena Lead"]);
    expect(await reached({ teamsOf: [maya.user.id], tree: true })).toEqual(["Erin Engineer", "Evan Engineer", "Ezra Junior", "Ivy Intern", "Lena Lead"]);
    expect(await reached({ teamsOf: [lena.user.id] })).toEqual(["Erin Engineer", "Ezra Junior", "Ivy Intern"]);
  });

  it("exclusions by role, person and department win over every include", async () => {
    expect(await reached({ departments: [eng], exclude: { roles: ["intern"] } })).toEqual(["Erin Engineer", "Evan Engineer", "Ezra Junior", "Lena Lead", "Maya Manager"]);
    expect(await reached({ everyone: true, exclude: { departments: [eng], people: [hr.user.id] } })).toEqual(["Omar Intern", "Sam Sales"]);
    expect(await reached({ people: [erin.user.id], exclude: { people: [erin.user.id] } })).toEqual([]);
  });

  it("roles, departments and people add up", async () => {
    expect(await reached({ roles: ["intern"], departments: [sales], people: [hr.user.id] })).toEqual(["Hana HR", "Ivy Intern", "Omar Intern", "Sam Sales"]);
  });

  it("follows a person who moves department: the rule names the department, not the people in it then", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "For Engineering", body: "b", audienceRule: { departments: [eng] }, ...WINDOW, now: NOW });
    expect(await audienceMemberIds(db, a.id)).toContain(evan.user.id);
    await db.user.update({ where: { id: evan.user.id }, data: { departmentId: sales } });
    try {
      expect(await audienceMemberIds(db, a.id)).not.toContain(evan.user.id);
      expect((await listFeed({ viewer: evan.actor, now: NOW })).rows.map((r) => r.id)).not.toContain(a.id);
      expect(await reached({ departments: [sales] })).toContain("Evan Engineer");
    } finally {
      await db.user.update({ where: { id: evan.user.id }, data: { departmentId: eng } });
    }
  });
});

describe("an announcement for Engineering except interns", () => {
  it("is shown to exactly its people, sent live to exactly their channels, and said in words", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Sprint review moves", body: "Thursday 15:00.", audienceRule: { departments: [eng], exclude: { roles: ["intern"] } }, ...WINDOW, now: NOW });
    expect(a).toMatchObject({ audience: "custom", audienceSummary: "Engineering, except Interns" });
    const members = await audienceMemberIds(db, a.id);
    expect(members.sort()).toEqual([maya, lena, evan, erin, ezra].map((p) => p.user.id).sort());

    // The feed and the detail: exactly the members see it; others get "not found".
    for (const p of [maya, lena, evan, erin, ezra]) expect((await listFeed({ viewer: p.actor, now: NOW })).rows.map((r) => r.id)).toContain(a.id);
    for (const p of [ivy, sam, other]) {
      expect((await listFeed({ viewer: p.actor, now: NOW })).rows.map((r) => r.id)).not.toContain(a.id);
      await expect(getAnnouncement({ viewer: p.actor, id: a.id, now: NOW })).rejects.toMatchObject({ code: "not_found" });
    }

    // Live: one event to the members' own channels, nobody else's.
    const events = await db.outboxMessage.findMany({ where: { channel: "realtime", payload: { path: ["data", "announcementId"], equals: a.id } } });
    const channels = events.flatMap((e) => (e.payload as { channel: string[] }).channel);
    expect(channels.sort()).toEqual(members.map((id) => `private-user-${id}`).sort());
    const outsiders = mine().filter((id) => !members.includes(id));
    for (const id of outsiders) expect(channels).not.toContain(`private-user-${id}`);

    // The reach counts the same people.
    const reach = await getReach({ viewer: hr.actor, id: a.id, request: {} });
    expect(reach.counts.targeted).toBe(members.length);
    expect(reach.announcement.audienceLabel).toBe("Engineering, except Interns");
  });

  it("changes its audience on edit (audited in words), and refuses unknown or suspended people and unknown departments", async () => {
    const a = await createAnnouncement({ ...hr.ctx, title: "Team note", body: "b", audienceRule: { teamsOf: [lena.user.id] }, ...WINDOW, now: NOW });
    expect(a.audienceSummary).toBe("Lena Lead's direct reports");
    await updateAnnouncement({ ...hr.ctx, id: a.id, audienceRule: { teamsOf: [maya.user.id], tree: true }, now: NOW });
    expect((await audienceMemberIds(db, a.id)).sort()).toEqual([lena, evan, erin, ezra, ivy].map((p) => p.user.id).sort());
    const entry = await db.auditLog.findFirstOrThrow({ where: { objectId: a.id, actionType: "announcement.updated" } });
    expect(entry.oldValues).toEqual({ audience: "Lena Lead's direct reports" });
    expect(entry.newValues).toEqual({ audience: "Everyone reporting to Maya Manager" });

    await expect(createAnnouncement({ ...hr.ctx, title: "Bad", body: "b", audienceRule: { people: [sus.user.id] }, ...WINDOW, now: NOW })).rejects.toThrow("Sid Suspended is suspended; choose someone active.");
    await expect(createAnnouncement({ ...hr.ctx, title: "Bad", body: "b", audienceRule: { departments: ["0190a000-0000-7000-8000-000000000999"] }, ...WINDOW, now: NOW })).rejects.toThrow(/No department has the id/);
    await expect(createAnnouncement({ ...hr.ctx, title: "Bad", body: "b", audienceRule: { teamsOf: ["0190a000-0000-7000-8000-000000000998"] }, ...WINDOW, now: NOW })).rejects.toThrow(/No person has the id/);
  });
});
