// Alert digests (issue 24): instead of an email per alert, each recipient gets one email
// per round carrying every alert they have not been told of yet, grouped by person and
// type. Critical alerts (by default; each person chooses per severity) are emailed at
// once by the raising statement itself (raise.ts); everything else waits here.
//
// One transaction per run, under an advisory lock (one builder at a time, across app
// instances): one statement finds what is due and writes one outbox row per recipient
// whose idempotency key names the alerts it carries, a second marks those alerts told
// (notified_at, digest_id) or reminded; so a crash before commit leaves everything
// pending and a crash after commit has the digest queued exactly once; sending is the
// outbox's (a resend after a crash carries the same Message-ID).
import { pool } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getAlertSettings } from "@/lib/settings/queries";
import type { AlertSettings } from "@/lib/settings/schemas";
import { DISPLAY_TZ } from "@/lib/time";
import { ALERT_DIGEST_TOPIC, DIGEST_LISTED, SEVERITIES } from "./contract";

export type DigestRun = { digests: number; alerts: number; reminders: number; heldBack: number };

const zone = Prisma.raw(`'${DISPLAY_TZ}'`);

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
 * - one outbox row per recipient (ON CONFLICT on the key: queued once); the statement
 *   returns each queued digest with the ids of the alerts it carries, which markSql()
 *   marks told or reminded in the same transaction.
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
  -- One pass over the open alerts: never told (since: raised), or told a repeat interval ago
  -- and not yet reminded (since: told + interval). No index names these columns, so
  -- marking them told is a HOT update.
  SELECT a.id, a.recipient_user_id, a.type, a.severity, a.subject_user_id, a.subject_label, a.entity_label, a.message, a.created_at,
         a.notified_at IS NOT NULL AS reminder, COALESCE(a.notified_at + ${repeat}, a.created_at) AS since
    FROM alerts a
   WHERE a.status = 'OPEN' AND ${awake}
     AND (a.notified_at IS NULL OR (a.reminded_at IS NULL AND a.notified_at <= ${at} - ${repeat}))
     AND a.created_at <= ${at}
), modes AS MATERIALIZED (
  -- Each recipient's mode per severity, once (not once per alert), with their daily hour's
  -- last occurrence and whom an open workload overload alert to them covers.
  SELECT recipient_user_id, s.severity, alert_email_mode(recipient_user_id, s.severity) AS mode,
         ${lastDaily(Prisma.sql`COALESCE(p.daily_hour, ${settings.dailySummaryHour}::int)`)} AS last_daily, r.overloaded
    FROM (SELECT DISTINCT recipient_user_id, severity FROM candidates) s
    JOIN (SELECT r.recipient_user_id, COALESCE(o.subjects, '{}') AS overloaded
            FROM (SELECT DISTINCT recipient_user_id FROM candidates) r
            LEFT JOIN (SELECT recipient_user_id, array_agg(subject_user_id) AS subjects FROM alerts
                        WHERE status = 'OPEN' AND type = 'workload_overload' GROUP BY recipient_user_id) o USING (recipient_user_id)) r USING (recipient_user_id)
    LEFT JOIN alert_email_preferences p ON p.user_id = r.recipient_user_id
), moded AS MATERIALIZED (
  SELECT c.*, m.mode, m.overloaded,
         CASE m.mode
           WHEN 'immediate' THEN true
           WHEN 'digest' THEN c.since + make_interval(mins => ${settings.digestWindowMinutes}::int) <= ${at}
           ELSE c.since <= m.last_daily
         END AS due
    FROM candidates c
    JOIN modes m ON m.recipient_user_id = c.recipient_user_id AND m.severity = c.severity
), flagged AS MATERIALIZED (
  SELECT m.*, (m.type = 'overdue_task' AND m.subject_user_id = ANY(m.overloaded)) AS held
    FROM (SELECT m.*, bool_or(m.due) OVER (PARTITION BY m.recipient_user_id) AS round_due FROM moded m) m
   WHERE m.round_due AND (m.due OR m.mode <> 'daily')
), carried AS MATERIALIZED (
  SELECT * FROM flagged f WHERE NOT f.held
), ranked AS MATERIALIZED (
  -- Most severe first: the enum's order is the escalation ladder's (contract.test.ts).
  SELECT f.*, row_number() OVER (PARTITION BY f.recipient_user_id ORDER BY f.severity DESC, f.subject_label, f.type, f.created_at, f.id) AS n
    FROM carried f
), held AS MATERIALIZED (
  SELECT recipient_user_id, json_agg(json_build_object('subjectLabel', subject_label, 'count', n) ORDER BY subject_label) AS inhibited
    FROM (SELECT recipient_user_id, subject_label, count(*)::int AS n FROM flagged WHERE held GROUP BY 1, 2) h GROUP BY recipient_user_id
), digests AS MATERIALIZED (
  -- One pass per recipient: the counts, the first DIGEST_LISTED listed, and the key,
  -- which names what the digest carries (a digest of the alert ids, and which are reminders).
  SELECT r.recipient_user_id, count(*)::int AS total, (count(*) FILTER (WHERE r.reminder))::int AS reminders,
         json_build_object(${Prisma.join(SEVERITIES.map((sev) => Prisma.sql`${Prisma.raw(`'${sev}'`)}, count(*) FILTER (WHERE r.severity = ${Prisma.raw(`'${sev}'`)})`), ", ")}) AS by_severity,
         json_agg(json_build_object('alertId', r.id, 'type', r.type, 'severity', r.severity, 'subjectLabel', r.subject_label,
                   'entityLabel', r.entity_label, 'createdAt', r.created_at, 'reminder', r.reminder) ORDER BY r.n)
           FILTER (WHERE r.n <= ${DIGEST_LISTED}::int) AS alerts,
         'alert-digest:' || r.recipient_user_id || ':' || md5(string_agg(r.id::text || CASE WHEN r.reminder THEN ':r' ELSE '' END, ',' ORDER BY r.id, r.reminder)) AS key,
         array_agg(r.id) FILTER (WHERE NOT r.reminder) AS told_ids, array_agg(r.id) FILTER (WHERE r.reminder) AS reminded_ids
    FROM ranked r GROUP BY r.recipient_user_id
), queued AS (
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at, idempotency_key)
  SELECT uuidv7(), 'email', ${ALERT_DIGEST_TOPIC}::text,
         -- Built as json text and parsed once: cheaper than building jsonb value by value.
         json_build_object('version', 1, 'to', u.email, 'recipientName', u.name, 'total', d.total, 'reminders', d.reminders,
                           'bySeverity', d.by_severity, 'alerts', d.alerts, 'inhibited', COALESCE(h.inhibited, '[]'::json))::jsonb,
         ${at}, d.key
    FROM digests d
    -- Each recipient by their primary key (a subquery: no join to plan over every user).
    CROSS JOIN LATERAL (SELECT email, name FROM users WHERE users.id = d.recipient_user_id OFFSET 0) u
    LEFT JOIN held h ON h.recipient_user_id = d.recipient_user_id
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, idempotency_key
)
-- The digests queued now, with the alerts each carries (a key queued before is not queued
-- again, and marks nothing), for markSql(); and what was held back.
SELECT COALESCE(json_agg(json_build_object('digestId', q.id, 'told', d.told_ids, 'reminded', d.reminded_ids)), '[]') AS queued,
       (SELECT count(*) FROM flagged WHERE held)::int AS "heldBack"
  FROM digests d JOIN queued q ON q.idempotency_key = d.key`;
}

type Queued = { digestId: string; told: string[] | null; reminded: string[] | null };

/** Marks the alerts the queued digests carry: told (notified_at, digest_id) or reminded. */
function markSql(now: Date, queued: Queued[]): Prisma.Sql {
  const told = queued.flatMap((q) => (q.told ?? []).map((id) => [id, q.digestId] as const));
  const reminded = queued.flatMap((q) => q.reminded ?? []);
  return Prisma.sql`
