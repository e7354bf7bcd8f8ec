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
//   counts, so it commits or rolls back with the alerts (an auditedStatement).
import { systemActor } from "@/lib/audit/write/actor";
import { auditedStatement, type AuditedStep } from "@/lib/audit/write/statement";
import type { Tx } from "@/lib/db";
import { ALERT_TYPE_LABELS } from "./labels";
import { Prisma } from "@/lib/generated/prisma/client";
import { USER_CHANNEL_PREFIX } from "@/lib/realtime/channels";
import type { RealtimeMessage } from "@/lib/realtime/message";
import {
  ALERT_CREATED, ALERT_PAYLOAD_VERSION, BASE_SEVERITY, nextSeverity, SECOND_LEVEL_SEVERITIES, SEVERITIES,
  type AlertEmailPayload, type AlertRealtimeData, type AlertSeverity, type AlertType, type ScanType,
} from "./contract";
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

const raw = Prisma.raw;

const ALERT_COLUMNS = Prisma.raw(
  "id, type, severity, recipient_user_id, subject_user_id, subject_label, entity_type, entity_id, entity_label, message, dedupe_key, details, created_at, notified_at",
);
const RETURNED = Prisma.raw("id, type, severity, recipient_user_id, subject_label, entity_label, message, dedupe_key, created_at, notified_at");

/**
 * notified_at of a new alert: now when its recipient hears of alerts of its severity at
 * once (its own email, written by outboxSql below), else null: a digest carries it
 * (notify.ts). alert_email_mode() is the person's choice over the administrators' default.
 */
const notifiedAt = (recipient: string, severity: Prisma.Sql, at: Prisma.Sql) =>
  Prisma.sql`CASE WHEN alert_email_mode(${raw(recipient)}, ${severity}) = 'immediate' THEN ${at} END`;
const NOT_RAISED_BEFORE = Prisma.raw(
  "NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = i.dedupe_key AND a.recipient_user_id = i.recipient_user_id)",
);

/** jsonb_build_object() of `fields`: SQL expressions under the payload's own keys. */
function jsonbObject(fields: Record<string, Prisma.Sql>): Prisma.Sql {
  const pairs = Object.entries(fields).map(([key, value]) => {
    if (!/^[A-Za-z]+$/.test(key)) throw new Error(`Not a payload key: ${key}`);
    return Prisma.sql`${raw(`'${key}'`)}, ${value}`;
  });
  return Prisma.sql`jsonb_build_object(${Prisma.join(pairs, ", ")})`;
}

// The payloads of the contract, built over an alert row `c` (RETURNED's columns) and its
// recipient `u`. Typed by the contract's schemas, so a field added there is a compile
// error here until the SQL writes it; the channel prefix, the event and the topic are
// bound parameters from lib/realtime/channels.ts and the contract.
const version = () => Prisma.sql`${ALERT_PAYLOAD_VERSION}::int`;
const EMAIL_PAYLOAD = jsonbObject({
  version: version(),
  alertId: raw("c.id"),
  to: raw("u.email"),
  recipientName: raw("u.name"),
  type: raw("c.type"),
  severity: raw("c.severity"),
  subjectLabel: raw("c.subject_label"),
  entityLabel: raw("c.entity_label"),
  message: raw("c.message"),
  createdAt: raw("c.created_at"),
} satisfies Record<keyof AlertEmailPayload, Prisma.Sql>);
const REALTIME_MESSAGE = jsonbObject({
  channel: Prisma.sql`${USER_CHANNEL_PREFIX}::text || c.recipient_user_id`,
  event: Prisma.sql`${ALERT_CREATED}::text`,
  data: jsonbObject({
    version: version(),
    alertId: raw("c.id"),
    type: raw("c.type"),
    severity: raw("c.severity"),
    subjectLabel: raw("c.subject_label"),
    createdAt: raw("c.created_at"),
  } satisfies Record<keyof AlertRealtimeData, Prisma.Sql>),
} satisfies Record<keyof RealtimeMessage, Prisma.Sql>);

