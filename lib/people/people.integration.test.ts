import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { auditFor, createUser, onlyAuditEntryFor, REQUEST } from "@/test/factories";
import { getPerson, listPeople, PROFILE_FIELDS } from "./queries";
import * as people from "./service";

const PASSWORD = "correct horse battery staple";

async function department(name = "Engineering") {
  return db.department.upsert({ where: { name }, create: { name }, update: {} });
}

async function newPersonInput(overrides: Partial<Parameters<typeof people.createUser>[0]> = {}) {
  const dept = await department("Operations");
  return {
    name: "Sara Khan",
    email: `sara-${randomBytes(3).toString("hex")}@acme.test`,
    role: "employee" as const,
    title: "Analyst",
    departmentId: dept.id,
    managerId: null,
    weeklyCapacityHours: 40,
    password: PASSWORD,
    ...overrides,
  };
}

function storedText(entry: object) {
  return JSON.stringify(entry, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

async function openAuditSession(user: { id: string; name: string; email: string }, loginTime = new Date(Date.now() - 3_600_000)) {
  return db.auditSession.create({
    data: { sessionId: randomBytes(12).toString("hex"), userId: user.id, userName: user.name, userEmail: user.email, loginStatus: "success", loginTime },
  });
}

describe("createUser", () => {
  it("creates an account with a hashed password and records it without the password or hash", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const manager = await createUser({ role: "manager", name: "Maya Manager" });
    const input = await newPersonInput({ email: "  Sara.Khan@ACME.test ", managerId: manager.user.id, role: "team_lead", weeklyCapacityHours: 32 });
    const created = await people.createUser({ ...admin.ctx, ...input });
    expect(created).toMatchObject({ name: "Sara Khan", email: "sara.khan@acme.test", role: "team_lead", title: "Analyst", managerId: manager.user.id, weeklyCapacityHours: 32, status: "active" });
    expect(created).not.toHaveProperty("passwordHash");

    const row = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);

    const entry = await onlyAuditEntryFor(created.id);
    expect(entry).toMatchObject({
      actionType: "user.created",
      eventType: "create",
      eventCategory: "user_management",
      userId: admin.user.id,
      userName: "Ada Admin",
      subjectUserId: created.id,
      objectType: "user",
      objectName: "Sara Khan",
      riskLevel: "medium",
      isComplianceRelated: true,
      ipAddress: REQUEST.ip,
    });
    expect(entry.actionDescription).toBe("Ada Admin created the account of Sara Khan (Team Lead, Operations, reporting to Maya Manager)");
    expect(entry.actionDescription).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(entry.newValues).toEqual({
      name: "Sara Khan",
      email: "sara.khan@acme.test",
      role: "team_lead",
      title: "Analyst",
      department: "Operations",
      departmentId: input.departmentId,
      manager: "Maya Manager",
      managerId: manager.user.id,
      weeklyCapacityHours: 32,
      status: "active",
    });
    const text = storedText(entry!);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(row.passwordHash);
    expect(text).not.toContain("argon2");
  });

  it("refuses a non-admin and writes nothing", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const input = await newPersonInput();
    await expect(people.createUser({ ...hr.ctx, ...input })).rejects.toThrow("Only an admin can manage people.");
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
    expect(await db.auditLog.count({ where: { userId: hr.user.id } })).toBe(0);
  });

  it("refuses an email that is taken, whatever its case", async () => {
    const admin = await createUser({ role: "admin" });
    const existing = await createUser();
    const input = await newPersonInput({ email: existing.user.email.toUpperCase() });
    await expect(people.createUser({ ...admin.ctx, ...input })).rejects.toThrow(`An account with the email ${existing.user.email} already exists.`);
    expect(await db.auditLog.count({ where: { userId: admin.user.id } })).toBe(0);
  });

  it("refuses a short password, a capacity out of range, a missing department and a suspended manager", async () => {
    const admin = await createUser({ role: "admin" });
    const suspended = await createUser({ role: "manager", status: "suspended" });
    const input = await newPersonInput();
    await expect(people.createUser({ ...admin.ctx, ...input, password: "short-pass1" })).rejects.toThrow("at least 12 characters");
    await expect(people.createUser({ ...admin.ctx, ...input, weeklyCapacityHours: 0 })).rejects.toThrow("from 1 to 80");
    await expect(people.createUser({ ...admin.ctx, ...input, weeklyCapacityHours: 81 })).rejects.toThrow("from 1 to 80");
    await expect(people.createUser({ ...admin.ctx, ...input, role: "overlord" as never })).rejects.toThrow("Choose a role.");
    await expect(people.createUser({ ...admin.ctx, ...input, departmentId: "0190d2b4-0000-7000-8000-000000000000" })).rejects.toThrow("That department does not exist.");
    await expect(people.createUser({ ...admin.ctx, ...input, managerId: suspended.user.id })).rejects.toThrow("The manager must be an active person.");
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
    expect(await db.auditLog.count({ where: { userId: admin.user.id } })).toBe(0);
  });
});

