// What each scan finds: one SQL query per alert type, with the cut-offs of rules.ts as
// parameters, returning every condition that holds now with its recipients, labels and
// dedupe key, all computed by PostgreSQL (sql-format.ts). raise.ts runs it as the first
// step of the one statement that also raises, escalates and audits.
import { rolesWith } from "@/lib/access/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AlertSettings } from "@/lib/settings/schemas";
import type { ScanType } from "./contract";
import { approvalDelayCutoff, idleCutoff, missingCheckoutCutoff, OPEN_TASK_STATUSES } from "./rules";
import { isoSql, pktDateTimeSql, pktWallSql } from "@/lib/time-sql";
import { jsRoundSql, waitingSql } from "./sql-format";

/**
 * A query returning the conditions that hold now, one row each, with the columns
 * (in this order): recipient_user_id, second_user_id (who also hears of it once it is
 * high or above: the subject's manager's manager, or an admin; may be null),
 * subject_user_id, subject_label, entity_type, entity_id, entity_label, message,
 * dedupe_key (the occurrence: a new key is a new occurrence, the same key is never
 * raised twice for one recipient) and details (jsonb). Rows without a recipient are
 * left out.
 */
export type ConditionQuery = Prisma.Sql;

export type ScanInput = { now: Date; settings: AlertSettings };

const col = (name: string) => Prisma.raw(name);

// Who receives an alert no manager can take (alerts:receive_unrouted), as SQL literals:
// role names are the permission map's own constants, and a literal keeps the scan's
// plan what it was.
const UNROUTED_ROLES = Prisma.raw(rolesWith("alerts:receive_unrouted").map((r) => `'${r}'`).join(", "));

// The subject (active only) with their recipients: the subject's manager when active
// and not the subject, else the longest-serving active admin who is not the subject;
// the same one level up for escalation. A lateral lookup per condition behind OFFSET 0:
// conditions are few next to the people, and a join would be planned from an estimate
// of the condition count that can be off by orders of magnitude (and then hash every
// user, twice).
function routing(subjectId: string) {
  return Prisma.sql`
    CROSS JOIN LATERAL (
      SELECT u.id, u.name, m.id AS manager, m.role AS manager_role, adm.id AS admin,
             COALESCE(m.id, adm.id) AS recipient, COALESCE(mm.id, adm.id) AS second
        FROM users u
        -- The two longest-serving active admins, read once per statement (an InitPlan).
        CROSS JOIN (SELECT (a.ids)[1] AS first, (a.ids)[2] AS second
                      FROM (SELECT ARRAY(SELECT id FROM users WHERE role IN (${UNROUTED_ROLES}) AND status = 'active' ORDER BY created_at, id LIMIT 2) AS ids) a) admins
        LEFT JOIN users m ON m.id = u.manager_id AND m.status = 'active'
        LEFT JOIN users mm ON mm.id = m.manager_id AND mm.status = 'active' AND mm.id <> u.id
        CROSS JOIN LATERAL (SELECT CASE WHEN admins.first <> u.id THEN admins.first ELSE admins.second END AS id) adm
       WHERE u.id = ${Prisma.raw(subjectId)} AND u.status = 'active'
      OFFSET 0
    ) u`;
}
const RECIPIENT = Prisma.raw("u.recipient");
const SECOND = Prisma.raw("u.second");

export function missingCheckouts({ now, settings }: ScanInput): ConditionQuery {
  const at = pktDateTimeSql(col("s.check_in_at"));
  return Prisma.sql`
    SELECT ${RECIPIENT} AS recipient_user_id, ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
           'attendance_session' AS entity_type, s.id::text AS entity_id, 'Attendance from ' || ${at} AS entity_label,
           u.name || ' checked in at ' || ${at} || ' and has not checked out (' || ${waitingSql(col("s.check_in_at"), Prisma.sql`${now}::timestamptz`)}
             || ' open, buffer ' || ${settings.missingCheckoutBufferHours}::int || ' h).' AS message,
           'missing_checkout:' || s.id AS dedupe_key,
           jsonb_build_object('checkInAt', ${isoSql(col("s.check_in_at"))}, 'bufferHours', ${settings.missingCheckoutBufferHours}::int) AS details
      FROM attendance_sessions s
      ${routing("s.user_id")}
     WHERE s.check_out_at IS NULL AND s.check_in_at <= ${missingCheckoutCutoff(now, settings.missingCheckoutBufferHours)}::timestamptz
       AND ${RECIPIENT} IS NOT NULL
       -- Inhibited: nobody is chased for a check-out on a day of their approved leave (PKT).
       AND NOT EXISTS (SELECT 1 FROM leave_requests l
                        WHERE l.requester_id = s.user_id AND l.status = 'approved'
                          AND (${pktWallSql(col("s.check_in_at"))})::date BETWEEN l.start_date AND l.end_date)`;
}

