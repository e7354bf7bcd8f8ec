// The demo's ninety days as the audit log would have recorded them: sign-ins and
// failures, check-ins and check-outs, timers, task changes, leave and project
// decisions, people changes and a few patterns an auditor should find (a burst of
// failed sign-ins at night, an off-hours role change, a large export). The entries
// describe the rows the seed creates (same ids, times and values), use the same
// action names, wording and values as the live services, and are chained through
// audit_import_history() in time order on each chain, so verify treats them like
// any other entry.
import pg from "pg";
import { auditRecordText } from "@/lib/audit/write/writer";
import { AUDIT_CHAIN_COUNT } from "@/lib/audit/write/writer";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { uuidv7 } from "@/lib/uuidv7";
import { formatCalendarDate, formatDate, formatDateTime, formatDuration, formatTime } from "@/lib/time";
import type { Rng } from "./rng";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;


export type HistoryPerson = { id: string; name: string; email: string; role: string; department: string; managerId: string | null };
export type HistoryInput = {
  now: Date;
  r: Rng;
  people: HistoryPerson[];
  sessions: Array<{ id: string; userId: string; checkInAt: Date; checkOutAt: Date | null }>;
  timeLogs: Array<{ id: string; userId: string; taskId: string | null; startedAt: Date; endedAt: Date | null }>;
  tasks: Array<{ id: string; title: string; assigneeId: string; createdById: string | null; dueDate: Date; status: string; estimateMinutes: number; startedAt: Date | null; completedAt: Date | null; reviewedAt: Date | null; reviewedById: string | null; createdAt: Date }>;
  leaves: Array<{ id: string; requesterId: string; type: string; startDate: Date; endDate: Date; reason: string; status: string; approverId: string | null; decisionReason: string | null; decidedAt: Date | null; createdAt: Date }>;
  projects: Array<{ id: string; requesterId: string; title: string; description: string; status: string; approverId: string | null; decisionReason: string | null; decidedAt: Date | null; createdAt: Date }>;
};
export type HistoryEvent = { at: Date; entry: AuditEntryInput };

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
];
const ROLE_LABELS: Record<string, string> = {
  admin: "Admin", hr_operations: "HR Operations", auditor: "Auditor", manager: "Manager", team_lead: "Team Lead",
  employee: "Employee", junior_employee: "Junior Employee", intern: "Intern",
};
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const span = (start: Date, end: Date) => {
  const from = formatCalendarDate(start);
  const to = formatCalendarDate(end);
  return from === to ? `on ${from}` : `from ${from} to ${to}`;
};
const hex = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join("");