describe("suspend and activate", () => {
  it("suspends a person, ends only their open sessions, and records the change", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const target = await createUser({ name: "Omar Employee" });
    const other = await createUser();
    const open1 = await openAuditSession(target.user, new Date(Date.now() - 2 * 3_600_000));
    const open2 = await openAuditSession(target.user);
    const closedAt = new Date(Date.now() - 5 * 3_600_000);
    const closed = await db.auditSession.create({
      data: { sessionId: randomBytes(12).toString("hex"), userId: target.user.id, userName: "Omar Employee", userEmail: target.user.email, loginStatus: "success", loginTime: new Date(closedAt.getTime() - 60_000), logoutTime: closedAt, sessionDurationSeconds: 60, terminationReason: "user_signed_out" },
    });
    const otherSession = await openAuditSession(other.user);

    const result = await people.suspendUser({ ...admin.ctx, userId: target.user.id });
    expect(result).toMatchObject({ sessionsEnded: 2, user: { status: "suspended" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).status).toBe("suspended");

    for (const s of [open1, open2]) {
      const row = await db.auditSession.findUniqueOrThrow({ where: { id: s.id } });
      expect(row).toMatchObject({ terminationReason: "suspended", terminatedBy: admin.user.id });
      expect(row.logoutTime).not.toBeNull();
      expect(row.sessionDurationSeconds).toBe(Math.round((row.logoutTime!.getTime() - s.loginTime.getTime()) / 1000));
    }
    expect(await db.auditSession.findUniqueOrThrow({ where: { id: closed.id } })).toMatchObject({ logoutTime: closedAt, terminationReason: "user_signed_out", terminatedBy: null });
    expect(await db.auditSession.findUniqueOrThrow({ where: { id: otherSession.id } })).toMatchObject({ logoutTime: null });

    const [entry] = await auditFor(target.user.id);
    expect(entry).toMatchObject({ actionType: "user.suspended", riskLevel: "high", userId: admin.user.id, subjectUserId: target.user.id, actionDescription: "Ada Admin suspended Omar Employee and ended 2 open sessions" });
    expect(entry!.oldValues).toEqual({ status: "active" });
    expect(entry!.newValues).toEqual({ status: "suspended" });
    expect(entry!.additionalData).toEqual({ sessionsEnded: 2 });
  });

  it("refuses suspending yourself, a non-admin, and suspending twice", async () => {
    const admin = await createUser({ role: "admin" });
    const hr = await createUser({ role: "hr_operations" });
    const target = await createUser();
    await expect(people.suspendUser({ ...admin.ctx, userId: admin.user.id })).rejects.toThrow("You cannot suspend your own account.");
    await expect(people.suspendUser({ ...hr.ctx, userId: target.user.id })).rejects.toThrow("Only an admin can manage people.");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.user.id } })).status).toBe("active");
    expect(await auditFor(target.user.id)).toHaveLength(0);
    await people.suspendUser({ ...admin.ctx, userId: target.user.id });
    await expect(people.suspendUser({ ...admin.ctx, userId: target.user.id })).rejects.toThrow(`${target.user.name} is already suspended.`);
    expect(await auditFor(target.user.id)).toHaveLength(1);
  });

  it("activates a suspended person and records it; refuses an active one and a non-admin", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const auditor = await createUser({ role: "auditor" });
    const target = await createUser({ status: "suspended", name: "Sam Suspended" });
    await expect(people.activateUser({ ...auditor.ctx, userId: target.user.id })).rejects.toThrow("Only an admin can manage people.");
    const user = await people.activateUser({ ...admin.ctx, userId: target.user.id });
    expect(user.status).toBe("active");
    const [entry] = await auditFor(target.user.id);
    expect(entry).toMatchObject({ actionType: "user.activated", riskLevel: "medium", subjectUserId: target.user.id, actionDescription: "Ada Admin activated Sam Suspended" });
    expect(entry!.oldValues).toEqual({ status: "suspended" });
    expect(entry!.newValues).toEqual({ status: "active" });
    await expect(people.activateUser({ ...admin.ctx, userId: target.user.id })).rejects.toThrow("Sam Suspended is already active.");
  });
});

