// Raising what a scan found, safe under retries and overlapping runs, in ONE statement
// (one round trip, one implicit transaction) that finds, raises, escalates, writes the
// outbox rows and the audit entry:
// - INSERT … ON CONFLICT DO NOTHING: the partial unique index alerts_one_open_per_condition
//   (dedupe_key, recipient) WHERE status = 'OPEN' decides whether an alert is new, never
//   a read before the write;
// - a condition that already has an alert of any status for that recipient (resolved or
//   dismissed) is skipped: it is raised again only when it recurs under a new key;
// - the same statement writes the email and realtime outbox rows of each new alert, so
//   a crash after commit loses nothing and a rolled-back insert sends nothing;
// - persisting conditions escalate one severity level per interval in one guarded
//   UPDATE (a concurrent run re-checks the row after the first one's update), and at
//   high or above a copy reaches the second-level recipient;
// - one system audit entry when anything changed, derived from the statement's own
//   counts, so it commits or rolls back with the alerts.
import { systemActor } from "@/lib/audit/write/actor";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { planAuditAppend } from "@/lib/audit/write/writer";
import { pool, statementName, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AlertSeverity, ScanType } from "./rules";
import { BASE_SEVERITY } from "./rules";
import type { ConditionQuery } from "./scans";

export type RaisedAlert = { id: string; recipientUserId: string; severity: AlertSeverity; subjectLabel: string; entityLabel: string; dedupeKey: string };
export type RaiseResult = { type: ScanType; found: number; raised: RaisedAlert[]; escalated: number };

export type InsertRow = {
  recipient_user_id: string;
  subject_user_id: string | null;
  subject_label: string;
  entity_type: string;
  entity_id: string;
  entity_label: string;
  message: string;
  dedupe_key: string;
  details: Record<string, unknown>;
  severity: AlertSeverity;
};

// The email and realtime outbox rows of the alerts a CTE `rows` returned (with RETURNED's
// columns), in one INSERT; each row's created_at is its alert's.
const outboxSql = (rows: string) => `
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at)
  SELECT uuidv7(), o.channel, o.topic, o.payload, c.created_at
    FROM ${rows} c
    -- One index lookup per alert (OFFSET 0): not a hash of every user for a few rows.
    CROSS JOIN LATERAL (SELECT email, name FROM users WHERE users.id = c.recipient_user_id OFFSET 0) u
    CROSS JOIN LATERAL (VALUES
      ('email', 'alert.created',
       jsonb_build_object('alertId', c.id, 'to', u.email, 'recipientName', u.name, 'type', c.type, 'severity', c.severity,
                          'subjectLabel', c.subject_label, 'entityLabel', c.entity_label, 'message', c.message,
                          'createdAt', c.created_at)),
      ('realtime', 'alert_created',
       jsonb_build_object('channel', 'private-user-' || c.recipient_user_id, 'event', 'alert_created',
                          'data', jsonb_build_object('alertId', c.id, 'type', c.type, 'severity', c.severity,
                                                     'subjectLabel', c.subject_label, 'createdAt', c.created_at)))
    ) o(channel, topic, payload)
  RETURNING 1`;
const OUTBOX = Prisma.raw(outboxSql("new_alerts"));

/** Alerts given as rows (the audit anomaly scan), inserted with their outbox rows in the caller's transaction. */
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    recipient_user_id uuid, subject_user_id uuid, subject_label text, entity_type text, entity_id text,
    entity_label text, message text, dedupe_key text, details jsonb, severity text)
), created AS (
  INSERT INTO alerts (id, type, severity, recipient_user_id, subject_user_id, subject_label, entity_type, entity_id,
                      entity_label, message, dedupe_key, details, created_at)
  SELECT uuidv7(), $2::"AlertType", i.severity::"AlertSeverity", i.recipient_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details, $3::timestamptz
    FROM input i
   WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = i.dedupe_key AND a.recipient_user_id = i.recipient_user_id)
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING id, type, severity, recipient_user_id, subject_label, entity_label, message, dedupe_key, created_at
), outbox AS (
  ${outboxSql("created")}
)
SELECT id, recipient_user_id AS "recipientUserId", severity::text AS severity, subject_label AS "subjectLabel",
       entity_label AS "entityLabel", dedupe_key AS "dedupeKey"
  FROM created`;

export async function insertAlerts(tx: Tx, type: ScanType | "audit_anomaly", rows: InsertRow[], now: Date): Promise<RaisedAlert[]> {
  if (rows.length === 0) return [];
  return tx.$queryRawUnsafe<RaisedAlert[]>(INSERT_SQL, JSON.stringify(rows), type, now);
}

const ALERT_COLUMNS = Prisma.raw(
  "id, type, severity, recipient_user_id, subject_user_id, subject_label, entity_type, entity_id, entity_label, message, dedupe_key, details, created_at",
);
const RETURNED = Prisma.raw("id, type, severity, recipient_user_id, subject_label, entity_label, message, dedupe_key, created_at");
const NOT_RAISED_BEFORE = Prisma.raw(
  "NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = i.dedupe_key AND a.recipient_user_id = i.recipient_user_id)",
);

export type RaiseOptions = { type: ScanType; conditions: ConditionQuery; now: Date; escalationIntervalHours: number };

/**
 * The statement: `input` (the conditions, materialized once) → `created` (new alerts,
 * in dedupe-key order so overlapping runs take the unique index's locks in one order)
 * → `escalated` (persisting open alerts one level up, when an interval has passed since
 * they were raised or last escalated) → `copies` (to the second-level recipient when an
 * escalation reaches high or critical) → outbox rows for every new alert → one audit
 * entry when anything changed. The audit call reads every other step's rows, so the
 * chain head is locked last.
 */
export function raiseStatement({ type, conditions, now, escalationIntervalHours }: RaiseOptions): Prisma.Sql {
  const at = Prisma.sql`${now}::timestamptz`;
  const alertType = Prisma.sql`${type}::"AlertType"`;
  const entry: AuditEntryInput = {
    eventType: "system",
    category: "alerts",
    actionType: "alerts.scan_raised",
    description: `Scan ${type} raised alerts`, // replaced by the counts below
    actor: systemActor("alert scans"),
    object: { type: "alert_scan", id: type, name: `Alert scan: ${type}` },
    after: { raised: 0, escalated: 0, found: 0 },
    additionalData: { alertIds: [], at: now.toISOString() },
  };
  const audit = planAuditAppend([
    {
      rowsOf: "changed",
      entry,
      columns: {
        action_description: Prisma.sql`'Scan ' || ${type}::text || ' raised ' || changed.raised || ' alert' || CASE WHEN changed.raised = 1 THEN '' ELSE 's' END
                                       || ' and escalated ' || changed.escalated`,
        new_values: Prisma.sql`jsonb_build_object('raised', changed.raised, 'escalated', changed.escalated, 'found', changed.found)`,
        additional_data: Prisma.sql`jsonb_build_object('alertIds', changed.alert_ids, 'at', ${now.toISOString()}::text)`,
      },
    },
  ]);
  return Prisma.sql`
