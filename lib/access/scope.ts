// Who may see whose records, as Prisma `where` fragments: the one definition of own,
// team and all scope. Read functions (lib/*/queries.ts) and services put these in their
// `where` clause, so a list never shows, and a service never accepts, someone outside it.
//
// Team = direct reports (users whose manager_id is the viewer), for every role that has
// a team. Spec 000 delivers "a missing_checkout alert for one of their direct reports"
// to the manager, spec 001 gives a manager "team audit activities", and issue 9 fixes
// team = direct reports, defined once. The earlier "people who share a team lead's
// manager" reading (lib/team and lib/tasks disagreed on it) showed a lead their peers,
// including members of another lead's team, and is gone.
import type { Prisma } from "@/lib/generated/prisma/client";
import { can, type Permission, type Role } from "./permissions";

/** Whoever is reading: the CurrentUser of lib/auth/session.ts satisfies it. */
export type Viewer = { id: string; role: Role };

/** The viewer's team: their direct reports. */
export function teamMemberWhere(viewer: Viewer): Prisma.UserWhereInput {
  return { managerId: viewer.id };
}

/**
 * What each kind of record lets a role see beyond their own: `all` (anyone's), `team`
 * (direct reports'), `own` (their own). A role holding none of them sees nothing.
 */
export type Reach = { all?: Permission; team?: Permission; own?: Permission };

export const REACH = {
  attendance: { all: "attendance:edit_any", team: "attendance:edit_team", own: "attendance:self" },
  timeLogs: { all: "timelogs:edit_any", team: "timelogs:edit_team", own: "tasks:self" },
  taskAssignees: { all: "tasks:assign_any", team: "tasks:assign" },
  taskReview: { team: "tasks:review_team" },
  leave: { all: "leave:decide_any", team: "leave:decide_team", own: "leave:request" },
  team: { team: "team:view" },
  people: { all: "people:view" },
  audit: { all: "audit:view_all", team: "audit:view_team", own: "activity:self" },
} as const satisfies Record<string, Reach>;

export type ReachLevel = "all" | "team" | "own";

/** The widest level of `reach` the viewer's role holds, or null. */
export function reachLevel(viewer: Viewer, reach: Reach): ReachLevel | null {
  if (reach.all && can(viewer.role, reach.all)) return "all";
  if (reach.team && can(viewer.role, reach.team)) return "team";
  if (reach.own && can(viewer.role, reach.own)) return "own";
  return null;
}

type PeopleOptions = {
  /** Leave the viewer out (lists of other people's records: to correct, to decide). */
  othersOnly?: boolean;
};

/**
 * The people whose records of this kind the viewer may see, as a users `where`, or
 * null when nobody. Team reach includes the viewer's own records when the reach has
 * an `own` permission the role holds.
 */
export function peopleInReach(viewer: Viewer, reach: Reach, { othersOnly = false }: PeopleOptions = {}): Prisma.UserWhereInput | null {
  const level = reachLevel(viewer, reach);
  const notSelf: Prisma.UserWhereInput = { id: { not: viewer.id } };
  switch (level) {
    case "all":
      return othersOnly ? notSelf : {};
    case "team": {
      const team = teamMemberWhere(viewer);
      if (othersOnly || !reach.own || !can(viewer.role, reach.own)) return { AND: [team, notSelf] };
      return { OR: [{ id: viewer.id }, team] };
    }
    case "own":
      return othersOnly ? null : { id: viewer.id };
    default:
      return null;
  }
}

/**
 * One person the viewer asks about, within reach: `{ id, ...scope }` or null. A person
 * outside reach matches no row, so the read returns nothing rather than their data.
 */
export function personInReach(viewer: Viewer, reach: Reach, userId: string, options?: PeopleOptions): Prisma.UserWhereInput | null {
  const scope = peopleInReach(viewer, reach, options);
  if (!scope) return null;
  return { AND: [{ id: userId }, scope] };
}

/**
 * A users `where` as a filter on a record's owner relation (`user`, `requester`,
 * `assignee`). An unrestricted scope adds no join.
 */
export function ownedBy<K extends string>(relation: K, people: Prisma.UserWhereInput): { [P in K]?: Prisma.UserWhereInput } {
  if (Object.keys(people).length === 0) return {};
  return { [relation]: people } as { [P in K]?: Prisma.UserWhereInput };
}
