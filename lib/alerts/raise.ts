// Raising what a scan found, safe under retries and overlapping runs:
// - one INSERT … ON CONFLICT DO NOTHING: the partial unique index
//   alerts_one_open_per_condition (dedupe_key, recipient) WHERE status = 'OPEN' decides
//   whether an alert is new, never a read before the write;
// - a condition that already has an alert of any status for that recipient (resolved or
//   dismissed) is skipped: it is raised again only when it recurs under a new key;
// - the same statement writes the email and realtime outbox rows of each new alert, so
//   a crash after commit loses nothing and a rolled-back insert sends nothing;
// - persisting conditions escalate one severity level per interval in one guarded
//   UPDATE (a concurrent run re-checks the row after the first one's update), and at
//   high or above a copy reaches the second-level recipient.
import { systemActor } from "@/lib/audit/actor";
import type { AuditEntryInput } from "@/lib/audit/schemas";
import { appendAuditEntries } from "@/lib/audit/writer";
import { db, type Tx } from "@/lib/db";
import type { AlertSeverity, ScanType } from "./rules";
import { BASE_SEVERITY, reachesSecondLevel } from "./rules";
import type { Condition } from "./scans";

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
), emails AS (
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at)
  SELECT uuidv7(), 'email', 'alert.created',
         jsonb_build_object('alertId', c.id, 'to', u.email, 'recipientName', u.name, 'type', c.type, 'severity', c.severity,
                            'subjectLabel', c.subject_label, 'entityLabel', c.entity_label, 'message', c.message,
                            'createdAt', c.created_at),
         $3::timestamptz
    FROM created c JOIN users u ON u.id = c.recipient_user_id
  RETURNING 1
), pushes AS (
  INSERT INTO outbox_messages (id, channel, topic, payload, created_at)
  SELECT uuidv7(), 'realtime', 'alert_created',
         jsonb_build_object('channel', 'private-user-' || c.recipient_user_id, 'event', 'alert_created',
                            'data', jsonb_build_object('alertId', c.id, 'type', c.type, 'severity', c.severity,
                                                       'subjectLabel', c.subject_label, 'createdAt', c.created_at)),
         $3::timestamptz
    FROM created c
  RETURNING 1
)
SELECT id, recipient_user_id AS "recipientUserId", severity::text AS severity, subject_label AS "subjectLabel",
       entity_label AS "entityLabel", dedupe_key AS "dedupeKey"
  FROM created`;

const ESCALATE_SQL = `
UPDATE alerts
   SET severity = (CASE severity WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high' ELSE 'critical' END)::"AlertSeverity",
       escalated_at = $3::timestamptz
 WHERE status = 'OPEN' AND type = $1::"AlertType" AND severity <> 'critical' AND dedupe_key = ANY($2::text[])
   AND COALESCE(escalated_at, created_at) <= $3::timestamptz - make_interval(hours => $4::int)
RETURNING dedupe_key AS "dedupeKey", severity::text AS severity`;

function insertRow(c: Condition, recipient: string, severity: AlertSeverity, extra: Record<string, unknown> = {}): InsertRow {
  return {
    recipient_user_id: recipient,
    subject_user_id: c.subjectUserId,
    subject_label: c.subjectLabel,
    entity_type: c.entityType,
    entity_id: c.entityId,
    entity_label: c.entityLabel,
    message: c.message,
    dedupe_key: c.dedupeKey,
    details: { ...c.details, ...extra },
    severity,
  };
}

export async function insertAlerts(tx: Tx, type: ScanType | "audit_anomaly", rows: InsertRow[], now: Date): Promise<RaisedAlert[]> {
  if (rows.length === 0) return [];
  return tx.$queryRawUnsafe<RaisedAlert[]>(INSERT_SQL, JSON.stringify(rows), type, now);
}

export type RaiseOptions = { type: ScanType; conditions: Condition[]; now: Date; escalationIntervalHours: number };

/** Raises new conditions, escalates persisting ones; one transaction, audited when anything changed. */
export async function raiseConditions({ type, conditions, now, escalationIntervalHours }: RaiseOptions): Promise<RaiseResult> {
  const base = BASE_SEVERITY[type];
  const byKey = new Map(conditions.map((c) => [c.dedupeKey, c]));
  return db.$transaction(
    async (tx) => {
      const raised = await insertAlerts(tx, type, conditions.map((c) => insertRow(c, c.recipientUserId, base)), now);
      let escalated = 0;
      if (byKey.size > 0) {
        const bumped = await tx.$queryRawUnsafe<Array<{ dedupeKey: string; severity: AlertSeverity }>>(ESCALATE_SQL, type, [...byKey.keys()], now, escalationIntervalHours);
        escalated = bumped.length;
        const copies: InsertRow[] = [];
        const seen = new Set<string>();
        for (const b of bumped) {
          const c = byKey.get(b.dedupeKey);
          if (!c || !reachesSecondLevel(b.severity) || !c.secondLevelUserId || seen.has(c.dedupeKey)) continue;
          seen.add(c.dedupeKey);
          copies.push(insertRow(c, c.secondLevelUserId, b.severity, { escalated: true }));
        }
        raised.push(...(await insertAlerts(tx, type, copies, now)));
      }
      if (raised.length > 0 || escalated > 0) {
        const entry: AuditEntryInput = {
          eventType: "system",
          category: "alerts",
          actionType: "alerts.scan_raised",
          description: `Scan ${type} raised ${raised.length} alert${raised.length === 1 ? "" : "s"} and escalated ${escalated}`,
          actor: systemActor("alert scans"),
          object: { type: "alert_scan", id: type, name: `Alert scan: ${type}` },
          after: { raised: raised.length, escalated, found: conditions.length },
          additionalData: { alertIds: raised.slice(0, 200).map((r) => r.id), at: now.toISOString() },
        };
        await appendAuditEntries(tx, [entry]);
      }
      return { type, found: conditions.length, raised, escalated };
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
