import "server-only";
// The actor filter's type-ahead: people whose name or email matches, among the people
// the viewer's audit scope covers (auditScopeWhere's people: everyone, self and direct
// reports, or self), so it never names anyone whose entries the viewer cannot read.
import { ROLE_LABELS } from "@/lib/access/permissions";
import { REACH, peopleInReach, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { escapeLike } from "./words";

export const MAX_ACTOR_SUGGESTIONS = 10;

export type ActorSuggestion = { id: string; name: string; email: string; role: string; roleLabel: string; department: string };

type Options = { viewer: Viewer; q: string; limit?: number };

/** Up to 10 people, name order; suspended people included (their entries are still in the log). */
export async function suggestActors({ viewer, q, limit = MAX_ACTOR_SUGGESTIONS }: Options): Promise<ActorSuggestion[]> {
  const people = peopleInReach(viewer, REACH.audit);
  if (!people) return [];
  // Prisma's `contains` passes % and _ through as wildcards; what was typed is matched literally.
  const term = escapeLike(q.trim());
  const match = term ? { OR: [{ name: { contains: term, mode: "insensitive" as const } }, { email: { contains: term, mode: "insensitive" as const } }] } : {};
  const rows = await db.user.findMany({
    where: { AND: [people, match] },
    select: { id: true, name: true, email: true, role: true, department: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: Math.min(Math.max(limit, 1), MAX_ACTOR_SUGGESTIONS),
  });
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, role: r.role, roleLabel: ROLE_LABELS[r.role], department: r.department?.name ?? "" }));
}