export function buildDemoHistory(input: HistoryInput): HistoryEvent[] {
  const { now, r, people } = input;
  const since = now.getTime() - 90 * DAY;
  const byId = new Map(people.map((p) => [p.id, p]));
  const events: HistoryEvent[] = [];
  const actor = (p: HistoryPerson) => ({ id: p.id, name: p.name, email: p.email, role: p.role, department: p.department });
  // Each person works from one office address and browser, sometimes from home.
  const device = new Map(people.map((p, i) => [p.id, { ip: `10.20.${Math.floor(i / 200)}.${(i % 200) + 10}`, ua: AGENTS[i % 3]! }]));
  const sessionOf = new Map<string, string>(); // person and day -> the sign-in session's id
  const context = (p: HistoryPerson, at: Date, path: string, method = "POST") => {
    const day = `${p.id}:${Math.floor(at.getTime() / DAY)}`;
    let sessionId = sessionOf.get(day);
    if (!sessionId) sessionOf.set(day, (sessionId = hex(r, 32)));
    const d = device.get(p.id)!;
    const home = (at.getTime() / DAY + p.name.length) % 7 < 1;
    return { sessionId, ip: home ? `39.42.${p.name.length}.${(p.email.length * 7) % 250}` : d.ip, userAgent: home ? AGENTS[3]! : d.ua, method, path };
  };
  const push = (at: Date, entry: AuditEntryInput) => {
    if (at.getTime() >= since && at.getTime() < now.getTime() - MINUTE) events.push({ at, entry });
  };
  const signIn = (p: HistoryPerson, at: Date) =>
    push(at, {
      eventType: "login", category: "security", actionType: "auth.login_succeeded", description: `${p.name} signed in`,
      actor: actor(p), context: context(p, at, "/api/auth/callback/credentials"), object: { type: "user", id: p.id, name: p.name }, subjectUserId: p.id,
    });
  const failed = (p: HistoryPerson, at: Date, failures: number, ctx = context(p, at, "/api/auth/callback/credentials")) =>
    push(at, {
      eventType: "login", category: "security", actionType: "auth.login_failed",
      description: `Failed sign-in for ${p.email}: wrong password (${failures} in a row)`,
      actor: actor(p), context: ctx, object: { type: "user", id: p.id, name: p.name }, subjectUserId: p.id,
      status: "failure", errorCode: "wrong_password", additionalData: { consecutiveFailures: failures },
    });

  // Attendance, sign-ins and sign-outs.
  for (const s of input.sessions) {
    const p = byId.get(s.userId)!;
    const firstFail = r.chance(0.03);
    const signedInAt = new Date(s.checkInAt.getTime() - r.int(2, 12) * MINUTE);
    if (firstFail) failed(p, new Date(signedInAt.getTime() - r.int(20, 90) * 1000), 1);
    signIn(p, signedInAt);
    const ctx = context(p, s.checkInAt, "/attendance");
    push(s.checkInAt, {
      eventType: "create", category: "time_attendance", actionType: "attendance_session.checked_in",
      description: `${p.name} checked in at ${formatTime(s.checkInAt)}`, actor: actor(p), context: ctx,
      object: { type: "attendance_session", id: s.id, name: `Attendance of ${p.name} on ${formatDate(s.checkInAt)}` }, subjectUserId: p.id,
      after: { checkInAt: s.checkInAt },
    });
    // An idle session ends after half an hour; many people sign in again after lunch.
    if (s.checkOutAt && r.chance(0.45)) signIn(p, new Date(s.checkInAt.getTime() + r.int(240, 330) * MINUTE));
    if (s.checkOutAt) {
      push(s.checkOutAt, {
        eventType: "update", category: "time_attendance", actionType: "attendance_session.checked_out",
        description: `${p.name} checked out at ${formatTime(s.checkOutAt)}`, actor: actor(p), context: context(p, s.checkOutAt, "/attendance"),
        object: { type: "attendance_session", id: s.id, name: `Attendance of ${p.name} on ${formatDate(s.checkInAt)}` }, subjectUserId: p.id,
        before: { checkOutAt: null }, after: { checkOutAt: s.checkOutAt },
      });
      const out = new Date(s.checkOutAt.getTime() + r.int(1, 6) * MINUTE);
      push(out, {
        eventType: "logout", category: "security", actionType: "auth.signed_out", description: `${p.name} signed out`,
        actor: actor(p), context: context(p, out, "/api/auth/signout"), object: { type: "user", id: p.id, name: p.name }, subjectUserId: p.id,
      });
    }
  }

  // Timers.
  const taskTitle = new Map(input.tasks.map((t) => [t.id, t.title]));
  for (const log of input.timeLogs) {
    const p = byId.get(log.userId)!;
    const title = (log.taskId && taskTitle.get(log.taskId)) || "untitled work";
    const object = { type: "time_log", id: log.id, name: (log.taskId && taskTitle.get(log.taskId)) || "Untitled work" };
    push(log.startedAt, {
      eventType: "create", category: "time_attendance", actionType: "time_log.started",
      description: `${p.name} started a timer on "${title}" at ${formatTime(log.startedAt)}`, actor: actor(p),
      context: context(p, log.startedAt, "/tasks"), object, subjectUserId: p.id, after: { startedAt: log.startedAt, task: title },
    });
    if (log.endedAt) {
      const minutes = Math.round((log.endedAt.getTime() - log.startedAt.getTime()) / MINUTE);
      push(log.endedAt, {
        eventType: "update", category: "time_attendance", actionType: "time_log.stopped",
        description: `${p.name} stopped the timer on "${title}" after ${formatDuration(log.endedAt.getTime() - log.startedAt.getTime())}`, actor: actor(p),
        context: context(p, log.endedAt, "/tasks"), object, subjectUserId: p.id,
        before: { endedAt: null }, after: { endedAt: log.endedAt, durationMinutes: minutes },
      });
    }
  }

  // Tasks: assigned, started, completed, reviewed.
  for (const t of input.tasks) {
    const assignee = byId.get(t.assigneeId)!;
    const object = { type: "task", id: t.id, name: t.title };
    const creator = t.createdById ? byId.get(t.createdById) : undefined;
    if (creator) {
      push(t.createdAt, {
        eventType: "create", category: "performance", actionType: "task.created", module: "tasks",
        description: `${creator.name} assigned "${t.title}" to ${assignee.name}, due ${formatDateTime(t.dueDate)}`, actor: actor(creator),
        context: context(creator, t.createdAt, "/tasks"), object, subjectUserId: assignee.id,
        after: { title: t.title, description: null, assignee: assignee.name, dueDate: t.dueDate, estimateMinutes: t.estimateMinutes, status: "TODO" },
      });
    }
    if (t.startedAt) {
      push(t.startedAt, {
        eventType: "update", category: "performance", actionType: "task.started", module: "tasks", description: `${assignee.name} started "${t.title}"`,
        actor: actor(assignee), context: context(assignee, t.startedAt, "/tasks"), object, subjectUserId: assignee.id,
        before: { status: "TODO", startedAt: null }, after: { status: "IN_PROGRESS", startedAt: t.startedAt },
      });
    }
    if (t.completedAt) {
      push(t.completedAt, {
        eventType: "update", category: "performance", actionType: "task.completed", module: "tasks", description: `${assignee.name} completed "${t.title}"`,
        actor: actor(assignee), context: context(assignee, t.completedAt, "/tasks"), object, subjectUserId: assignee.id,
        before: { status: "IN_PROGRESS", completedAt: null }, after: { status: "COMPLETED", completedAt: t.completedAt },
      });
    }
    const reviewer = t.reviewedById ? byId.get(t.reviewedById) : undefined;
    if (t.reviewedAt && reviewer) {
      push(t.reviewedAt, {
        eventType: "approve", category: "performance", actionType: "task.reviewed", module: "tasks",
        description: `${reviewer.name} reviewed "${t.title}" completed by ${assignee.name}`, actor: actor(reviewer),
        context: context(reviewer, t.reviewedAt, "/tasks"), object, subjectUserId: assignee.id,
        before: { status: "COMPLETED", reviewedAt: null, reviewedBy: null }, after: { status: "REVIEWED", reviewedAt: t.reviewedAt, reviewedBy: reviewer.name },
      });
    }
  }

  // Leave: submitted, then decided.
  for (const l of input.leaves) {
    const requester = byId.get(l.requesterId)!;
    const sensitive = l.type === "sick";
    const object = { type: "leave_request", id: l.id, name: `${cap(l.type)} leave of ${requester.name} ${span(l.startDate, l.endDate)}`.slice(0, 255) };
    const days = Math.round((l.endDate.getTime() - l.startDate.getTime()) / DAY) + 1;
    push(l.createdAt, {
      eventType: "submit", category: "governance", actionType: "leave_request.submitted",
      description: `${requester.name} requested ${l.type} leave ${span(l.startDate, l.endDate)}${sensitive ? "" : `: ${l.reason}`}`,
      actor: actor(requester), context: context(requester, l.createdAt, "/leave"), object, subjectUserId: requester.id,
      after: { type: l.type, startDate: l.startDate, endDate: l.endDate, days, reason: l.reason, status: "pending" },
      sensitiveFields: sensitive ? ["reason", "decisionReason"] : undefined,
    });
    const approver = l.approverId ? byId.get(l.approverId) : undefined;
    if (approver && l.decidedAt && (l.status === "approved" || l.status === "rejected")) {
      const decision = l.status === "approved" ? "approve" : "reject";
      push(l.decidedAt, {
        eventType: decision, category: "governance", actionType: `leave_request.${l.status}`,
        description: `${approver.name} ${l.status} ${requester.name}'s ${l.type} leave ${span(l.startDate, l.endDate)}${sensitive ? "" : `: ${l.decisionReason}`}`,
        actor: actor(approver), context: context(approver, l.decidedAt, "/leave"), object, subjectUserId: requester.id,
        before: { status: "pending", decisionReason: null, approver: null, decidedAt: null },
        after: { status: l.status, decisionReason: l.decisionReason, approver: approver.name, decidedAt: l.decidedAt },
        additionalData: { decision, reason: l.decisionReason, requester: requester.name, leaveType: l.type },
        sensitiveFields: sensitive ? ["reason", "decisionReason"] : undefined,
      });
    }
  }

  // Project requests.
  for (const pr of input.projects) {
    const requester = byId.get(pr.requesterId)!;
    const object = { type: "project_request", id: pr.id, name: pr.title };
    push(pr.createdAt, {
      eventType: "submit", category: "governance", actionType: "project_request.submitted", description: `${requester.name} requested the project "${pr.title}"`,
      actor: actor(requester), context: context(requester, pr.createdAt, "/projects"), object, subjectUserId: requester.id,
      after: { title: pr.title, description: pr.description, status: "pending" },
    });
    const approver = pr.approverId ? byId.get(pr.approverId) : undefined;
    if (approver && pr.decidedAt) {
      push(pr.decidedAt, {
        eventType: pr.status === "approved" ? "approve" : "reject", category: "governance", actionType: `project_request.${pr.status}`,
        description: `${approver.name} ${pr.status} the project "${pr.title}" requested by ${requester.name}: ${pr.decisionReason}`,
        actor: actor(approver), context: context(approver, pr.decidedAt, "/projects"), object, subjectUserId: requester.id,
        before: { status: "pending", decisionReason: null }, after: { status: pr.status, decisionReason: pr.decisionReason, approver: approver.name },
      });
    }
  }

  // People changes: titles and capacity adjusted by HR over the quarter.
  const hr = people.filter((p) => p.role === "hr_operations");
  const admins = people.filter((p) => p.role === "admin");
  const staff = people.filter((p) => ["employee", "junior_employee", "intern"].includes(p.role));
  for (let i = 0; i < 24; i++) {
    const who = r.pick(staff);
    const by = r.pick(hr);
    const at = workingMoment(r, since + r.int(1, 88) * DAY);
    const capacityChange = i % 3 === 0;
    push(at, capacityChange
      ? {
          eventType: "update", category: "user_management", actionType: "user.capacity_changed",
          description: `${by.name} changed ${who.name}'s weekly capacity from 40 h to 32 h`, actor: actor(by), context: context(by, at, "/admin/people"),
          object: { type: "user", id: who.id, name: who.name }, subjectUserId: who.id, before: { weeklyCapacityHours: 40 }, after: { weeklyCapacityHours: 32 },
        }
      : {
          eventType: "update", category: "user_management", actionType: "user.updated",
          description: `${by.name} updated ${who.name}'s profile`, actor: actor(by), context: context(by, at, "/admin/people"),
          object: { type: "user", id: who.id, name: who.name }, subjectUserId: who.id,
          before: { title: `${who.department} Trainee` }, after: { title: `${who.department} Specialist` },
        });
  }

  // Suspicious: a burst of failed sign-ins at night against one account from one
  // outside address, ending in a lockout.
  const target = people.find((p) => p.role === "hr_operations" && !p.email.startsWith("hr@")) ?? hr[0]!;
  const burstAt = nightMoment(since + 23 * DAY, 3, 12);
  const attacker = { sessionId: "", ip: "203.0.113.66", userAgent: "python-requests/2.32.3", method: "POST", path: "/api/auth/callback/credentials" };
  for (let i = 1; i <= 10; i++) failed(target, new Date(burstAt + i * 9_000), i, attacker);
  push(new Date(burstAt + 10 * 9_000 + 200), {
    eventType: "warning", category: "security", actionType: "auth.locked_out",
    description: `Account ${target.email} locked for 15 minutes after 10 failed sign-ins in a row`, actor: actor(target), context: attacker,
    object: { type: "user", id: target.id, name: target.name }, subjectUserId: target.id,
    before: { lockedUntil: null }, after: { lockedUntil: new Date(burstAt + 10 * 9_000 + 15 * MINUTE) }, status: "warning",
  });

  // Suspicious: a role raised to Admin late at night and put back the next morning.
  const sysAdmin = admins.find((p) => !p.email.startsWith("admin@")) ?? admins[0]!;
  const raised = staff[staff.length - 3]!;
  const raisedAt = new Date(nightMoment(since + 51 * DAY, 23, 47));
  const roleEntry = (at: Date, by: HistoryPerson, from: string, to: string): AuditEntryInput => ({
    eventType: "update", category: "user_management", actionType: "user.role_changed",
    description: `${by.name} changed ${raised.name}'s role from ${ROLE_LABELS[from]} to ${ROLE_LABELS[to]}`, actor: actor(by), context: context(by, at, "/admin/people"),
    object: { type: "user", id: raised.id, name: raised.name }, subjectUserId: raised.id, before: { role: from }, after: { role: to },
  });
  push(raisedAt, roleEntry(raisedAt, sysAdmin, raised.role, "admin"));
  const revertedAt = new Date(raisedAt.getTime() + 9.5 * HOUR);
  push(revertedAt, roleEntry(revertedAt, admins[0]!, "admin", raised.role));

  // Suspicious: one very large export of the audit log in the evening.
  const auditor = people.find((p) => p.role === "auditor" && !p.email.startsWith("auditor@")) ?? people.find((p) => p.role === "auditor")!;
  const exportAt = new Date(nightMoment(since + 67 * DAY, 21, 5));
  push(exportAt, {
    eventType: "export", category: "compliance", actionType: "audit_log.exported",
    description: `${auditor.name} exported 48213 audit entries as CSV`, actor: actor(auditor), context: context(auditor, exportAt, "/api/audit-logs/export", "GET"),
    object: { type: "audit_log", name: "Audit log export" }, additionalData: { query: "", format: "csv", rowCount: 48213, durationMs: 4120, outcome: "completed" },
  });

  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return events;
}

