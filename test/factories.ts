// Small builders for integration tests. Rows are created directly (they are the
// world the test starts from); what a test checks goes through the services.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Role } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { addDays } from "@/lib/leave/dates";
import { pktDayKey } from "@/lib/time";
import type { Actor, ServiceContext } from "@/lib/service-context";

/**
 * The PKT calendar day `days` from today ("2026-12-09"): tests date what must lie in the
 * future (an announcement window, upcoming leave) from today, never as a fixed year
 * that holds only until the calendar reaches it.
 */
export function pktDayFromToday(days: number): string {
  return addDays(pktDayKey(new Date()), days);
}

let testIpCounter = 0;
/**
 * A client address no other test in this process uses (TEST-NET-2 and -3 space), so
 * the per-address sign-in limit of one test never refuses another's attempts.
 */
export function uniqueTestIp(): string {
  testIpCounter++;
  return `198.${51 + ((testIpCounter >> 16) & 1)}.${(testIpCounter >> 8) & 255}.${testIpCounter & 255}`;
}

export const REQUEST = { ip: "203.0.113.7", userAgent: "vitest", sessionId: "test-session", method: "POST", path: "/test" };

let counter = 0;

export async function createUser(options: { role?: Role; managerId?: string | null; name?: string; department?: string; weeklyCapacityHours?: number; status?: "active" | "suspended" } = {}) {
  counter++;
  const departmentName = options.department ?? "Engineering";
  const department = await db.department.upsert({ where: { name: departmentName }, create: { name: departmentName }, update: {} });
  const user = await db.user.create({
    data: {
      name: options.name ?? `Person ${counter}`,
      email: `person-${counter}-${randomBytes(3).toString("hex")}@acme.test`,
      passwordHash: "not-used",
      role: options.role ?? "employee",
      status: options.status ?? "active",
      managerId: options.managerId ?? null,
      departmentId: department.id,
      weeklyCapacityHours: options.weeklyCapacityHours ?? 40,
    },
  });
  const actor: Actor = { id: user.id, name: user.name, email: user.email, role: user.role, departmentName };
  return { user, actor, ctx: { actor, request: REQUEST } satisfies ServiceContext };
}

/** The people of the audit search tests: a manager, her two reports, someone outside her team, and an auditor. */
export async function createAuditSearchPeople() {
  const manager = await createUser({ role: "manager", name: "Maryam Manager" });
  const employee = await createUser({ role: "employee", name: "Ayesha Khan", managerId: manager.user.id });
  const peer = await createUser({ role: "employee", name: "Bilal Peer", managerId: manager.user.id });
  const outsider = await createUser({ role: "employee", name: "Omar Outsider" });
  const auditor = await createUser({ role: "auditor", name: "Aud Itor" });
  return { manager, employee, peer, outsider, auditor };
}

/** The audit entries about one object, oldest first. */
export function auditFor(objectId: string) {
  return db.auditLog.findMany({ where: { objectId }, orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
}

/** The one audit entry about an object; the test fails if there is none or more than one. */
export async function onlyAuditEntryFor(objectId: string) {
  const entries = await auditFor(objectId);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}
