// What each scan finds: one SQL query per alert type, with the cut-offs of rules.ts as
// parameters, returning every condition that holds now with its recipients and labels.
// Raising (insert, escalate, outbox) is lib/alerts/raise.ts.
import type pg from "pg";
import { can, ROLES, type Permission } from "@/lib/auth/permissions";
import type { AlertSettings } from "@/lib/settings/schemas";
import { formatDateTime } from "@/lib/time";
import { formatWaiting } from "./labels";
import { approvalDelayCutoff, idleCutoff, missingCheckoutCutoff, OPEN_TASK_STATUSES, workloadPercent, type ScanType } from "./rules";

export type Condition = {
  type: ScanType;
  /** The occurrence: a new key is a new occurrence, the same key is never raised twice. */
  dedupeKey: string;
  subjectUserId: string;
  subjectLabel: string;
  entityType: string;
  entityId: string;
  entityLabel: string;
  message: string;
  recipientUserId: string;
  /** Who also hears of it once it is high or above: the subject's manager's manager, or an admin. */
  secondLevelUserId: string | null;
  details: Record<string, unknown>;
};

export type ScanInput = { pool: pg.Pool; now: Date; settings: AlertSettings };

const rolesWith = (p: Permission) => ROLES.filter((r) => can(r, p));

// The subject's manager when active and not the subject, else the longest-serving active
// admin who is not the subject; the same one level up for escalation.
function routing(subject: string) {
  return `
    LEFT JOIN users m ON m.id = ${subject}.manager_id AND m.status = 'active'
    LEFT JOIN users mm ON mm.id = m.manager_id AND mm.status = 'active' AND mm.id <> ${subject}.id
    LEFT JOIN LATERAL (
      SELECT a.id FROM users a WHERE a.role = 'admin' AND a.status = 'active' AND a.id <> ${subject}.id
      ORDER BY a.created_at, a.id LIMIT 1
    ) adm ON true`;
}

type Row = Record<string, unknown>;
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d));

export async function findMissingCheckouts({ pool, now, settings }: ScanInput): Promise<Condition[]> {
  const { rows } = await pool.query<Row & { id: string; check_in_at: Date; uid: string; uname: string; recipient: string; second: string | null }>(
    `SELECT s.id, s.check_in_at, u.id AS uid, u.name AS uname,
            COALESCE(m.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
       FROM attendance_sessions s
       JOIN users u ON u.id = s.user_id AND u.status = 'active'
       ${routing("u")}
      WHERE s.check_out_at IS NULL AND s.check_in_at <= $1`,
    [missingCheckoutCutoff(now, settings.missingCheckoutBufferHours)],
  );
  return rows.filter((r) => r.recipient).map((r) => ({
    type: "missing_checkout",
    dedupeKey: `missing_checkout:${r.id}`,
    subjectUserId: r.uid,
    subjectLabel: r.uname,
    entityType: "attendance_session",
    entityId: r.id,
    entityLabel: `Attendance from ${formatDateTime(r.check_in_at)}`,
    message: `${r.uname} checked in at ${formatDateTime(r.check_in_at)} and has not checked out (${formatWaiting(now.getTime() - r.check_in_at.getTime())} open, buffer ${settings.missingCheckoutBufferHours} h).`,
    recipientUserId: r.recipient,
    secondLevelUserId: r.second,
    details: { checkInAt: iso(r.check_in_at), bufferHours: settings.missingCheckoutBufferHours },
  }));
}

export async function findOverdueTasks({ pool, now }: ScanInput): Promise<Condition[]> {
  const { rows } = await pool.query<Row & { id: string; title: string; due_date: Date; status: string; uid: string; uname: string; recipient: string; second: string | null }>(
    `SELECT t.id, t.title, t.due_date, t.status, u.id AS uid, u.name AS uname,
            COALESCE(m.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
       FROM tasks t
       JOIN users u ON u.id = t.assignee_id AND u.status = 'active'
       ${routing("u")}
      WHERE t.status = ANY($2::"TaskStatus"[]) AND t.due_date < $1`,
    [now, OPEN_TASK_STATUSES],
  );
  return rows.filter((r) => r.recipient).map((r) => ({
    type: "overdue_task",
    dedupeKey: `overdue_task:${r.id}:${iso(r.due_date)}`,
    subjectUserId: r.uid,
    subjectLabel: r.uname,
    entityType: "task",
    entityId: r.id,
    entityLabel: r.title,
    message: `"${r.title}" assigned to ${r.uname} was due ${formatDateTime(r.due_date)} and is not completed.`,
    recipientUserId: r.recipient,
    secondLevelUserId: r.second,
    details: { dueDate: iso(r.due_date), status: r.status },
  }));
}