/** A PKT working moment on the day containing `dayMs`. */
function workingMoment(r: Rng, dayMs: number): Date {
  const pktMidnight = Math.floor((dayMs + 5 * HOUR) / DAY) * DAY - 5 * HOUR;
  return new Date(pktMidnight + (9.5 + r.next() * 7) * HOUR);
}

/** hh:mm PKT on the day containing `dayMs`. */
function nightMoment(dayMs: number, hh: number, mm: number): number {
  const pktMidnight = Math.floor((dayMs + 5 * HOUR) / DAY) * DAY - 5 * HOUR;
  return pktMidnight + hh * HOUR + mm * MINUTE;
}

/**
 * Appends the events through audit_import_history() as the owner: each event goes to
 * a chain chosen at random, each chain's events in time order, in batches.
 */
export async function importAuditHistory(ownerUrl: string, events: HistoryEvent[], r: Rng, onProgress?: (done: number) => void): Promise<number> {
  const perChain: Array<{ texts: string[]; times: string[] }> = Array.from({ length: AUDIT_CHAIN_COUNT }, () => ({ texts: [], times: [] }));
  for (const { at, entry } of events) {
    const chain = perChain[r.int(0, AUDIT_CHAIN_COUNT - 1)]!;
    chain.texts.push(auditRecordText(entry, uuidv7(at.getTime())));
    chain.times.push(at.toISOString());
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let done = 0;
  try {
    const BATCH = 4000;
    for (const [chainId, { texts, times }] of perChain.entries()) {
      for (let i = 0; i < texts.length; i += BATCH) {
        await client.query("SELECT audit_import_history($1::smallint, $2::audit_content[], $3::timestamptz[])", [chainId, texts.slice(i, i + BATCH), times.slice(i, i + BATCH)]);
        done += Math.min(BATCH, texts.length - i);
        onProgress?.(done);
      }
    }
  } finally {
    await client.end();
  }
  return done;
}
