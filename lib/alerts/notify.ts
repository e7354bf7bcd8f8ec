// Alert digests (issue 24): instead of an email per alert, each recipient gets one email
// per round carrying every alert they have not been told of yet, grouped by person and
// type. Critical alerts (by default; each person chooses per severity) are emailed at
// once by the raising statement itself (raise.ts); everything else waits here.
//
// One statement per run, under an advisory lock (one builder at a time, across app
// instances): it finds what is due, writes one outbox row per recipient whose
// idempotency key names the alerts it carries, and marks those alerts told (notified_at,
// digest_id) or reminded, so a crash before commit leaves everything pending and a crash
// after commit has the digest queued exactly once; sending is the outbox's (a resend
// after a crash carries the same Message-ID).
import { pool } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getAlertSettings } from "@/lib/settings/queries";
import type { AlertSettings } from "@/lib/settings/schemas";
import { DISPLAY_TZ } from "@/lib/time";
import { ALERT_DIGEST_TOPIC, DIGEST_LISTED, SEVERITIES } from "./contract";

export type DigestRun = { digests: number; alerts: number; reminders: number; heldBack: number };

const zone = Prisma.raw(`'${DISPLAY_TZ}'`);
const SEVERITY_RANK = Prisma.raw(`CASE f.severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} END`);

/**
 * The digest statement for `now`. Its steps:
 * - `candidates`: open, not snoozed alerts never told (since: raised), and alerts told a
 *   repeat interval ago and still open, not yet reminded (since: told + interval);
 * - `moded`: each with its recipient's mode for its severity and whether it is due:
 *   immediate now (a mode changed since it was raised, or a snooze ended), digest once
 *   the grouping window has passed since, daily once the person's PKT hour has come
 *   round since;
 * - `carried`: for every recipient with anything due, everything due plus everything
 *   else waiting in immediate or digest mode (a round goes out whole; daily-mode alerts
 *   wait for their hour), except overdue-task alerts about someone whose workload
 *   overload alert to the same recipient is open: the overload covers them (`held`,
 *   counted in the email, still in the list, told once the overload closes);
 * - one outbox row per recipient (ON CONFLICT on the key: queued once), then the alerts
 *   marked with it.
 */