WITH input AS MATERIALIZED (${conditions}
), created AS (
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT uuidv7(), ${alertType}, ${BASE_SEVERITY[type]}::"AlertSeverity", i.recipient_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details, ${at}
    FROM input i
   WHERE ${NOT_RAISED_BEFORE}
   ORDER BY i.dedupe_key, i.recipient_user_id
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING ${RETURNED}
), escalated AS (
  UPDATE alerts a
     SET severity = (CASE a.severity WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high' ELSE 'critical' END)::"AlertSeverity",
         escalated_at = ${at}
   WHERE a.status = 'OPEN' AND a.type = ${alertType} AND a.severity <> 'critical'
     AND a.dedupe_key IN (SELECT dedupe_key FROM input)
     AND COALESCE(a.escalated_at, a.created_at) <= ${at} - make_interval(hours => ${escalationIntervalHours}::int)
  RETURNING a.dedupe_key, a.severity
), copies AS (
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT uuidv7(), ${alertType}, e.severity, i.second_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details || '{"escalated": true}'::jsonb, ${at}
    FROM (SELECT DISTINCT ON (dedupe_key) dedupe_key, severity FROM escalated
           WHERE severity IN ('high', 'critical') ORDER BY dedupe_key, severity DESC) e
    JOIN LATERAL (SELECT * FROM input i WHERE i.dedupe_key = e.dedupe_key AND i.second_user_id IS NOT NULL LIMIT 1) i ON true
   WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = i.dedupe_key AND a.recipient_user_id = i.second_user_id)
   ORDER BY i.dedupe_key
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING ${RETURNED}
), new_alerts AS (
  SELECT * FROM created UNION ALL SELECT * FROM copies
), outbox AS (
  ${OUTBOX}
), summary AS (
  SELECT (SELECT count(*) FROM input)::int AS found, (SELECT count(*) FROM new_alerts)::int AS raised,
         (SELECT count(*) FROM escalated)::int AS escalated, (SELECT count(*) FROM outbox) AS outboxed,
         (SELECT COALESCE(jsonb_agg(x.id), '[]') FROM (SELECT id FROM new_alerts LIMIT 200) x) AS alert_ids
), changed AS (
  SELECT * FROM summary WHERE raised > 0 OR escalated > 0
)
SELECT s.found, s.escalated, ${audit.call} AS appended,
       COALESCE((SELECT json_agg(json_build_object('id', n.id, 'recipientUserId', n.recipient_user_id, 'severity', n.severity,
                                                  'subjectLabel', n.subject_label, 'entityLabel', n.entity_label, 'dedupeKey', n.dedupe_key))
                   FROM new_alerts n), '[]') AS raised
  FROM summary s`;
}

/** Finds, raises, escalates and audits one scan's conditions: one statement, one round trip. */
export async function raiseConditions(options: RaiseOptions): Promise<RaiseResult> {
  const { text, values } = raiseStatement(options);
  const { rows } = await pool.query<{ found: number; escalated: number; appended: number; raised: RaisedAlert[] }>({
    name: statementName({ sql: text }) || undefined,
    text,
    values,
  });
  const row = rows[0]!;
  const expected = row.raised.length > 0 || row.escalated > 0 ? 1 : 0;
  if (row.appended !== expected) throw new Error(`Scan ${options.type}: audit append wrote ${row.appended} of ${expected} entries`);
  return { type: options.type, found: row.found, raised: row.raised, escalated: row.escalated };
}