export function overdueTasks({ now }: ScanInput): ConditionQuery {
  const due = isoSql(col("t.due_date"));
  return Prisma.sql`
    SELECT ${RECIPIENT} AS recipient_user_id, ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
           'task' AS entity_type, t.id::text AS entity_id, t.title AS entity_label,
           '"' || t.title || '" assigned to ' || u.name || ' was due ' || ${pktDateTimeSql(col("t.due_date"))} || ' and is not completed.' AS message,
           'overdue_task:' || t.id || ':' || ${due} AS dedupe_key,
           jsonb_build_object('dueDate', ${due}, 'status', t.status) AS details
      FROM tasks t
      ${routing("t.assignee_id")}
     WHERE t.status = ANY(${OPEN_TASK_STATUSES}::"TaskStatus"[]) AND t.due_date < ${now}::timestamptz
       AND ${RECIPIENT} IS NOT NULL`;
}

export function idleAfterCheckin({ now, settings }: ScanInput): ConditionQuery {
  const nowSql = Prisma.sql`${now}::timestamptz`;
  const checkIn = pktDateTimeSql(col("s.check_in_at"));
  const idle = Prisma.sql`${idleCutoff(now, settings.idleAfterCheckinHours)}::timestamptz`;
  return Prisma.sql`
    SELECT ${RECIPIENT} AS recipient_user_id, ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
           'attendance_session' AS entity_type, s.id::text AS entity_id, 'Attendance from ' || ${checkIn} AS entity_label,
           u.name || ' checked in at ' || ${checkIn} || '; no timer or task activity since ' || ${pktDateTimeSql(col("s.last_at"))}
             || ' (' || ${waitingSql(col("s.last_at"), nowSql)} || ').' AS message,
           'idle_after_checkin:' || s.id || ':' || ${isoSql(col("s.last_at"))} AS dedupe_key,
           jsonb_build_object('checkInAt', ${isoSql(col("s.check_in_at"))}, 'lastActivityAt', ${isoSql(col("s.last_at"))},
                              'idleHours', ${settings.idleAfterCheckinHours}::int) AS details
      FROM (
        -- OFFSET 0 keeps last_at computed once per session, not once per use above.
        SELECT s.id, s.user_id, s.check_in_at, GREATEST(
          s.check_in_at,
          (SELECT COALESCE(tl.ended_at, ${nowSql}) FROM time_logs tl WHERE tl.user_id = s.user_id ORDER BY tl.started_at DESC LIMIT 1),
          (SELECT max(GREATEST(t.started_at, t.completed_at)) FROM tasks t
             WHERE t.assignee_id = s.user_id AND (t.started_at >= s.check_in_at OR t.completed_at >= s.check_in_at))
        ) AS last_at
          FROM attendance_sessions s
         WHERE s.check_out_at IS NULL AND s.check_in_at > ${missingCheckoutCutoff(now, settings.missingCheckoutBufferHours)}::timestamptz
           AND s.check_in_at <= ${idle}
        OFFSET 0
      ) s
      ${routing("s.user_id")}
     WHERE s.last_at <= ${idle} AND ${RECIPIENT} IS NOT NULL`;
}

export function approvalDelays({ now, settings }: ScanInput): ConditionQuery {
  const cutoff = approvalDelayCutoff(now, settings.approvalDelayHours);
  // The pending approver: the requester's manager when their role decides this kind of
  // request, otherwise whoever decides any (HR Operations for leave, admins for projects).
  const leaveTeam = rolesWith("leave:decide_team").concat(rolesWith("leave:decide_any"));
  const projectDeciders = rolesWith("projects:decide");
  const message = (kind: string) =>
    Prisma.sql`${kind}::text || ' from ' || u.name || ' submitted ' || ${pktDateTimeSql(col("r.created_at"))} || ' has waited '
               || ${waitingSql(col("r.created_at"), Prisma.sql`${now}::timestamptz`)} || ' for a decision.'`;
  const details = (kind: string) =>
    Prisma.sql`jsonb_build_object('kind', ${kind}::text, 'submittedAt', ${isoSql(col("r.created_at"))}, 'delayHours', ${settings.approvalDelayHours}::int)`;
  return Prisma.sql`
    SELECT * FROM (
      SELECT COALESCE(CASE WHEN u.manager_role::text = ANY(${leaveTeam}::text[]) THEN u.manager END, hr.id, u.admin) AS recipient_user_id,
             ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
             'leave_request' AS entity_type, r.id::text AS entity_id,
             initcap(r.type::text) || ' leave ' || to_char(r.start_date, 'FMDD Mon YYYY') ||
               CASE WHEN r.end_date <> r.start_date THEN ' to ' || to_char(r.end_date, 'FMDD Mon YYYY') ELSE '' END || ' (' || u.name || ')' AS entity_label,
             ${message("A leave request")} AS message, 'approval_delay:leave:' || r.id AS dedupe_key, ${details("leave")} AS details
        FROM leave_requests r
        ${routing("r.requester_id")}
        LEFT JOIN LATERAL (
          SELECT h.id FROM users h WHERE h.role = 'hr_operations' AND h.status = 'active' AND h.id <> u.id ORDER BY h.created_at, h.id LIMIT 1
        ) hr ON true
       WHERE r.status = 'pending' AND r.created_at <= ${cutoff}::timestamptz
      UNION ALL
      SELECT COALESCE(CASE WHEN u.manager_role::text = ANY(${projectDeciders}::text[]) THEN u.manager END, u.admin), ${SECOND}, u.id, u.name,
             'project_request', r.id::text, 'Project: ' || r.title,
             ${message("A project request")}, 'approval_delay:project:' || r.id, ${details("project")}
        FROM project_requests r
        ${routing("r.requester_id")}
       WHERE r.status = 'pending' AND r.created_at <= ${cutoff}::timestamptz
    ) c
    WHERE c.recipient_user_id IS NOT NULL AND c.recipient_user_id <> c.subject_user_id`;
}