// The email and realtime outbox rows of the alerts a CTE `rows` returned (with RETURNED's
// columns), in one INSERT; each row's created_at is its alert's. The email only for an
// alert told at once (notified_at set); the others wait for a digest.
const outboxSql = (rows: string) => Prisma.sql`
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at)
  SELECT uuidv7(), o.channel, o.topic, o.payload, c.created_at
    FROM ${raw(rows)} c
    -- One index lookup per alert (OFFSET 0): not a hash of every user for a few rows.
    CROSS JOIN LATERAL (SELECT email, name FROM users WHERE users.id = c.recipient_user_id OFFSET 0) u
    CROSS JOIN LATERAL (VALUES
      ('email', ${ALERT_CREATED}::text, ${EMAIL_PAYLOAD}),
      ('realtime', ${ALERT_CREATED}::text, ${REALTIME_MESSAGE})
    ) o(channel, topic, payload)
   WHERE o.channel <> 'email' OR c.notified_at IS NOT NULL
  RETURNING 1`;

/** Alerts given as rows (the audit anomaly scan), inserted with their outbox rows in the caller's transaction. */
export async function insertAlerts(tx: Tx, type: AlertType, rows: InsertRow[], now: Date): Promise<RaisedAlert[]> {
  if (rows.length === 0) return [];
  return tx.$queryRaw<RaisedAlert[]>`
WITH input AS (
  SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
    recipient_user_id uuid, subject_user_id uuid, subject_label text, entity_type text, entity_id text,
    entity_label text, message text, dedupe_key text, details jsonb, severity text)
), created AS (
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT uuidv7(), ${type}::"AlertType", i.severity::"AlertSeverity", i.recipient_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details, ${now}::timestamptz,
         ${notifiedAt("i.recipient_user_id", raw(`i.severity::"AlertSeverity"`), Prisma.sql`${now}::timestamptz`)}
    FROM input i
   WHERE ${NOT_RAISED_BEFORE}
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING ${RETURNED}
), outbox AS (
  ${outboxSql("created")}
)
SELECT id, recipient_user_id AS "recipientUserId", severity::text AS severity, subject_label AS "subjectLabel",
       entity_label AS "entityLabel", dedupe_key AS "dedupeKey"
  FROM created`;
}

// The escalation ladder of the contract as SQL: each severity but the top one step up.
const TOP = SEVERITIES[SEVERITIES.length - 1];
const ESCALATED = raw(`CASE a.severity ${SEVERITIES.slice(0, -2).map((s) => `WHEN '${s}' THEN '${nextSeverity(s)}'`).join(" ")} ELSE '${TOP}' END`);
const BELOW_TOP = raw(`a.severity <> '${TOP}'`);
const SECOND_LEVEL = raw(`severity IN (${SECOND_LEVEL_SEVERITIES.map((s) => `'${s}'`).join(", ")})`);

export type RaiseOptions = { type: ScanType; conditions: ConditionQuery; now: Date; escalationIntervalHours: number };

type RaiseRow = { found: number; escalated: number; raised: RaisedAlert[] };

/**
 * Finds, raises, escalates and audits one scan's conditions: one audited statement, one
 * round trip. Its steps: `input` (the conditions, materialized once) → `created` (new
 * alerts, in dedupe-key order so overlapping runs take the unique index's locks in one
 * order) → `escalated` (persisting open alerts one level up, when an interval has
 * passed since they were raised or last escalated) → `copies` (to the second-level
 * recipient when an escalation reaches high or critical) → outbox rows for every new
 * alert → `summary`, whose one row `changed` keeps when anything changed: the scan's
 * audit entry is derived from it, so a scan that changed nothing writes none. The audit
 * call reads every other step's rows, so the chain head is locked last.
 */
