import type { z } from "zod";
import { actorFromUser } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { hashPassword } from "@/lib/auth/password";
import { can, ROLE_LABELS, type Role } from "@/lib/access/permissions";
import type { Tx } from "@/lib/db";
import { isPrismaError, ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import {
  bulkSetCapacitySchema,
  changeManagerSchema,
  changeRoleSchema,
  createPersonSchema,
  personSchema,
  setCapacitySchema,
} from "./schemas";

/** What services hand back about a person: never the password hash. */
const PUBLIC_FIELDS = {
  id: true,
  name: true,
  email: true,
  role: true,
  status: true,
  title: true,
  managerId: true,
  departmentId: true,
  weeklyCapacityHours: true,
} as const;

// The same schemas the forms use; services re-check so every caller gets the same rules.
function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ServiceError(result.error.issues[0]?.message ?? "Check the form and try again.");
  return result.data;
}

function requireManage(actor: ServiceContext["actor"]) {
  if (!can(actor.role, "people:manage")) throw new ServiceError("Only an admin can manage people.", "forbidden");
}

/**
 * Locks the people's rows for the rest of the transaction, so the "before" values the
 * audit entry records are the ones this change replaced.
 */
async function lockPeople(tx: Tx, ids: string[]) {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  return tx.user.findMany({ where: { id: { in: ids } }, select: { ...PUBLIC_FIELDS, manager: { select: { name: true } } } });
}

async function lockPerson(tx: Tx, id: string) {
  const [person] = await lockPeople(tx, [id]);
  if (!person) throw new ServiceError("That person was not found.", "not_found");
  return person;
}

type PersonLike = { id: string; name: string };

/** The fields every people entry shares: who acted, on whom, from where. */
function entryFor({ actor, request }: ServiceContext, person: PersonLike): Pick<AuditEntryInput, "category" | "actor" | "context" | "object" | "subjectUserId"> {
  return {
    category: "user_management",
    actor: actorFromUser(actor),
    context: request,
    object: { type: "user", id: person.id, name: person.name },
    subjectUserId: person.id,
  };
}

type CreateUserOptions = ServiceContext & {
  name: string;
  email: string;
  role: Role;
  title?: string | null;
  departmentId: string;
  managerId?: string | null;
  weeklyCapacityHours: number;
  password: string;
};

/** Creates an account with an initial password; the password never reaches the audit log. */
export async function createUser({ actor, request, ...fields }: CreateUserOptions) {
  requireManage(actor);
  const input = parseInput(createPersonSchema, fields);
  const passwordHash = await hashPassword(input.password);
  try {
    return await auditedTransaction(async (tx, audit) => {
      const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (taken) throw new ServiceError(`An account with the email ${input.email} already exists.`, "conflict");
      const department = await tx.department.findUnique({ where: { id: input.departmentId } });
      if (!department) throw new ServiceError("That department does not exist.", "not_found");
      const manager = input.managerId
        ? await tx.user.findFirst({ where: { id: input.managerId, status: "active" }, select: { id: true, name: true } })
        : null;
      if (input.managerId && !manager) throw new ServiceError("The manager must be an active person.", "invalid");
      const user = await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          passwordHash,
          role: input.role,
          title: input.title,
          departmentId: department.id,
          managerId: manager?.id ?? null,
          weeklyCapacityHours: input.weeklyCapacityHours,
        },
        select: PUBLIC_FIELDS,
      });
      audit.record({
        ...entryFor({ actor, request }, user),
        eventType: "create",
        actionType: "user.created",
        description: `${actor.name} created the account of ${user.name} (${ROLE_LABELS[user.role]}, ${department.name}${manager ? `, reporting to ${manager.name}` : ""})`,
        after: {
          name: user.name,
          email: user.email,
          role: user.role,
          title: user.title,
          department: department.name,
          departmentId: department.id,
          manager: manager?.name ?? null,
          managerId: manager?.id ?? null,
          weeklyCapacityHours: user.weeklyCapacityHours,
          status: user.status,
        },
      });
      return user;
    });
  } catch (error) {
    // Two admins creating the same email at once: the unique index decides.
    if (isPrismaError(error, "P2002")) throw new ServiceError(`An account with the email ${input.email} already exists.`, "conflict");
    throw error;
  }
}

type PersonOptions = ServiceContext & { userId: string };