WITH told AS (
  UPDATE alerts a SET notified_at = ${now}::timestamptz, digest_id = t.digest_id
    FROM unnest(${told.map((t) => t[0])}::uuid[], ${told.map((t) => t[1])}::uuid[]) AS t(id, digest_id)
   WHERE a.id = t.id AND a.notified_at IS NULL
  RETURNING a.id
), reminded AS (
  UPDATE alerts a SET reminded_at = ${now}::timestamptz
    FROM unnest(${reminded}::uuid[]) AS t(id)
   WHERE a.id = t.id AND a.reminded_at IS NULL
  RETURNING a.id
)
SELECT (SELECT count(*) FROM told)::int AS alerts, (SELECT count(*) FROM reminded)::int AS reminders`;
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
    // The statement joins its own steps, whose sizes the planner cannot know: hash joins,
    // not nested loops over hundreds of recipients (users and alerts are still read by key).
    await client.query("SET LOCAL enable_nestloop = off");
    const { rows } = await client.query<{ queued: Queued[]; heldBack: number }>(statement.text, statement.values);
    await client.query("RESET enable_nestloop");
    const { queued, heldBack } = rows[0]!;
    const marked = markSql(now, queued);
    const { rows: counts } = await client.query<{ alerts: number; reminders: number }>(marked.text, marked.values);
    await client.query("COMMIT");
    return { digests: queued.length, alerts: counts[0]!.alerts, reminders: counts[0]!.reminders, heldBack };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