describe("changeRole", () => {
  it("changes someone's role and records old and new values", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const target = await createUser({ name: "Eli Employee" });
    const user = await people.changeRole({ ...admin.ctx, userId: target.user.id, role: "manager" });
    expect(user.role).toBe("manager");
    const [entry] = await auditFor(target.user.id);
    expect(entry).toMatchObject({ actionType: "user.role_changed", riskLevel: "high", subjectUserId: target.user.id, actionDescription: "Ada Admin changed Eli Employee's role from Employee to Manager" });
    expect(entry!.oldValues).toEqual({ role: "employee" });
    expect(entry!.newValues).toEqual({ role: "manager" });
  });

  it("refuses changing your own role, a non-admin, and an unchanged role", async () => {
    const admin = await createUser({ role: "admin" });
    const manager = await createUser({ role: "manager" });
    const target = await createUser({ managerId: manager.user.id });
    await expect(people.changeRole({ ...admin.ctx, userId: admin.user.id, role: "employee" })).rejects.toThrow("You cannot change your own role");
    await expect(people.changeRole({ ...manager.ctx, userId: target.user.id, role: "intern" })).rejects.toThrow("Only an admin can manage people.");
    await expect(people.changeRole({ ...admin.ctx, userId: target.user.id, role: "employee" })).rejects.toThrow("is already Employee.");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("admin");
    expect(await auditFor(target.user.id)).toHaveLength(0);
    expect(await auditFor(admin.user.id)).toHaveLength(0);
  });
});