/** Suspends an account and ends its open sessions, so the person is signed out on their next request. */
export async function suspendUser({ actor, request, userId }: PersonOptions) {
  requireManage(actor);
  const { userId: id } = parseInput(personSchema, { userId });
  if (id === actor.id) throw new ServiceError("You cannot suspend your own account.", "forbidden");
  return auditedTransaction(async (tx, audit) => {
    const person = await lockPerson(tx, id);
    if (person.status === "suspended") throw new ServiceError(`${person.name} is already suspended.`, "conflict");
    const user = await tx.user.update({ where: { id }, data: { status: "suspended" }, select: PUBLIC_FIELDS });
    // One statement for every open session; the audit_sessions trigger allows closing each once.
    const now = new Date();
    const sessionsEnded = await tx.$executeRaw`
      UPDATE audit_sessions
         SET logout_time = ${now},
             session_duration_seconds = GREATEST(0, ROUND(EXTRACT(EPOCH FROM (${now}::timestamptz - login_time))))::int,
             termination_reason = 'suspended',
             terminated_by = ${actor.id}::uuid
       WHERE user_id = ${id}::uuid AND logout_time IS NULL`;
    audit.record({
      ...entryFor({ actor, request }, person),
      eventType: "update",
      actionType: "user.suspended",
      description: `${actor.name} suspended ${person.name}${sessionsEnded > 0 ? ` and ended ${sessionsEnded} open session${sessionsEnded === 1 ? "" : "s"}` : ""}`,
      before: { status: person.status },
      after: { status: user.status },
      additionalData: { sessionsEnded },
    });
    return { user, sessionsEnded };
  });
}

/** Lets a suspended person sign in again. */
export async function activateUser({ actor, request, userId }: PersonOptions) {
  requireManage(actor);
  const { userId: id } = parseInput(personSchema, { userId });
  return auditedTransaction(async (tx, audit) => {
    const person = await lockPerson(tx, id);
    if (person.status === "active") throw new ServiceError(`${person.name} is already active.`, "conflict");
    const user = await tx.user.update({ where: { id }, data: { status: "active" }, select: PUBLIC_FIELDS });
    audit.record({
      ...entryFor({ actor, request }, person),
      eventType: "update",
      actionType: "user.activated",
      description: `${actor.name} activated ${person.name}`,
      before: { status: person.status },
      after: { status: user.status },
    });
    return user;
  });
}

type ChangeRoleOptions = PersonOptions & { role: Role };

export async function changeRole({ actor, request, ...fields }: ChangeRoleOptions) {
  requireManage(actor);
  const input = parseInput(changeRoleSchema, fields);
  if (input.userId === actor.id) throw new ServiceError("You cannot change your own role; ask another admin.", "forbidden");
  return auditedTransaction(async (tx, audit) => {
    const person = await lockPerson(tx, input.userId);
    if (person.role === input.role) throw new ServiceError(`${person.name} is already ${ROLE_LABELS[input.role]}.`, "conflict");
    const user = await tx.user.update({ where: { id: person.id }, data: { role: input.role }, select: PUBLIC_FIELDS });
    audit.record({
      ...entryFor({ actor, request }, person),
      eventType: "update",
      actionType: "user.role_changed",
      description: `${actor.name} changed ${person.name}'s role from ${ROLE_LABELS[person.role]} to ${ROLE_LABELS[user.role]}`,
      before: { role: person.role },
      after: { role: user.role },
    });
    return user;
  });
}

type ChangeManagerOptions = PersonOptions & { managerId: string | null };

