import "server-only";
// Audience rules against the database (issue 23): checked against what exists, stored as
// terms, resolved to people. Every answer to "is this person in the audience" comes from
// the one SQL rule, audience_includes() (migration 20261212000000).
import { db, type Tx } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { describeRule, termsOfRule, ruleOfTerms, type AudienceRule, type AudienceTerm } from "./audience";

type Client = Tx | typeof db;

export type CheckedAudience = { rule: AudienceRule; terms: AudienceTerm[]; summary: string };

/**
 * The rule, checked: every department exists, every manager and person is an active
 * account (a team of someone with no reports is allowed: it may fill later). Refused
 * with what is wrong, in words.
 */
export async function checkAudience(client: Client, rule: AudienceRule): Promise<CheckedAudience> {
  const terms = termsOfRule(rule);
  const departmentIds = [...new Set(terms.filter((t) => t.departmentId).map((t) => t.departmentId!))];
  const userIds = [...new Set(terms.filter((t) => t.userId).map((t) => t.userId!))];
  const [departments, users] = await Promise.all([
    departmentIds.length ? client.department.findMany({ where: { id: { in: departmentIds } }, select: { id: true, name: true } }) : [],
    userIds.length ? client.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, status: true } }) : [],
  ]);
  const missingDepartment = departmentIds.find((id) => !departments.some((d) => d.id === id));
  if (missingDepartment) throw new ServiceError(`No department has the id ${missingDepartment}.`);
  const missingUser = userIds.find((id) => !users.some((u) => u.id === id));
  if (missingUser) throw new ServiceError(`No person has the id ${missingUser}.`);
  const suspended = users.find((u) => u.status !== "active" && terms.some((t) => !t.exclude && t.userId === u.id));
  if (suspended) throw new ServiceError(`${suspended.name} is suspended; choose someone active.`);
  const summary = describeRule(rule, { departments: new Map(departments.map((d) => [d.id, d.name])), people: new Map(users.map((u) => [u.id, u.name])) });
  return { rule, terms, summary };
}

/** Replaces an announcement's terms. */
export async function saveAudienceTerms(tx: Tx, announcementId: string, terms: AudienceTerm[]): Promise<void> {
  await tx.announcementAudienceTerm.deleteMany({ where: { announcementId } });
  await tx.announcementAudienceTerm.createMany({ data: terms.map((t) => ({ announcementId, exclude: t.exclude, kind: t.kind, role: t.role, departmentId: t.departmentId, userId: t.userId })) });
}

/** An announcement's rule as stored. */
export async function audienceRuleOf(client: Client, announcementId: string): Promise<AudienceRule> {
  const rows = await client.announcementAudienceTerm.findMany({ where: { announcementId }, select: { exclude: true, kind: true, role: true, departmentId: true, userId: true } });
  return ruleOfTerms(rows);
}

/** Terms not yet saved, as the array audience_includes() takes. */
function termsArraySql(terms: AudienceTerm[]): Prisma.Sql {
  const json = JSON.stringify(terms.map((t) => ({ id: "00000000-0000-0000-0000-000000000000", announcement_id: "00000000-0000-0000-0000-000000000000", exclude: t.exclude, kind: t.kind, role: t.role, department_id: t.departmentId, user_id: t.userId })));
  return Prisma.sql`ARRAY(SELECT jsonb_populate_record(NULL::announcement_audience_terms, x) FROM jsonb_array_elements(${json}::jsonb) x)`;
}

/** How many active people a rule reaches now, and the first names (the author's preview). */
export async function previewAudience(terms: AudienceTerm[], sample = 8): Promise<{ count: number; sample: string[] }> {
  const rows = await db.$queryRaw<Array<{ name: string; total: number }>>`
    WITH t AS (SELECT ${termsArraySql(terms)} AS terms),
    members AS (SELECT u.name FROM users u, t WHERE u.status = 'active' AND audience_includes(t.terms, u.id))
    SELECT m.name, (SELECT count(*) FROM members)::int AS total FROM members m ORDER BY m.name LIMIT ${sample}`;
  return { count: rows[0]?.total ?? 0, sample: rows.map((r) => r.name) };
}

/** The active people in an announcement's audience now, by name. */
export async function audienceMemberIds(client: Client, announcementId: string): Promise<string[]> {
  const rows = await client.$queryRaw<Array<{ id: string }>>`
    WITH t AS (SELECT ARRAY(SELECT x FROM announcement_audience_terms x WHERE x.announcement_id = ${announcementId}::uuid) AS terms)
    SELECT u.id FROM users u, t WHERE u.status = 'active' AND audience_includes(t.terms, u.id) ORDER BY u.name, u.id`;
  return rows.map((r) => r.id);
}

/** How many active people each announcement reaches now. */
export async function audienceCounts(ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; n: number }>>`
    SELECT a.id, (SELECT count(*) FROM users u WHERE u.status = 'active'
                    AND audience_includes(ARRAY(SELECT x FROM announcement_audience_terms x WHERE x.announcement_id = a.id), u.id))::int AS n
      FROM unnest(${ids}::uuid[]) AS a(id)`;
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** SQL: whether the announcement aliased `a` is shown to the person now (live, and they are in its audience). */
export function shownToSql(userId: string, now: Date): Prisma.Sql {
  return Prisma.sql`a.is_active AND a.start_date <= ${now} AND a.end_date >= ${now} AND announcement_targets(a.id, ${userId}::uuid)`;
}

/** The ids of the announcements shown to the person now. */
export async function shownToIds(userId: string, now: Date): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT a.id FROM announcements a WHERE ${shownToSql(userId, now)}`;
  return rows.map((r) => r.id);
}
