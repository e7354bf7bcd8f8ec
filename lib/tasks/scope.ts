// Who may act on whose tasks and time logs, as Prisma `where` fragments. Services and
// queries share them so a list never offers what the service would refuse.
import { can, type Role } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The acting person with their own manager, which a team lead's scope depends on. */
export type ScopeActor = { id: string; role: Role; managerId: string | null };

// A team lead leads the individual contributors who share their manager, not managers.
const LEADABLE_ROLES_EXCLUDED: Role[] = ["admin", "manager"];

function teamLeadPeers(actor: ScopeActor): Prisma.UserWhereInput | null {
  if (actor.role !== "team_lead" || !actor.managerId) return null;
  return { managerId: actor.managerId, role: { notIn: LEADABLE_ROLES_EXCLUDED } };
}

/** Active people the actor may assign a task to, or null when they may assign to nobody. */
export function assignableUsersWhere(actor: ScopeActor): Prisma.UserWhereInput | null {
  if (!can(actor.role, "tasks:assign")) return null;
  if (actor.role === "admin") return { status: "active" };
  const scopes: Prisma.UserWhereInput[] = [{ managerId: actor.id }];
  const peers = teamLeadPeers(actor);
  if (peers) scopes.push(peers);
  return { status: "active", id: { not: actor.id }, OR: scopes };
}

/**
 * Assignees whose tasks the actor reviews: their direct reports, and for a team lead
 * the people sharing their manager. Never the actor themselves.
 */
export function reviewableAssigneesWhere(actor: ScopeActor): Prisma.UserWhereInput | null {
  if (!can(actor.role, "tasks:review_team")) return null;
  const scopes: Prisma.UserWhereInput[] = [{ managerId: actor.id }];
  const peers = teamLeadPeers(actor);
  if (peers) scopes.push(peers);
  return { id: { not: actor.id }, OR: scopes };
}

/**
 * Time logs the actor may correct: anyone's for HR Operations and admins, their direct
 * reports' for a manager; null when none. The actor's own logs are refused separately
 * so the message can say why.
 */
export function editableTimeLogsWhere(actor: { id: string; role: Role }): Prisma.TimeLogWhereInput | null {
  if (can(actor.role, "timelogs:edit_any")) return {};
  if (can(actor.role, "timelogs:edit_team")) return { user: { managerId: actor.id } };
  return null;
}