describe("changeManager", () => {
  it("changes and clears a manager, recording old and new names", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const first = await createUser({ role: "manager", name: "Fatima First" });
    const second = await createUser({ role: "manager", name: "Sana Second" });
    const target = await createUser({ managerId: first.user.id, name: "Tariq Target" });
    await people.changeManager({ ...admin.ctx, userId: target.user.id, managerId: second.user.id });
    await people.changeManager({ ...admin.ctx, userId: target.user.id, managerId: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).managerId).toBeNull();
    const [moved, cleared] = await auditFor(target.user.id);
    expect(moved).toMatchObject({ actionType: "user.manager_changed", riskLevel: "medium", subjectUserId: target.user.id, actionDescription: "Ada Admin changed Tariq Target's manager from Fatima First to Sana Second" });
    expect(moved!.oldValues).toEqual({ managerId: first.user.id, manager: "Fatima First" });
    expect(moved!.newValues).toEqual({ managerId: second.user.id, manager: "Sana Second" });
    expect(cleared!.actionDescription).toBe("Ada Admin changed Tariq Target's manager from Sana Second to no manager");
    expect(cleared!.oldValues).toEqual({ managerId: second.user.id, manager: "Sana Second" });
    expect(cleared!.newValues).toEqual({ managerId: null, manager: null });
  });

  it("refuses a loop in the reporting chain, directly or through others", async () => {
    const admin = await createUser({ role: "admin" });
    const top = await createUser({ role: "manager", name: "Top" });
    const middle = await createUser({ role: "manager", managerId: top.user.id, name: "Middle" });
    const bottom = await createUser({ managerId: middle.user.id, name: "Bottom" });
    await expect(people.changeManager({ ...admin.ctx, userId: top.user.id, managerId: middle.user.id })).rejects.toThrow("Middle reports to Top (directly or through others)");
    await expect(people.changeManager({ ...admin.ctx, userId: top.user.id, managerId: bottom.user.id })).rejects.toThrow("Bottom reports to Top (directly or through others)");
    await expect(people.changeManager({ ...admin.ctx, userId: top.user.id, managerId: top.user.id })).rejects.toThrow("A person cannot be their own manager.");
    expect((await db.user.findUniqueOrThrow({ where: { id: top.user.id } })).managerId).toBeNull();
    expect(await auditFor(top.user.id)).toHaveLength(0);
  });

  it("refuses changing your own manager, a suspended manager, a non-admin and an unchanged manager", async () => {
    const admin = await createUser({ role: "admin" });
    const manager = await createUser({ role: "manager", name: "Mo Manager" });
    const gone = await createUser({ role: "manager", status: "suspended", name: "Gus Gone" });
    const target = await createUser({ managerId: manager.user.id, name: "Tara" });
    await expect(people.changeManager({ ...admin.ctx, userId: admin.user.id, managerId: manager.user.id })).rejects.toThrow("You cannot change your own manager");
    await expect(people.changeManager({ ...admin.ctx, userId: target.user.id, managerId: gone.user.id })).rejects.toThrow("Gus Gone is suspended and cannot be a manager.");
    await expect(people.changeManager({ ...manager.ctx, userId: target.user.id, managerId: null })).rejects.toThrow("Only an admin can manage people.");
    await expect(people.changeManager({ ...admin.ctx, userId: target.user.id, managerId: manager.user.id })).rejects.toThrow("Tara already reports to Mo Manager.");
    expect(await auditFor(target.user.id)).toHaveLength(0);
  });
});