/** Sets (or clears) a person's manager; the reporting chain may never loop. */
export async function changeManager({ actor, request, ...fields }: ChangeManagerOptions) {
  requireManage(actor);
  const input = parseInput(changeManagerSchema, fields);
  if (input.userId === actor.id) throw new ServiceError("You cannot change your own manager; ask another admin.", "forbidden");
  if (input.managerId === input.userId) throw new ServiceError("A person cannot be their own manager.");
  return auditedTransaction(async (tx, audit) => {
    // Manager changes take turns: two concurrent changes could each pass the loop check
    // and together form a loop.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('people.manager_chain'))`;
    const person = await lockPerson(tx, input.userId);
    if (person.managerId === input.managerId) {
      throw new ServiceError(input.managerId ? `${person.name} already reports to ${person.manager?.name ?? "that person"}.` : `${person.name} already has no manager.`, "conflict");
    }
    const manager = input.managerId
      ? await tx.user.findUnique({ where: { id: input.managerId }, select: { id: true, name: true, status: true, managerId: true } })
      : null;
    if (input.managerId && !manager) throw new ServiceError("That manager was not found.", "not_found");
    if (manager && manager.status !== "active") throw new ServiceError(`${manager.name} is suspended and cannot be a manager.`);
    if (manager) {
      // Walk up from the new manager: meeting the person means they would manage themselves.
      const seen = new Set<string>([manager.id]);
      let next = manager.managerId;
      while (next && !seen.has(next)) {
        if (next === person.id) {
          throw new ServiceError(`${manager.name} reports to ${person.name} (directly or through others), so ${manager.name} cannot be ${person.name}'s manager.`, "conflict");
        }
        seen.add(next);
        const up = await tx.user.findUnique({ where: { id: next }, select: { managerId: true } });
        next = up?.managerId ?? null;
      }
    }
    const user = await tx.user.update({ where: { id: person.id }, data: { managerId: manager?.id ?? null }, select: PUBLIC_FIELDS });
    const from = person.manager?.name ?? "no manager";
    const to = manager?.name ?? "no manager";
    audit.record({
      ...entryFor({ actor, request }, person),
      eventType: "update",
      actionType: "user.manager_changed",
      description: `${actor.name} changed ${person.name}'s manager from ${from} to ${to}`,
      before: { managerId: person.managerId, manager: person.manager?.name ?? null },
      after: { managerId: user.managerId, manager: manager?.name ?? null },
    });
    return user;
  });
}

type SetCapacityOptions = PersonOptions & { hours: number };

export async function setCapacity({ actor, request, ...fields }: SetCapacityOptions) {
  requireManage(actor);
  const input = parseInput(setCapacitySchema, fields);
  return auditedTransaction(async (tx, audit) => {
    const person = await lockPerson(tx, input.userId);
    if (person.weeklyCapacityHours === input.hours) {
      throw new ServiceError(`${person.name}'s weekly capacity is already ${input.hours} h.`, "conflict");
    }
    const user = await tx.user.update({ where: { id: person.id }, data: { weeklyCapacityHours: input.hours }, select: PUBLIC_FIELDS });
    audit.record({
      ...entryFor({ actor, request }, person),
      eventType: "update",
      actionType: "user.capacity_changed",
      description: `${actor.name} changed ${person.name}'s weekly capacity from ${person.weeklyCapacityHours} h to ${user.weeklyCapacityHours} h`,
      before: { weeklyCapacityHours: person.weeklyCapacityHours },
      after: { weeklyCapacityHours: user.weeklyCapacityHours },
    });
    return user;
  });
}

type BulkSetCapacityOptions = ServiceContext & { userIds: string[]; hours: number };

/**
 * Sets many people's weekly capacity at once: one audit entry per person whose capacity
 * changes, so each person's trail shows it. People already at that capacity are skipped.
 */
export async function bulkSetCapacity({ actor, request, ...fields }: BulkSetCapacityOptions) {
  requireManage(actor);
  const input = parseInput(bulkSetCapacitySchema, fields);
  const ids = [...new Set(input.userIds)];
  return auditedTransaction(async (tx, audit) => {
    const people = await lockPeople(tx, ids);
    if (people.length !== ids.length) {
      const missing = ids.length - people.length;
      throw new ServiceError(`${missing} of the selected people ${missing === 1 ? "was" : "were"} not found. Nothing was changed.`, "not_found");
    }
    const changing = people.filter((p) => p.weeklyCapacityHours !== input.hours);
    if (changing.length === 0) throw new ServiceError(`Everyone selected already has a weekly capacity of ${input.hours} h.`, "conflict");
    await tx.user.updateMany({ where: { id: { in: changing.map((p) => p.id) } }, data: { weeklyCapacityHours: input.hours } });
    for (const person of changing) {
      audit.record({
        ...entryFor({ actor, request }, person),
        eventType: "update",
        actionType: "user.capacity_changed",
        description: `${actor.name} changed ${person.name}'s weekly capacity from ${person.weeklyCapacityHours} h to ${input.hours} h (bulk change of ${changing.length})`,
        before: { weeklyCapacityHours: person.weeklyCapacityHours },
        after: { weeklyCapacityHours: input.hours },
        additionalData: { bulk: true, batchSize: changing.length },
      });
    }
    return { updated: changing.length, unchanged: people.length - changing.length };
  });
}