export function workloadOverloads({ settings }: ScanInput): ConditionQuery {
  const percent = jsRoundSql(Prisma.sql`w.minutes::float8 / (w.capacity * 60) * 100`);
  const hours = Prisma.sql`(${jsRoundSql(Prisma.sql`w.minutes::float8 / 6`)} / 10)::float8`;
  return Prisma.sql`
    SELECT ${RECIPIENT} AS recipient_user_id, ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
           'user' AS entity_type, u.id::text AS entity_id, 'Workload of ' || u.name AS entity_label,
           u.name || ' has ' || w.open_count || ' open tasks estimated at ' || ${hours} || ' h against ' || w.capacity
             || ' h weekly capacity (' || ${percent}::int || '%, threshold ' || ${settings.workloadOverloadPercent}::int || '%).' AS message,
           -- A new assignment while overloaded, or after the overload cleared, is a new occurrence.
           'workload_overload:' || u.id || ':' || newest.id AS dedupe_key,
           jsonb_build_object('openEstimateMinutes', w.minutes, 'openTasks', w.open_count, 'capacityHours', w.capacity,
                              'percent', ${percent}::int, 'thresholdPercent', ${settings.workloadOverloadPercent}::int) AS details
      FROM (
        SELECT o.assignee_id, o.minutes, o.open_count, p.weekly_capacity_hours AS capacity
          FROM (
            SELECT assignee_id, sum(estimate_minutes) AS minutes, count(*)::int AS open_count
              FROM tasks WHERE status = ANY(${OPEN_TASK_STATUSES}::"TaskStatus"[]) GROUP BY assignee_id
          ) o
          JOIN users p ON p.id = o.assignee_id
         WHERE p.weekly_capacity_hours > 0 AND o.minutes * 100 > p.weekly_capacity_hours * 60 * ${settings.workloadOverloadPercent}::numeric
      ) w
      -- The newest open task, looked up only for the people who are overloaded.
      CROSS JOIN LATERAL (
        SELECT t.id FROM tasks t WHERE t.assignee_id = w.assignee_id AND t.status = ANY(${OPEN_TASK_STATUSES}::"TaskStatus"[])
         ORDER BY t.created_at DESC, t.id DESC LIMIT 1
      ) newest
      ${routing("w.assignee_id")}
     WHERE ${RECIPIENT} IS NOT NULL`;
}

/**
 * Someone in an announcement's audience has not acknowledged it by its deadline, and its
 * author asked for their managers to be told (issue 23): one alert per person and
 * announcement, to their manager (routing as every scan), never raised twice.
 */
export function unacknowledgedAnnouncements({ now }: ScanInput): ConditionQuery {
  return Prisma.sql`
    SELECT ${RECIPIENT} AS recipient_user_id, ${SECOND} AS second_user_id, u.id AS subject_user_id, u.name AS subject_label,
           'announcement' AS entity_type, a.id::text AS entity_id, a.title AS entity_label,
           u.name || ' has not acknowledged "' || a.title || '", due ' || ${pktDateTimeSql(col("a.ack_by"))} || '.' AS message,
           'unacknowledged_announcement:' || a.id || ':' || p.id AS dedupe_key,
           jsonb_build_object('announcementId', a.id, 'ackBy', ${isoSql(col("a.ack_by"))}) AS details
      FROM announcements a
      CROSS JOIN LATERAL (
        SELECT x.id FROM users x
         WHERE x.status = 'active' AND announcement_targets(a.id, x.id)
           AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.announcement_id = a.id AND r.user_id = x.id AND r.acknowledged_at IS NOT NULL)
      ) p
      ${routing("p.id")}
     WHERE a.requires_acknowledgement AND a.escalate_unacknowledged AND a.is_active AND a.ack_by <= ${now}::timestamptz
       AND ${RECIPIENT} IS NOT NULL AND ${RECIPIENT} <> u.id`;
}

export const CONDITIONS: Record<ScanType, (input: ScanInput) => ConditionQuery> = {
  missing_checkout: missingCheckouts,
  overdue_task: overdueTasks,
  idle_after_checkin: idleAfterCheckin,
  approval_delay: approvalDelays,
  workload_overload: workloadOverloads,
  unacknowledged_announcement: unacknowledgedAnnouncements,
};