describe("capacity", () => {
  it("sets one person's weekly capacity and records old and new values", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const target = await createUser({ name: "Cara", weeklyCapacityHours: 40 });
    await people.setCapacity({ ...admin.ctx, userId: target.user.id, hours: 30 });
    const [entry] = await auditFor(target.user.id);
    expect(entry).toMatchObject({ actionType: "user.capacity_changed", subjectUserId: target.user.id, actionDescription: "Ada Admin changed Cara's weekly capacity from 40 h to 30 h" });
    expect(entry!.oldValues).toEqual({ weeklyCapacityHours: 40 });
    expect(entry!.newValues).toEqual({ weeklyCapacityHours: 30 });
  });

  it("refuses a capacity outside 1..80, a fraction, and a non-admin", async () => {
    const admin = await createUser({ role: "admin" });
    const lead = await createUser({ role: "team_lead" });
    const target = await createUser();
    for (const hours of [0, 81, 12.5]) {
      await expect(people.setCapacity({ ...admin.ctx, userId: target.user.id, hours })).rejects.toThrow("from 1 to 80");
    }
    await expect(people.setCapacity({ ...lead.ctx, userId: target.user.id, hours: 20 })).rejects.toThrow("Only an admin can manage people.");
    expect((await db.user.findUniqueOrThrow({ where: { id: target.user.id } })).weeklyCapacityHours).toBe(40);
    expect(await auditFor(target.user.id)).toHaveLength(0);
  });

  it("sets many people's capacity with one audit entry per person changed", async () => {
    const admin = await createUser({ role: "admin" });
    const a = await createUser({ weeklyCapacityHours: 40, name: "Anna" });
    const b = await createUser({ weeklyCapacityHours: 20, name: "Bilal" });
    const c = await createUser({ weeklyCapacityHours: 35, name: "Chen" });
    const result = await people.bulkSetCapacity({ ...admin.ctx, userIds: [a.user.id, b.user.id, c.user.id, a.user.id], hours: 35 });
    expect(result).toEqual({ updated: 2, unchanged: 1 });
    const rows = await db.user.findMany({ where: { id: { in: [a.user.id, b.user.id, c.user.id] } } });
    expect(rows.map((r) => r.weeklyCapacityHours)).toEqual([35, 35, 35]);
    for (const [person, before] of [[a, 40], [b, 20]] as const) {
      const entries = await auditFor(person.user.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actionType: "user.capacity_changed", subjectUserId: person.user.id, objectName: person.user.name });
      expect(entries[0]!.oldValues).toEqual({ weeklyCapacityHours: before });
      expect(entries[0]!.newValues).toEqual({ weeklyCapacityHours: 35 });
      expect(entries[0]!.additionalData).toEqual({ bulk: true, batchSize: 2 });
    }
    expect(await auditFor(c.user.id)).toHaveLength(0);
    expect(await db.auditLog.count({ where: { userId: admin.user.id } })).toBe(2);
  });

  it("refuses a bulk change with an unknown person, nothing to change, or a bad capacity, changing nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const hr = await createUser({ role: "hr_operations" });
    const a = await createUser({ weeklyCapacityHours: 40 });
    const unknown = "0190d2b4-0000-7000-8000-000000000001";
    await expect(people.bulkSetCapacity({ ...admin.ctx, userIds: [a.user.id, unknown], hours: 20 })).rejects.toThrow("1 of the selected people was not found. Nothing was changed.");
    await expect(people.bulkSetCapacity({ ...admin.ctx, userIds: [a.user.id], hours: 40 })).rejects.toThrow("already has a weekly capacity of 40 h");
    await expect(people.bulkSetCapacity({ ...admin.ctx, userIds: [a.user.id], hours: 90 })).rejects.toThrow("from 1 to 80");
    await expect(people.bulkSetCapacity({ ...admin.ctx, userIds: [], hours: 20 })).rejects.toThrow("Select at least one person.");
    await expect(people.bulkSetCapacity({ ...hr.ctx, userIds: [a.user.id], hours: 20 })).rejects.toThrow("Only an admin can manage people.");
    expect((await db.user.findUniqueOrThrow({ where: { id: a.user.id } })).weeklyCapacityHours).toBe(40);
    expect(await auditFor(a.user.id)).toHaveLength(0);
  });
});