export function digestSql({ now, settings }: { now: Date; settings: Pick<AlertSettings, "digestWindowMinutes" | "repeatIntervalHours" | "dailySummaryHour"> }): Prisma.Sql {
  const at = Prisma.sql`${now}::timestamptz`;
  const repeat = Prisma.sql`make_interval(hours => ${settings.repeatIntervalHours}::int)`;
  const awake = Prisma.sql`(a.snoozed_until IS NULL OR a.snoozed_until <= ${at})`;
  // The most recent PKT hour h at or before now, as an instant.
  const wall = Prisma.sql`(${at} AT TIME ZONE ${zone})`;
  const lastDaily = (hour: Prisma.Sql) => Prisma.sql`((date_trunc('day', ${wall}) + make_interval(hours => ${hour})
      - CASE WHEN date_trunc('day', ${wall}) + make_interval(hours => ${hour}) > ${wall} THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE ${zone})`;
  return Prisma.sql`
WITH candidates AS MATERIALIZED (
  SELECT a.id, a.recipient_user_id, a.type, a.severity, a.subject_user_id, a.subject_label, a.entity_label, a.message, a.created_at,
         false AS reminder, a.created_at AS since
    FROM alerts a
   WHERE a.status = 'OPEN' AND a.notified_at IS NULL AND a.created_at <= ${at} AND ${awake}
  UNION ALL
  SELECT a.id, a.recipient_user_id, a.type, a.severity, a.subject_user_id, a.subject_label, a.entity_label, a.message, a.created_at,
         true, a.notified_at + ${repeat}
    FROM alerts a
   WHERE a.status = 'OPEN' AND a.reminded_at IS NULL AND a.notified_at <= ${at} - ${repeat} AND ${awake}
), moded AS MATERIALIZED (
  SELECT c.*, m.mode,
         CASE m.mode
           WHEN 'immediate' THEN true
           WHEN 'digest' THEN c.since + make_interval(mins => ${settings.digestWindowMinutes}::int) <= ${at}
           ELSE c.since <= ${lastDaily(Prisma.sql`COALESCE(p.daily_hour, ${settings.dailySummaryHour}::int)`)}
         END AS due
    FROM candidates c
    CROSS JOIN LATERAL (SELECT alert_email_mode(c.recipient_user_id, c.severity) AS mode) m
    LEFT JOIN alert_email_preferences p ON p.user_id = c.recipient_user_id
), flagged AS MATERIALIZED (
  SELECT m.*, (m.type = 'overdue_task' AND EXISTS (
           SELECT 1 FROM alerts o WHERE o.recipient_user_id = m.recipient_user_id AND o.subject_user_id = m.subject_user_id
              AND o.type = 'workload_overload' AND o.status = 'OPEN')) AS held
    FROM moded m
   WHERE m.recipient_user_id IN (SELECT recipient_user_id FROM moded WHERE due)
     AND (m.due OR m.mode <> 'daily')
), carried AS MATERIALIZED (
  SELECT * FROM flagged f WHERE NOT f.held
), ranked AS (
  SELECT f.*, row_number() OVER (PARTITION BY f.recipient_user_id ORDER BY ${SEVERITY_RANK} DESC, f.subject_label, f.type, f.created_at, f.id) AS n
    FROM carried f
), listed AS (
  SELECT recipient_user_id,
         jsonb_agg(jsonb_build_object('alertId', id, 'type', type, 'severity', severity, 'subjectLabel', subject_label,
                   'entityLabel', entity_label, 'message', message, 'createdAt', created_at, 'reminder', reminder) ORDER BY n) AS alerts
    FROM ranked WHERE n <= ${DIGEST_LISTED}::int GROUP BY recipient_user_id
), severities AS (
  SELECT recipient_user_id, jsonb_object_agg(severity, n) AS by_severity
    FROM (SELECT recipient_user_id, severity, count(*)::int AS n FROM carried GROUP BY 1, 2) s GROUP BY recipient_user_id
), held AS (
  SELECT recipient_user_id, jsonb_agg(jsonb_build_object('subjectLabel', subject_label, 'count', n) ORDER BY subject_label) AS inhibited
    FROM (SELECT recipient_user_id, subject_label, count(*)::int AS n FROM flagged WHERE held GROUP BY 1, 2) h GROUP BY recipient_user_id
), digests AS (
  SELECT c.recipient_user_id, count(*)::int AS total, (count(*) FILTER (WHERE c.reminder))::int AS reminders,
         -- The key names what it carries: the recipient and a digest of the alerts (and which are reminders).
         'alert-digest:' || c.recipient_user_id || ':' || md5(string_agg(c.id::text || CASE WHEN c.reminder THEN ':r' ELSE '' END, ',' ORDER BY c.id, c.reminder)) AS key
    FROM carried c GROUP BY c.recipient_user_id
), queued AS (
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at, idempotency_key)
  SELECT uuidv7(), 'email', ${ALERT_DIGEST_TOPIC}::text,
         jsonb_build_object('version', 1, 'to', u.email, 'recipientName', u.name, 'total', d.total, 'reminders', d.reminders,
                            'bySeverity', s.by_severity, 'alerts', l.alerts, 'inhibited', COALESCE(h.inhibited, '[]'::jsonb)),
         ${at}, d.key
    FROM digests d
    JOIN users u ON u.id = d.recipient_user_id
    JOIN listed l ON l.recipient_user_id = d.recipient_user_id
    JOIN severities s ON s.recipient_user_id = d.recipient_user_id
    LEFT JOIN held h ON h.recipient_user_id = d.recipient_user_id
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, idempotency_key
), told AS (
  UPDATE alerts a SET notified_at = ${at}, digest_id = q.id
    FROM carried c JOIN digests d ON d.recipient_user_id = c.recipient_user_id JOIN queued q ON q.idempotency_key = d.key
   WHERE a.id = c.id AND NOT c.reminder AND a.notified_at IS NULL
  RETURNING a.id
), reminded AS (
  UPDATE alerts a SET reminded_at = ${at}
    FROM carried c JOIN digests d ON d.recipient_user_id = c.recipient_user_id JOIN queued q ON q.idempotency_key = d.key
   WHERE a.id = c.id AND c.reminder AND a.reminded_at IS NULL
  RETURNING a.id
)
SELECT (SELECT count(*) FROM queued)::int AS digests, (SELECT count(*) FROM told)::int AS alerts,
       (SELECT count(*) FROM reminded)::int AS reminders, (SELECT count(*) FROM flagged WHERE held)::int AS "heldBack"`;
}

/** Builds and queues every digest due at `now` (the alert-digests function's step). */
export async function buildDigests(options: { now?: Date; settings?: AlertSettings } = {}): Promise<DigestRun> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? (await getAlertSettings());
  const statement = digestSql({ now, settings });
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // One builder at a time: two would each see the same alerts pending.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('alert-digests'))");
    const { rows } = await client.query<DigestRun>(statement.text, statement.values);
    await client.query("COMMIT");
    return rows[0]!;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
