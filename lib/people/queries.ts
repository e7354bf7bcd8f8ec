import "server-only";
import { recordDataAccess, type DataAccessReader } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";
import { can, ROLE_LABELS } from "@/lib/access/permissions";
import { peopleInReach, REACH, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defineCursor, keyPart } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import { isUuid } from "@/lib/uuid";
import type { PeopleFilter } from "./schemas";

export const PEOPLE_PAGE_SIZE = 25;

/** The people the viewer may look up (everyone, for people:view), or a forbidden error. */
function requireView(viewer: Viewer): Prisma.UserWhereInput {
  const people = peopleInReach(viewer, REACH.people);
  if (!people) throw new ServiceError("You are not allowed to view people.", "forbidden");
  return people;
}

function requireManage(viewer: Viewer) {
  if (!can(viewer.role, "people:manage")) throw new ServiceError("You are not allowed to manage people.", "forbidden");
}

// The directory's cursor: the last row's (name, id). Names are at most 120 characters
// when entered (schemas.ts); the key allows more so an older, longer name still pages.
const peopleCursor = defineCursor("people", { name: keyPart.text(200), id: keyPart.id });

/** What the list and the profile both show of a person. */
const PERSON_SUMMARY = {
  id: true,
  name: true,
  email: true,
  title: true,
  role: true,
  status: true,
  department: { select: { name: true } },
} satisfies Prisma.UserSelect;

type ListPeopleOptions = { viewer: Viewer; filter: PeopleFilter; pageSize?: number };

/** The people directory, filtered and keyset-paginated by name then id. */
export async function listPeople({ viewer, filter, pageSize = PEOPLE_PAGE_SIZE }: ListPeopleOptions) {
  const scope = requireView(viewer);
  const after = peopleCursor.parse(filter.cursor);
  const where: Prisma.UserWhereInput = {
    AND: [
      scope,
      filter.q ? { OR: [{ name: { contains: filter.q, mode: "insensitive" } }, { email: { contains: filter.q, mode: "insensitive" } }] } : {},
      filter.department ? { departmentId: filter.department } : {},
      filter.role ? { role: filter.role } : {},
      filter.status ? { status: filter.status } : {},
      keysetWhere("asc", after && { name: after.name, id: after.id }),
    ],
  };
  const rows = await db.user.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: pageSize + 1,
    select: { ...PERSON_SUMMARY, manager: { select: { name: true } } },
  });
  const page = keysetPage(rows, pageSize, (last) => peopleCursor.encode({ name: last.name, id: last.id }));
  return {
    rows: page.rows.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      title: p.title,
      departmentName: p.department?.name ?? null,
      role: p.role,
      roleLabel: ROLE_LABELS[p.role],
      managerName: p.manager?.name ?? null,
      status: p.status,
    })),
    nextCursor: page.next,
  };
}

export async function listDepartments(viewer: Viewer) {
  requireView(viewer);
  return db.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** Who may be chosen as a manager: active people, by name. */
export async function listManagerOptions(viewer: Viewer) {
  requireManage(viewer);
  return db.user.findMany({
    where: { status: "active" },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, title: true, role: true },
  });
}

/** The fields the detail page shows, named as the data access log records them. */
export const PROFILE_FIELDS = [
  "name",
  "email",
  "title",
  "department",
  "role",
  "manager",
  "status",
  "weeklyCapacityHours",
  "lastLoginAt",
  "createdAt",
  "reports",
] as const;

type GetPersonOptions = { viewer: DataAccessReader; request: RequestContext; userId: string };

/**
 * One person's profile with their manager and reports. Someone looking at another
 * person's profile is recorded in the data access log.
 */
export async function getPerson({ viewer, request, userId }: GetPersonOptions) {
  const scope = requireView(viewer);
  if (!isUuid(userId)) return null;
  const person = await db.user.findFirst({
    where: { AND: [{ id: userId }, scope] },
    select: {
      ...PERSON_SUMMARY,
      managerId: true,
      weeklyCapacityHours: true,
      lastLoginAt: true,
      createdAt: true,
      manager: { select: { id: true, name: true, title: true, status: true } },
      reports: { orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, title: true, role: true, status: true } },
    },
  });
  if (!person) return null;
  if (person.id !== viewer.id) {
    await recordDataAccess({
      actor: viewer,
      request,
      accessType: "view",
      dataCategory: "personal_info",
      dataType: "user_profile",
      recordCount: 1,
      dataFields: [...PROFILE_FIELDS],
      sensitivity: "confidential",
      purpose: `Viewed the profile of ${person.name}`,
      searchCriteria: { subjectUserId: person.id, subjectName: person.name },
      isPii: true,
    });
  }
  return {
    ...person,
    roleLabel: ROLE_LABELS[person.role],
    departmentName: person.department?.name ?? null,
    reports: person.reports.map((r) => ({ ...r, roleLabel: ROLE_LABELS[r.role] })),
  };
}