describe("people queries", () => {
  it("shows a person with manager and reports, and logs the view as personal data access", async () => {
    const hr = await createUser({ role: "hr_operations", name: "Hina HR" });
    const boss = await createUser({ role: "manager", name: "Bushra Boss" });
    const person = await createUser({ role: "team_lead", managerId: boss.user.id, name: "Pervez Person", department: "Sales" });
    await createUser({ managerId: person.user.id, name: "Rehan Report" });
    const profile = await getPerson({ viewer: hr.actor, request: REQUEST, userId: person.user.id });
    expect(profile).toMatchObject({ name: "Pervez Person", roleLabel: "Team Lead", departmentName: "Sales", manager: { name: "Bushra Boss" } });
    expect(profile!.reports.map((r) => [r.name, r.roleLabel])).toEqual([["Rehan Report", "Employee"]]);
    expect(profile).not.toHaveProperty("passwordHash");

    const logs = await db.dataAccessLog.findMany({ where: { userId: hr.user.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      accessType: "view",
      dataCategory: "personal_info",
      dataType: "user_profile",
      recordCount: 1,
      isPiiData: true,
      accessMethod: "ui",
      accessStatus: "granted",
      userName: "Hina HR",
      userRole: "hr_operations",
      ipAddress: REQUEST.ip,
      sessionId: sessionRef(REQUEST.sessionId),
    });
    expect(logs[0]!.dataFields).toEqual([...PROFILE_FIELDS]);
    expect(logs[0]!.searchCriteria).toMatchObject({ subjectName: "Pervez Person" });
  });

  it("does not log someone viewing their own profile, and refuses people without people:view", async () => {
    const admin = await createUser({ role: "admin" });
    const employee = await createUser();
    expect(await getPerson({ viewer: admin.actor, request: REQUEST, userId: admin.user.id })).not.toBeNull();
    expect(await db.dataAccessLog.count({ where: { userId: admin.user.id } })).toBe(0);
    await expect(getPerson({ viewer: employee.actor, request: REQUEST, userId: admin.user.id })).rejects.toThrow("You are not allowed to view people.");
    expect(await getPerson({ viewer: admin.actor, request: REQUEST, userId: "not-a-uuid" })).toBeNull();
    expect(await db.dataAccessLog.count({ where: { userId: { in: [admin.user.id, employee.user.id] } } })).toBe(0);
  });

  it("lists people with search, filters and keyset pages of labels", async () => {
    const auditor = await createUser({ role: "auditor" });
    const dept = await department("Legal");
    const boss = await createUser({ role: "manager", name: "Lena Legal", department: "Legal" });
    for (const name of ["Zara", "Yusuf", "Xavier", "Waqar"]) await createUser({ name: `${name} Lawyer`, department: "Legal", managerId: boss.user.id });
    await createUser({ name: "Zed Elsewhere", department: "Marketing" });

    const first = await listPeople({ viewer: auditor.actor, filter: { department: dept.id }, pageSize: 2 });
    expect(first.rows.map((r) => r.name)).toEqual(["Lena Legal", "Waqar Lawyer"]);
    expect(first.rows[1]).toMatchObject({ departmentName: "Legal", roleLabel: "Employee", managerName: "Lena Legal", status: "active" });
    const second = await listPeople({ viewer: auditor.actor, filter: { department: dept.id, cursor: first.nextCursor! }, pageSize: 2 });
    expect(second.rows.map((r) => r.name)).toEqual(["Xavier Lawyer", "Yusuf Lawyer"]);
    const third = await listPeople({ viewer: auditor.actor, filter: { department: dept.id, cursor: second.nextCursor! }, pageSize: 2 });
    expect(third.rows.map((r) => r.name)).toEqual(["Zara Lawyer"]);
    expect(third.nextCursor).toBeNull();

    const search = await listPeople({ viewer: auditor.actor, filter: { q: "lawYER" } });
    expect(search.rows.map((r) => r.name)).toEqual(["Waqar Lawyer", "Xavier Lawyer", "Yusuf Lawyer", "Zara Lawyer"]);
    const byEmail = await listPeople({ viewer: auditor.actor, filter: { q: boss.user.email.toUpperCase() } });
    expect(byEmail.rows.map((r) => r.name)).toEqual(["Lena Legal"]);
    const managers = await listPeople({ viewer: auditor.actor, filter: { department: dept.id, role: "manager" } });
    expect(managers.rows.map((r) => r.roleLabel)).toEqual(["Manager"]);
    // A garbled link is refused (the page shows the first page with a notice: readListPage).
    await expect(listPeople({ viewer: auditor.actor, filter: { department: dept.id, cursor: "nonsense" }, pageSize: 2 })).rejects.toBeInstanceOf(InvalidCursorError);

    const employee = await createUser();
    await expect(listPeople({ viewer: employee.actor, filter: {} })).rejects.toThrow("You are not allowed to view people.");
  });
});