export async function findIdleAfterCheckin({ pool, now, settings }: ScanInput): Promise<Condition[]> {
  const { rows } = await pool.query<Row & { id: string; check_in_at: Date; last_at: Date; uid: string; uname: string; recipient: string; second: string | null }>(
    `SELECT s.id, s.check_in_at, act.last_at, u.id AS uid, u.name AS uname,
            COALESCE(m.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
       FROM attendance_sessions s
       JOIN users u ON u.id = s.user_id AND u.status = 'active'
       CROSS JOIN LATERAL (
         SELECT GREATEST(
           s.check_in_at,
           (SELECT COALESCE(tl.ended_at, $1) FROM time_logs tl WHERE tl.user_id = s.user_id ORDER BY tl.started_at DESC LIMIT 1),
           (SELECT max(GREATEST(t.started_at, t.completed_at)) FROM tasks t
              WHERE t.assignee_id = s.user_id AND (t.started_at >= s.check_in_at OR t.completed_at >= s.check_in_at))
         ) AS last_at
       ) act
       ${routing("u")}
      WHERE s.check_out_at IS NULL AND s.check_in_at > $2 AND s.check_in_at <= $3 AND act.last_at <= $3`,
    [now, missingCheckoutCutoff(now, settings.missingCheckoutBufferHours), idleCutoff(now, settings.idleAfterCheckinHours)],
  );
  return rows.filter((r) => r.recipient).map((r) => ({
    type: "idle_after_checkin",
    dedupeKey: `idle_after_checkin:${r.id}:${iso(r.last_at)}`,
    subjectUserId: r.uid,
    subjectLabel: r.uname,
    entityType: "attendance_session",
    entityId: r.id,
    entityLabel: `Attendance from ${formatDateTime(r.check_in_at)}`,
    message: `${r.uname} checked in at ${formatDateTime(r.check_in_at)}; no timer or task activity since ${formatDateTime(r.last_at)} (${formatWaiting(now.getTime() - r.last_at.getTime())}).`,
    recipientUserId: r.recipient,
    secondLevelUserId: r.second,
    details: { checkInAt: iso(r.check_in_at), lastActivityAt: iso(r.last_at), idleHours: settings.idleAfterCheckinHours },
  }));
}