export async function raiseConditions({ type, conditions, now, escalationIntervalHours }: RaiseOptions): Promise<RaiseResult> {
  const at = Prisma.sql`${now}::timestamptz`;
  const alertType = Prisma.sql`${type}::"AlertType"`;
  const summarized = { summarizedBy: "changed" };
  const steps: AuditedStep[] = [
    { name: "input", read: true, materialized: true, sql: conditions },
    {
      name: "created",
      ...summarized,
      sql: Prisma.sql`
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT uuidv7(), ${alertType}, ${BASE_SEVERITY[type]}::"AlertSeverity", i.recipient_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details, ${at},
         ${notifiedAt("i.recipient_user_id", Prisma.sql`${BASE_SEVERITY[type]}::"AlertSeverity"`, at)}
    FROM input i
   WHERE ${NOT_RAISED_BEFORE}
   ORDER BY i.dedupe_key, i.recipient_user_id
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING ${RETURNED}`,
    },
    {
      name: "escalated",
      ...summarized,
      sql: Prisma.sql`
  UPDATE alerts a
     SET severity = (${ESCALATED})::"AlertSeverity",
         escalated_at = ${at},
         -- An escalation ends a snooze: the alert is back in the open list at its new severity.
         snoozed_until = NULL
   WHERE a.status = 'OPEN' AND a.type = ${alertType} AND ${BELOW_TOP}
     AND a.dedupe_key IN (SELECT dedupe_key FROM input)
     AND COALESCE(a.escalated_at, a.created_at) <= ${at} - make_interval(hours => ${escalationIntervalHours}::int)
  RETURNING a.dedupe_key, a.severity`,
    },
    {
      name: "copies",
      ...summarized,
      sql: Prisma.sql`
  INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT uuidv7(), ${alertType}, e.severity, i.second_user_id, i.subject_user_id, i.subject_label,
         i.entity_type, i.entity_id, i.entity_label, i.message, i.dedupe_key, i.details || '{"escalated": true}'::jsonb, ${at},
         ${notifiedAt("i.second_user_id", raw("e.severity"), at)}
    FROM (SELECT DISTINCT ON (dedupe_key) dedupe_key, severity FROM escalated
           WHERE ${SECOND_LEVEL} ORDER BY dedupe_key, severity DESC) e
    JOIN LATERAL (SELECT * FROM input i WHERE i.dedupe_key = e.dedupe_key AND i.second_user_id IS NOT NULL LIMIT 1) i ON true
   WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = i.dedupe_key AND a.recipient_user_id = i.second_user_id)
   ORDER BY i.dedupe_key
  ON CONFLICT (dedupe_key, recipient_user_id) WHERE status = 'OPEN' DO NOTHING
  RETURNING ${RETURNED}`,
    },
    { name: "new_alerts", read: true, sql: Prisma.sql`SELECT * FROM created UNION ALL SELECT * FROM copies` },
    { name: "outbox", ...summarized, sql: outboxSql("new_alerts") },
    {
      name: "summary",
      read: true,
      sql: Prisma.sql`
  SELECT (SELECT count(*) FROM input)::int AS found, (SELECT count(*) FROM new_alerts)::int AS raised,
         (SELECT count(*) FROM escalated)::int AS escalated, (SELECT count(*) FROM outbox) AS outboxed,
         (SELECT COALESCE(jsonb_agg(x.id), '[]') FROM (SELECT id FROM new_alerts LIMIT 200) x) AS alert_ids`,
    },
    { name: "changed", read: true, sql: Prisma.sql`SELECT * FROM summary WHERE raised > 0 OR escalated > 0` },
  ];
  const { row } = await auditedStatement<RaiseRow>(
    steps,
    [
      {
        rowsOf: "changed",
        entry: {
          eventType: "system",
          category: "alerts",
          actionType: "alerts.scan_raised",
          description: `The ${ALERT_TYPE_LABELS[type].toLowerCase()} scan raised alerts`, // replaced by the counts below
          actor: systemActor("alert scans"),
          object: { type: "alert_scan", id: type, name: `Alert scan: ${ALERT_TYPE_LABELS[type]}` },
          after: { raised: 0, escalated: 0, found: 0 },
          additionalData: { alertIds: [], at: now.toISOString() },
        },
        columns: {
          // Labels, not codes: "The missing check-out scan raised 4 alerts and escalated 1".
          action_description: Prisma.sql`'The ' || ${ALERT_TYPE_LABELS[type].toLowerCase()}::text || ' scan raised ' || changed.raised || ' alert' || CASE WHEN changed.raised = 1 THEN '' ELSE 's' END
                                         || ' and escalated ' || changed.escalated`,
          new_values: Prisma.sql`jsonb_build_object('raised', changed.raised, 'escalated', changed.escalated, 'found', changed.found)`,
          additional_data: Prisma.sql`jsonb_build_object('alertIds', changed.alert_ids, 'at', ${now.toISOString()}::text)`,
        },
      },
    ],
    {
      select: {
        columns: Prisma.sql`s.found, s.escalated,
       COALESCE((SELECT json_agg(json_build_object('id', n.id, 'recipientUserId', n.recipient_user_id, 'severity', n.severity,
                                                  'subjectLabel', n.subject_label, 'entityLabel', n.entity_label, 'dedupeKey', n.dedupe_key))
                   FROM new_alerts n), '[]') AS raised`,
        from: Prisma.sql`summary s`,
      },
      // The summary entry is written exactly when the statement raised or escalated.
      expectEntries: (r) => (r.raised.length > 0 || r.escalated > 0 ? 1 : 0),
    },
  );
  return { type, found: row.found, raised: row.raised, escalated: row.escalated };
}
