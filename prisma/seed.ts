// Deterministic demo organisation: ~210 people in eight departments, 90 days of
// attendance and timers, tasks, leave and project requests, arranged so that every
// alert condition occurs. Dates are relative to the moment the seed runs; every
// random choice comes from one fixed seed. Run with `npm run db:seed`.
import { actorFromUser, systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { PERMISSIONS, ROLE_LABELS, type Role } from "@/lib/access/permissions";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/uuidv7";
import { pktDayKey, startOfPktDay } from "@/lib/time";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo-accounts";
import { buildDemoHistory, importAuditHistory } from "./demo-history";
import { buildDemoSessions } from "./demo-sessions";
import { seedAnnouncements } from "./seed-announcements";
import { seedSavedSearches } from "./seed-saved-searches";
import { seededRng, type Rng } from "./rng";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;


const FIRST = [
  "Ali", "Ayesha", "Usman", "Fatima", "Hassan", "Zainab", "Omar", "Sana", "Imran", "Mariam", "Kamran", "Hira",
  "Saad", "Noor", "Tariq", "Amna", "Junaid", "Rabia", "Adeel", "Mehwish", "Waqas", "Sadia", "Farhan", "Iqra",
  "Nadia", "Yasir", "Komal", "Shahid", "Alina", "Raza", "Emma", "Liam", "Sofia", "Noah", "Priya", "Arjun",
  "Chen", "Mei", "Lucas", "Elena", "Samir", "Leila", "Daniel", "Grace", "Tomás", "Ines", "Kofi", "Amara",
] as const;
const LAST = [
  "Shah", "Hussain", "Raza", "Butt", "Chaudhry", "Javed", "Akhtar", "Mirza", "Sheikh", "Baig", "Nawaz", "Abbasi",
  "Farooq", "Saleem", "Anwar", "Rashid", "Zafar", "Haider", "Latif", "Aslam", "Karim", "Nasir", "Yousaf", "Gill",
  "Fernandes", "Okafor", "Novak", "Larsen", "Kim", "Patel", "Silva", "Moreau", "Costa", "Berg",
] as const;

const DEPARTMENTS = [
  "Engineering", "Sales", "Operations", "Finance", "People & Culture", "Customer Support", "Marketing", "Compliance",
] as const;

const TASK_TITLES = [
  "Prepare quarterly report", "Review vendor contract", "Update onboarding checklist", "Fix payroll export",
  "Draft policy update", "Migrate attendance records", "Customer escalation follow-up", "Plan team offsite",
  "Audit access permissions", "Refresh sales dashboard", "Write release notes", "Reconcile expense claims",
  "Interview candidates", "Update runbook", "Train new hires", "Clean up CRM duplicates", "Security awareness module",
  "Benchmark API latency", "Prepare board slides", "Review leave balances",
] as const;

const PROJECTS = [
  "Self-service payslips", "Office relocation", "CRM consolidation", "Data retention review", "Mobile check-in",
  "Vendor risk programme", "Hiring pipeline revamp", "Quarterly access review", "Customer health scoring",
  "Learning portal", "Expense automation", "Warehouse scheduling",
] as const;

/** The same PKT day (a weekday: Saturday and Sunday move to Friday), between 09:30 and 17:30. */
function duringWorkingHours(day: Date, r: Rng): Date {
  let start = startOfPktDay(pktDayKey(day)).getTime();
  const weekday = new Date(start + 12 * HOUR).getUTCDay();
  if (weekday === 6) start -= DAY;
  if (weekday === 0) start -= 2 * DAY;
  return new Date(start + (9.5 + r.next() * 8) * HOUR);
}

type SeedUser = {
  id?: string;
  name: string;
  email: string;
  role: Role;
  title: string;
  department: string;
  managerEmail: string | null;
  weeklyCapacityHours: number;
};

function buildPeople(r: Rng): SeedUser[] {
  const people: SeedUser[] = [];
  const used = new Set<string>(DEMO_ACCOUNTS.map((a) => a.email));
  const demo = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a])) as Record<Role, (typeof DEMO_ACCOUNTS)[number]>;
  const person = (role: Role, title: string, department: string, managerEmail: string | null): SeedUser => {
    let name = "";
    let email = "";
    do {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      name = `${first} ${last}`;
      email = `${first}.${last}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "") + "@acme.test";
      if (used.has(email)) email = email.replace("@", `${r.int(2, 99)}@`);
    } while (used.has(email));
    used.add(email);
    const capacity = role === "intern" ? 20 : role === "junior_employee" ? 35 : 40;
    return { name, email, role, title, department, managerEmail, weeklyCapacityHours: capacity };
  };
  const fixed = (role: Role, department: string, managerEmail: string | null): SeedUser => ({
    name: demo[role].name,
    email: demo[role].email,
    role,
    title: demo[role].title,
    department,
    managerEmail,
    weeklyCapacityHours: role === "intern" ? 20 : role === "junior_employee" ? 35 : 40,
  });

  people.push(fixed("admin", "People & Culture", null));
  people.push(fixed("hr_operations", "People & Culture", demo.admin.email));
  people.push(fixed("auditor", "Compliance", demo.admin.email));
  people.push(fixed("manager", "Engineering", demo.admin.email));
  people.push(fixed("team_lead", "Engineering", demo.manager.email));
  people.push(fixed("employee", "Engineering", demo.manager.email));
  // A team is a person's direct reports (lib/access/scope.ts): the demo team lead leads
  // the demo junior and intern; the demo manager manages the lead and the employee.
  people.push(fixed("junior_employee", "Engineering", demo.team_lead.email));
  people.push(fixed("intern", "Engineering", demo.team_lead.email));

  for (const department of DEPARTMENTS) {
    const managers = department === "Engineering" ? [demo.manager.email] : [];
    const extraManagers = department === "Engineering" || department === "Sales" || department === "Customer Support" ? 2 : 1;
    for (let i = 0; i < extraManagers; i++) {
      const m = person("manager", `${department} Manager`, department, demo.admin.email);
      people.push(m);
      managers.push(m.email);
    }
    for (const managerEmail of managers) {
      const lead = person("team_lead", `${department} Team Lead`, department, managerEmail);
      people.push(lead);
      const size = r.int(6, 9);
      for (let i = 0; i < size; i++) {
        const role: Role = r.chance(0.65) ? "employee" : r.chance(0.6) ? "junior_employee" : "intern";
        const title = role === "employee" ? `${department} Specialist` : role === "junior_employee" ? `Junior ${department} Associate` : `${department} Intern`;
        // Juniors and interns work in the team lead's team; specialists report to the manager.
        people.push(person(role, title, department, role === "employee" ? managerEmail : lead.email));
      }
    }
    if (department === "People & Culture") {
      for (let i = 0; i < 3; i++) people.push(person("hr_operations", "HR Operations Partner", department, demo.admin.email));
    }
    if (department === "Compliance") {
      for (let i = 0; i < 2; i++) people.push(person("auditor", "Compliance Auditor", department, demo.admin.email));
      people.push(person("admin", "Systems Administrator", department, demo.admin.email));
    }
  }
  // Top up to at least 200 people in the larger departments.
  let k = 0;
  while (people.length < 210) {
    const department = DEPARTMENTS[k % 3]!;
    const manager = people.find((p) => p.role === "manager" && p.department === department)!;
    people.push(person("employee", `${department} Specialist`, department, manager.email));
    k++;
  }
  return people;
}

export type SeedOptions = {
  /**
   * The owner's connection: with it the seed also records the ninety days of history
   * in the audit log (audit_import_history() is the owner's), before anything else is
   * written, so each chain stays in time order.
   */
  historyOwnerUrl?: string;
  log?: (line: string) => void;
};

export async function seed(options: SeedOptions = {}): Promise<{ users: number; historyEntries: number }> {
  const r = seededRng(20261123);
  const now = new Date();
  const system = systemActor("demo seed");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Every row's id is chosen here, so the history written first can name the rows
  // created after it.
  const people = buildPeople(r).map((p) => {
    const createdAt = new Date(now.getTime() - r.int(120, 900) * DAY);
    return { ...p, id: uuidv7(createdAt.getTime()), createdAt };
  });
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const users = people;
  const employees = users.filter((u) => u.role !== "admin" && u.role !== "auditor");
  const demo = (role: Role) => users.find((u) => u.email === DEMO_ACCOUNTS.find((a) => a.role === role)!.email)!;

  // 3. Ninety days of attendance and timers; today's state is shaped for the alert scans.
  const todayKey = pktDayKey(now);
  const todayStart = startOfPktDay(todayKey);
  const sessions: Array<{ userId: string; checkInAt: Date; checkOutAt: Date | null }> = [];
  const timeLogs: Array<{ userId: string; taskId: string | null; startedAt: Date; endedAt: Date | null; note: string | null }> = [];
  const missingCheckout = new Set<string>();
  const idleToday = new Set<string>();
  const isDemo = (u: { email: string }) => DEMO_ACCOUNTS.some((a) => a.email === u.email);
  const shuffled = employees.filter((u) => !isDemo(u)).sort(() => r.next() - 0.5);
  for (const u of shuffled.slice(0, 8)) missingCheckout.add(u.id);
  for (const u of shuffled.slice(8, 16)) idleToday.add(u.id);

  for (let d = 90; d >= 1; d--) {
    const dayStart = new Date(todayStart.getTime() - d * DAY);
    const weekday = new Date(dayStart.getTime() + 12 * HOUR).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const u of employees) {
      if (r.chance(0.06)) continue; // absent
      const checkIn = new Date(dayStart.getTime() + (8.5 + r.next() * 1.5) * HOUR);
      const worked = (7.5 + r.next() * 2) * HOUR;
      if (d === 1 && missingCheckout.has(u.id)) continue; // their open session is added below
      sessions.push({ userId: u.id, checkInAt: checkIn, checkOutAt: new Date(checkIn.getTime() + worked) });
      const blocks = r.int(1, 3);
      let cursor = checkIn.getTime() + 20 * 60_000;
      for (let b = 0; b < blocks; b++) {
        const len = (1 + r.next() * 2) * HOUR;
        timeLogs.push({ userId: u.id, taskId: null, startedAt: new Date(cursor), endedAt: new Date(cursor + len), note: null });
        cursor += len + 30 * 60_000;
      }
    }
  }
  // Today: most people are in; a few checked in hours ago and have logged nothing.
  for (const u of employees) {
    if (missingCheckout.has(u.id)) {
      // Checked in yesterday and never checked out.
      sessions.push({ userId: u.id, checkInAt: new Date(now.getTime() - (18 + r.next() * 8) * HOUR), checkOutAt: null });
      continue;
    }
    if (isDemo(u)) continue; // demo users check in themselves
    if (idleToday.has(u.id)) {
      sessions.push({ userId: u.id, checkInAt: new Date(now.getTime() - (4.5 + r.next()) * HOUR), checkOutAt: null });
    } else if (r.chance(0.55)) {
      const checkIn = new Date(now.getTime() - (0.5 + r.next() * 3) * HOUR);
      sessions.push({ userId: u.id, checkInAt: checkIn, checkOutAt: null });
      timeLogs.push({ userId: u.id, taskId: null, startedAt: new Date(checkIn.getTime() + 10 * 60_000), endedAt: new Date(Math.min(now.getTime() - 60_000, checkIn.getTime() + 40 * 60_000)), note: null });
    }
  }

  // 4. Tasks: mostly finished history, some overdue, a few people overloaded.
  const tasks: Array<{ title: string; assigneeId: string; createdById: string | null; dueDate: Date; status: "TODO" | "IN_PROGRESS" | "COMPLETED" | "REVIEWED"; estimateMinutes: number; startedAt: Date | null; completedAt: Date | null; reviewedAt: Date | null; reviewedById: string | null; createdAt: Date }> = [];
  const overloaded = new Set(shuffled.slice(16, 22).map((u) => u.id));
  for (const u of employees) {
    const count = r.int(4, 8);
    for (let i = 0; i < count; i++) {
      const created = duringWorkingHours(new Date(now.getTime() - r.int(5, 85) * DAY), r);
      const due = new Date(created.getTime() + r.int(3, 20) * DAY);
      const past = due < now;
      const roll = r.next();
      const status = past ? (roll < 0.12 ? "IN_PROGRESS" : roll < 0.18 ? "TODO" : roll < 0.6 ? "COMPLETED" : "REVIEWED") : roll < 0.5 ? "TODO" : roll < 0.8 ? "IN_PROGRESS" : "COMPLETED";
      const completedAt = status === "COMPLETED" || status === "REVIEWED" ? new Date(Math.min(now.getTime() - HOUR, due.getTime() - r.int(0, 2) * DAY)) : null;
      tasks.push({
        title: r.pick(TASK_TITLES), assigneeId: u.id, createdById: u.managerEmail ? byEmail.get(u.managerEmail)!.id : null,
        dueDate: due, status, estimateMinutes: r.pick([60, 90, 120, 240, 480]),
        startedAt: status === "TODO" ? null : new Date(created.getTime() + DAY),
        completedAt, reviewedAt: status === "REVIEWED" && completedAt ? new Date(completedAt.getTime() + DAY / 2) : null,
        reviewedById: status === "REVIEWED" && u.managerEmail ? byEmail.get(u.managerEmail)!.id : null, createdAt: created,
      });
    }
    if (overloaded.has(u.id)) {
      for (let i = 0; i < 6; i++) {
        tasks.push({
          title: `${r.pick(TASK_TITLES)} (urgent)`, assigneeId: u.id, createdById: u.managerEmail ? byEmail.get(u.managerEmail)!.id : null,
          dueDate: new Date(now.getTime() + r.int(1, 6) * DAY), status: "TODO", estimateMinutes: 600, startedAt: null,
          completedAt: null, reviewedAt: null, reviewedById: null, createdAt: new Date(now.getTime() - DAY),
        });
      }
    }
  }
  // The demo employee gets work to do today.
  const emp = demo("employee");
  for (const [title, days] of [["Prepare sprint demo", 2], ["Update API documentation", 4], ["Fix flaky login test", -3]] as const) {
    tasks.push({
      title, assigneeId: emp.id, createdById: demo("manager").id, dueDate: new Date(now.getTime() + days * DAY),
      status: days < 0 ? "IN_PROGRESS" : "TODO", estimateMinutes: 180, startedAt: days < 0 ? new Date(now.getTime() - 5 * DAY) : null,
      completedAt: null, reviewedAt: null, reviewedById: null, createdAt: new Date(now.getTime() - 7 * DAY),
    });
  }

  // 5. Leave and project requests: decided history plus stale pending ones.
  const leaveTypes = ["annual", "sick", "casual", "unpaid"] as const;
  const leaves: Array<{ requesterId: string; type: (typeof leaveTypes)[number]; startDate: Date; endDate: Date; reason: string; status: "pending" | "approved" | "rejected"; approverId: string | null; decisionReason: string | null; decidedAt: Date | null; createdAt: Date }> = [];
  for (const u of employees) {
    if (!u.managerEmail) continue;
    const n = r.int(0, 3);
    for (let i = 0; i < n; i++) {
      const startOffset = r.int(-80, 40);
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + startOffset));
      const end = new Date(start.getTime() + r.int(0, 3) * DAY);
      const created = duringWorkingHours(new Date(Math.min(now.getTime() - DAY, start.getTime() - r.int(3, 15) * DAY)), r);
      const stale = r.chance(0.15);
      const status = stale || startOffset > 10 ? "pending" : r.chance(0.85) ? "approved" : "rejected";
      // Leave is decided by the requester's manager; a team lead does not decide leave
      // (lib/access/permissions.ts), so their reports' leave went to HR Operations.
      const direct = byEmail.get(u.managerEmail)!;
      const manager = direct.role === "team_lead" ? demo("hr_operations") : direct;
      leaves.push({
        requesterId: u.id, type: r.pick(leaveTypes), startDate: start, endDate: end,
        reason: r.pick(["Family event", "Medical appointment", "Travel", "Personal matters", "Wedding", "Rest and recovery"]),
        status, approverId: status === "pending" ? null : manager.id,
        decisionReason: status === "approved" ? "Cover arranged" : status === "rejected" ? "Team at minimum staffing that week" : null,
        decidedAt: status === "pending" ? null : new Date(created.getTime() + r.int(1, 3) * DAY),
        createdAt: status === "pending" && stale ? new Date(now.getTime() - r.int(6, 14) * DAY) : created,
      });
    }
  }
  const projectRequests = PROJECTS.map((title, i) => {
    const requester = r.pick(employees);
    const status = i % 4 === 0 ? "pending" : i % 4 === 3 ? "rejected" : "approved";
    const created = duringWorkingHours(new Date(now.getTime() - (status === "pending" ? r.int(6, 20) : r.int(20, 80)) * DAY), r);
    return {
      requesterId: requester.id, title, description: `Proposal: ${title.toLowerCase()} for the ${requester.department} team.`,
      status: status as "pending" | "approved" | "rejected",
      approverId: status === "pending" ? null : demo("admin").id,
      decisionReason: status === "approved" ? "Fits this quarter's priorities" : status === "rejected" ? "Budget not available this quarter" : null,
      decidedAt: status === "pending" ? null : new Date(created.getTime() + 2 * DAY), createdAt: created,
    };
  });

  // Ids for every row, and each time log's task among its owner's tasks.
  const withIds = <T extends object>(rows: T[], at: (row: T) => Date) => rows.map((row) => ({ id: uuidv7(at(row).getTime()), ...row }));
  const sessionRows = withIds(sessions, (x) => x.checkInAt);
  const taskRows = withIds(tasks, (x) => x.createdAt);
  const taskIdsByUser = new Map<string, string[]>();
  for (const t of taskRows) taskIdsByUser.set(t.assigneeId, [...(taskIdsByUser.get(t.assigneeId) ?? []), t.id]);
  for (const log of timeLogs) {
    const options = taskIdsByUser.get(log.userId);
    if (options?.length) log.taskId = r.pick(options);
  }
  const timeLogRows = withIds(timeLogs, (x) => x.startedAt);
  const leaveRows = withIds(leaves, (x) => x.createdAt);
  const projectRows = withIds(projectRequests, (x) => x.createdAt);

  // 6. The history, first of all writes.
  let historyEntries = 0;
  let historyEvents: ReturnType<typeof buildDemoHistory> = [];
  if (options.historyOwnerUrl) {
    const started = Date.now();
    const managerId = (p: (typeof people)[number]) => (p.managerEmail ? byEmail.get(p.managerEmail)!.id : null);
    const history = buildDemoHistory({
      now, r, people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, role: p.role, department: p.department, managerId: managerId(p) })),
      sessions: sessionRows, timeLogs: timeLogRows, tasks: taskRows, leaves: leaveRows, projects: projectRows,
    });
    historyEntries = await importAuditHistory(options.historyOwnerUrl, history, r);
    historyEvents = history;
    options.log?.(`Recorded ${historyEntries.toLocaleString("en-US")} audit entries of demo history in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }

  // 1. Departments, then the first admin (bootstrap) and the permission map.
  const departments = await auditedTransaction(async (tx, audit) => {
    const rows = await Promise.all(DEPARTMENTS.map((name) => tx.department.create({ data: { name } })));
    for (const d of rows) {
      audit.record({
        eventType: "create", category: "user_management", actionType: "department.created",
        description: `Department ${d.name} created by the demo seed`, actor: system,
        object: { type: "department", id: d.id, name: d.name }, after: { name: d.name },
      });
    }
    return new Map(rows.map((d) => [d.name, d.id]));
  });

  const admin = people[0]!;
  await auditedTransaction(async (tx, audit) => {
    const created = await tx.user.create({
      data: {
        id: admin.id, name: admin.name, email: admin.email, role: "admin", title: admin.title, passwordHash,
        departmentId: departments.get(admin.department)!, weeklyCapacityHours: admin.weeklyCapacityHours,
      },
    });
    audit.record({
      eventType: "system", category: "security", actionType: "security.admin_bootstrap",
      description: `First administrator ${admin.name} bootstrapped`, actor: system,
      object: { type: "user", id: created.id, name: created.name }, subjectUserId: created.id,
      after: { name: created.name, email: created.email, role: created.role, status: created.status, passwordHash },
    });
    audit.record({
      eventType: "system", category: "security", actionType: "security.permissions_seeded",
      description: "Role permission map seeded", actor: system,
      object: { type: "permission_map", id: "roles", name: "Role permissions" },
      after: Object.fromEntries(Object.entries(PERMISSIONS).map(([role, perms]) => [role, [...perms]])),
    });
  });

  // 2. Everyone else, manager before report, one audit entry per account.
  const pending = people.slice(1);
  const createdEmails = new Set([admin.email]);
  while (pending.length > 0) {
    const ready = pending.filter((p) => !p.managerEmail || createdEmails.has(p.managerEmail));
    await auditedTransaction(async (tx, audit) => {
      for (const p of ready) {
        const created = await tx.user.create({
          data: {
            id: p.id, name: p.name, email: p.email, role: p.role, title: p.title, passwordHash,
            departmentId: departments.get(p.department)!,
            managerId: p.managerEmail ? byEmail.get(p.managerEmail)!.id : null,
            weeklyCapacityHours: p.weeklyCapacityHours,
            createdAt: p.createdAt,
          },
        });
        createdEmails.add(p.email);
        audit.record({
          eventType: "create", category: "user_management", actionType: "user.created",
          description: `Account created for ${p.name} (${ROLE_LABELS[p.role]})`, actor: system,
          object: { type: "user", id: created.id, name: p.name }, subjectUserId: created.id,
          after: { name: p.name, email: p.email, role: p.role, title: p.title, department: p.department, weeklyCapacityHours: p.weeklyCapacityHours, passwordHash },
        });
      }
    });
    for (const p of ready) pending.splice(pending.indexOf(p), 1);
  }

  // Bulk imports: one audit entry per table that lists every imported row.
  async function importRows<T>(label: string, objectType: string, rows: T[], insert: (tx: Parameters<Parameters<typeof auditedTransaction>[0]>[0], chunk: T[]) => Promise<string[]>) {
    await auditedTransaction(async (tx, audit) => {
      const ids: string[] = [];
      for (let i = 0; i < rows.length; i += 2000) ids.push(...(await insert(tx, rows.slice(i, i + 2000))));
      audit.record({
        eventType: "import", category: "data", actionType: `${objectType}.imported`,
        description: `Demo seed imported ${ids.length} ${label}`, actor: system,
        object: { type: objectType, name: label }, additionalData: { count: ids.length, ids },
      });
    });
  }
  const ids = (rows: Array<{ id: string }>) => rows.map((x) => x.id);
  await importRows("attendance sessions", "attendance_session", sessionRows, async (tx, chunk) => ids(await tx.attendanceSession.createManyAndReturn({ data: chunk, select: { id: true } })));
  await importRows("tasks", "task", taskRows, async (tx, chunk) => ids(await tx.task.createManyAndReturn({ data: chunk, select: { id: true } })));
  await importRows("time logs", "time_log", timeLogRows, async (tx, chunk) => ids(await tx.timeLog.createManyAndReturn({ data: chunk, select: { id: true } })));
  await importRows("leave requests", "leave_request", leaveRows, async (tx, chunk) => ids(await tx.leaveRequest.createManyAndReturn({ data: chunk, select: { id: true } })));
  await importRows("project requests", "project_request", projectRows, async (tx, chunk) => ids(await tx.projectRequest.createManyAndReturn({ data: chunk, select: { id: true } })));

  // Settings the alert scans will read.
  await auditedTransaction(async (tx, audit) => {
    const settings = {
      "alerts.missing_checkout_buffer_hours": 12,
      "alerts.idle_after_checkin_hours": 3,
      "alerts.approval_delay_days": 5,
      "alerts.workload_overload_percent": 100,
      // The e2e server groups alert emails at once (SEED_DIGEST_WINDOW_MINUTES=0), so its first scan round's digests are in the mailbox within seconds.
      ...(process.env.SEED_DIGEST_WINDOW_MINUTES ? { "alerts.digest_window_minutes": Number(process.env.SEED_DIGEST_WINDOW_MINUTES) } : {}),
    };
    for (const [key, value] of Object.entries(settings)) await tx.setting.create({ data: { key, value } });
    audit.record({
      eventType: "create", category: "system", actionType: "settings.seeded", description: "Default alert thresholds set",
      actor: actorFromUser({ ...demo("admin"), department: { name: demo("admin").department } }),
      object: { type: "settings", id: "alerts", name: "Alert thresholds" }, after: settings,
    });
  });

  const { seedAlerts, seedAnomalies } = await import("./seed-alerts");
  await seedAlerts(now);
  const anomalies = await seedAnomalies(now);
  options.log?.(`Recorded ${anomalies} anomaly alert${anomalies === 1 ? "" : "s"} from the demo history.`);
  await seedAnnouncements();
  await seedSavedSearches(now);
  // The sign-in sessions the history's entries belong to, for the sessions workspace.
  if (historyEvents.length > 0) {
    const sessions = buildDemoSessions(historyEvents, now);
    for (let i = 0; i < sessions.length; i += 2000) await db.auditSession.createMany({ data: sessions.slice(i, i + 2000) });
    options.log?.(`Recorded ${sessions.length.toLocaleString("en-US")} sign-in sessions from the demo history.`);
  }
  return { users: users.length, historyEntries };
}

const isMain = process.argv[1] && /seed\.(ts|js|mjs)$/.test(process.argv[1]);
if (isMain) {
  const existing = await db.user.count();
  if (existing > 0 && !process.argv.includes("--force")) {
    console.log(`Database already has ${existing} users; not seeding.`);
  } else {
    const started = Date.now();
    // The owner's connection (as `npm run demo` and the e2e server pass it) lets the seed
    // record the demo history; SEED_HISTORY=0 leaves it out.
    const historyOwnerUrl = process.env.SEED_HISTORY === "0" ? undefined : process.env.MIGRATION_DATABASE_URL;
    const result = await seed({ historyOwnerUrl, log: (line) => console.log(line) });
    console.log(`Seeded ${result.users} people in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  await db.$disconnect();
}