export async function findApprovalDelays({ pool, now, settings }: ScanInput): Promise<Condition[]> {
  const cutoff = approvalDelayCutoff(now, settings.approvalDelayHours);
  // The pending approver: the requester's manager when their role decides this kind of
  // request, otherwise whoever decides any (HR Operations for leave, admins for projects).
  const leaveTeam = rolesWith("leave:decide_team").concat(rolesWith("leave:decide_any"));
  const projectDeciders = rolesWith("projects:decide");
  const { rows } = await pool.query<Row & { kind: "leave" | "project"; id: string; label: string; created_at: Date; uid: string; uname: string; recipient: string; second: string | null }>(
    `SELECT 'leave' AS kind, l.id, initcap(l.type::text) || ' leave ' || to_char(l.start_date, 'FMDD Mon YYYY') ||
              CASE WHEN l.end_date <> l.start_date THEN ' to ' || to_char(l.end_date, 'FMDD Mon YYYY') ELSE '' END AS label,
            l.created_at, u.id AS uid, u.name AS uname,
            COALESCE(CASE WHEN m.role::text = ANY($2) THEN m.id END, hr.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
       FROM leave_requests l
       JOIN users u ON u.id = l.requester_id AND u.status = 'active'
       ${routing("u")}
       LEFT JOIN LATERAL (
         SELECT h.id FROM users h WHERE h.role = 'hr_operations' AND h.status = 'active' AND h.id <> u.id ORDER BY h.created_at, h.id LIMIT 1
       ) hr ON true
      WHERE l.status = 'pending' AND l.created_at <= $1
     UNION ALL
     SELECT 'project', p.id, p.title, p.created_at, u.id, u.name,
            COALESCE(CASE WHEN m.role::text = ANY($3) THEN m.id END, adm.id), COALESCE(mm.id, adm.id)
       FROM project_requests p
       JOIN users u ON u.id = p.requester_id AND u.status = 'active'
       ${routing("u")}
      WHERE p.status = 'pending' AND p.created_at <= $1`,
    [cutoff, leaveTeam, projectDeciders],
  );
  return rows.filter((r) => r.recipient && r.recipient !== r.uid).map((r) => ({
    type: "approval_delay",
    dedupeKey: `approval_delay:${r.kind}:${r.id}`,
    subjectUserId: r.uid,
    subjectLabel: r.uname,
    entityType: r.kind === "leave" ? "leave_request" : "project_request",
    entityId: r.id,
    entityLabel: r.kind === "leave" ? `${r.label} (${r.uname})` : `Project: ${r.label}`,
    message: `${r.kind === "leave" ? "A leave request" : "A project request"} from ${r.uname} submitted ${formatDateTime(r.created_at)} has waited ${formatWaiting(now.getTime() - r.created_at.getTime())} for a decision.`,
    recipientUserId: r.recipient,
    secondLevelUserId: r.second,
    details: { kind: r.kind, submittedAt: iso(r.created_at), delayHours: settings.approvalDelayHours },
  }));
}

export async function findWorkloadOverloads({ pool, settings }: ScanInput): Promise<Condition[]> {
  const { rows } = await pool.query<Row & { uid: string; uname: string; capacity: number; minutes: number; open_count: number; newest: string; recipient: string; second: string | null }>(
    `SELECT u.id AS uid, u.name AS uname, u.weekly_capacity_hours AS capacity, w.minutes::int AS minutes, w.open_count::int AS open_count, w.newest,
            COALESCE(m.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
       FROM (
         SELECT assignee_id, sum(estimate_minutes) AS minutes, count(*) AS open_count,
                (array_agg(id ORDER BY created_at DESC, id DESC))[1] AS newest
           FROM tasks WHERE status = ANY($2::"TaskStatus"[]) GROUP BY assignee_id
       ) w
       JOIN users u ON u.id = w.assignee_id AND u.status = 'active'
       ${routing("u")}
      WHERE u.weekly_capacity_hours > 0 AND w.minutes * 100 > u.weekly_capacity_hours * 60 * $1::numeric`,
    [settings.workloadOverloadPercent, OPEN_TASK_STATUSES],
  );
  return rows.filter((r) => r.recipient).map((r) => {
    const percent = workloadPercent(r.minutes, r.capacity);
    return {
      type: "workload_overload",
      // A new assignment while overloaded, or after the overload cleared, is a new occurrence.
      dedupeKey: `workload_overload:${r.uid}:${r.newest}`,
      subjectUserId: r.uid,
      subjectLabel: r.uname,
      entityType: "user",
      entityId: r.uid,
      entityLabel: `Workload of ${r.uname}`,
      message: `${r.uname} has ${r.open_count} open tasks estimated at ${Math.round(r.minutes / 6) / 10} h against ${r.capacity} h weekly capacity (${percent}%, threshold ${settings.workloadOverloadPercent}%).`,
      recipientUserId: r.recipient,
      secondLevelUserId: r.second,
      details: { openEstimateMinutes: r.minutes, openTasks: r.open_count, capacityHours: r.capacity, percent, thresholdPercent: settings.workloadOverloadPercent },
    };
  });
}

export const FINDERS: Record<ScanType, (input: ScanInput) => Promise<Condition[]>> = {
  missing_checkout: findMissingCheckouts,
  overdue_task: findOverdueTasks,
  idle_after_checkin: findIdleAfterCheckin,
  approval_delay: findApprovalDelays,
  workload_overload: findWorkloadOverloads,
};
