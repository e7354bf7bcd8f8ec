// Anomalies in the audit log (spec 001 AuditAlert): a burst of failed sign-ins on one
// account or from one address, an unusually large export, a privilege change outside
// PKT working hours. Each is stored once as an AuditAlert (its dedupe key names the
// pattern and window, so overlapping scans record it once) and raised as a critical
// alert to every active admin and auditor, in the same transaction.
import { systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction, whenNothingRecorded } from "@/lib/audit/write/transaction";
import { rolesWith } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { actionLabel } from "@/lib/audit/search/labels";
import { formatDateTime } from "@/lib/time";
import { anomalyTypeLabel } from "./anomaly-labels";
import { BASE_SEVERITY } from "./contract";
import { insertAlerts, type InsertRow } from "./raise";
import { isOffHoursPkt } from "./rules";

export const ANOMALY_THRESHOLDS = {
  /** Failed sign-ins on one account within one window. */
  failedPerAccount: 5,
  /** Failed sign-ins from one client address within one window. */
  failedPerIp: 20,
  windowMinutes: 15,
  /** Rows in one export. */
  largeExportRows: 10_000,
} as const;

const PRIVILEGE_ACTIONS = ["user.role_changed", "security.permissions_seeded", "user.activated"];

export type Anomaly = { dedupeKey: string; alertType: string; message: string; details: Record<string, unknown>; at: Date };

/** The anomalies in the audit entries since `since` (by event time). */
export async function findAnomalies({ since, now }: { since: Date; now: Date }): Promise<Anomaly[]> {
  const t = ANOMALY_THRESHOLDS;
  const [accounts, ips, exports, privileges] = await Promise.all([
    db.$queryRawUnsafe<Array<{ key: string; bucket: Date; n: number }>>(
      `SELECT lower(user_email) AS key, date_bin(make_interval(mins => $3), event_timestamp, 'epoch') AS bucket, count(*)::int AS n
         FROM audit_logs WHERE action_type = 'auth.login_failed' AND event_timestamp >= $1 AND event_timestamp <= $2 AND user_email <> ''
        GROUP BY 1, 2 HAVING count(*) >= $4`,
      since, now, t.windowMinutes, t.failedPerAccount,
    ),
    db.$queryRawUnsafe<Array<{ key: string; bucket: Date; n: number }>>(
      `SELECT ip_address AS key, date_bin(make_interval(mins => $3), event_timestamp, 'epoch') AS bucket, count(*)::int AS n
         FROM audit_logs WHERE action_type = 'auth.login_failed' AND event_timestamp >= $1 AND event_timestamp <= $2 AND ip_address IS NOT NULL
        GROUP BY 1, 2 HAVING count(*) >= $4`,
      since, now, t.windowMinutes, t.failedPerIp,
    ),
    db.$queryRawUnsafe<Array<{ id: string; at: Date; user_name: string; action_type: string; rows: number }>>(
      `SELECT id::text, event_timestamp AS at, user_name, action_type, (additional_data->>'rowCount')::int AS rows
         FROM audit_logs WHERE event_type = 'export' AND event_timestamp >= $1 AND event_timestamp <= $2
          AND additional_data->>'rowCount' ~ '^[0-9]{1,9}$' AND (additional_data->>'rowCount')::int >= $3`,
      since, now, t.largeExportRows,
    ),
    db.$queryRawUnsafe<Array<{ id: string; at: Date; user_name: string; object_name: string; action_type: string }>>(
      `SELECT id::text, event_timestamp AS at, user_name, object_name, action_type
         FROM audit_logs WHERE action_type = ANY($3::text[]) AND event_timestamp >= $1 AND event_timestamp <= $2 AND user_role <> 'system'`,
      since, now, PRIVILEGE_ACTIONS,
    ),
  ]);
  const out: Anomaly[] = [];
  for (const a of accounts) {
    out.push({
      dedupeKey: `failed_signin_account:${a.key}:${a.bucket.toISOString()}`, alertType: "failed_signin_burst", at: a.bucket,
      message: `${a.n} failed sign-ins for ${a.key} within ${t.windowMinutes} minutes from ${formatDateTime(a.bucket)}.`,
      details: { scope: "account", account: a.key, count: a.n, windowStart: a.bucket.toISOString(), windowMinutes: t.windowMinutes },
    });
  }
  for (const a of ips) {
    out.push({
      dedupeKey: `failed_signin_ip:${a.key}:${a.bucket.toISOString()}`, alertType: "failed_signin_burst", at: a.bucket,
      message: `${a.n} failed sign-ins from ${a.key} within ${t.windowMinutes} minutes from ${formatDateTime(a.bucket)}.`,
      details: { scope: "ip", ip: a.key, count: a.n, windowStart: a.bucket.toISOString(), windowMinutes: t.windowMinutes },
    });
  }
  for (const e of exports) {
    out.push({
      dedupeKey: `large_export:${e.id}`, alertType: "large_export", at: e.at,
      message: `${e.user_name} exported ${e.rows.toLocaleString("en-US")} rows (${actionLabel(e.action_type)}) at ${formatDateTime(e.at)}.`,
      details: { auditEntryId: e.id, rows: e.rows, actionType: e.action_type, by: e.user_name },
    });
  }
  for (const p of privileges) {
    if (!isOffHoursPkt(p.at)) continue;
    out.push({
      dedupeKey: `off_hours_privilege:${p.id}`, alertType: "off_hours_privilege_change", at: p.at,
      message: `${p.user_name} made a privilege change (${actionLabel(p.action_type)}${p.object_name ? ` on ${p.object_name}` : ""}) outside working hours, at ${formatDateTime(p.at)}.`,
      details: { auditEntryId: p.id, actionType: p.action_type, by: p.user_name, object: p.object_name },
    });
  }
  return out;
}

/**
 * Records new anomalies and alerts admins and auditors, with one audit entry, in one
 * audited transaction; returns how many were new. Anomalies already on record change
 * nothing and record nothing.
 */
export async function recordAnomalies(anomalies: Anomaly[], now: Date): Promise<{ found: number; recorded: number; alerted: number }> {
  const unchanged = { found: anomalies.length, recorded: 0, alerted: 0 };
  if (anomalies.length === 0) return unchanged;
  return auditedTransaction(async (tx, audit) => {
    const created = await tx.$queryRawUnsafe<Array<{ id: string; dedupe_key: string; alert_type: string; alert_message: string }>>(
      `INSERT INTO audit_alerts (id, alert_type, alert_message, alert_severity, details, dedupe_key, created_at)
       SELECT uuidv7(), x.alert_type, x.message, 'critical', x.details, x.dedupe_key, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(alert_type text, message text, details jsonb, dedupe_key text)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, dedupe_key, alert_type, alert_message`,
      JSON.stringify(anomalies.map((a) => ({ alert_type: a.alertType, message: a.message, details: a.details, dedupe_key: a.dedupeKey }))),
      now,
    );
    if (created.length === 0) return unchanged; // nothing recorded: refused and rolled back, with nothing to undo
    const recipients = await tx.user.findMany({ where: { status: "active", role: { in: rolesWith("audit:view_all") } }, select: { id: true } });
    const rows: InsertRow[] = [];
    for (const c of created) {
      for (const r of recipients) {
        rows.push({
          recipient_user_id: r.id, subject_user_id: null, subject_label: anomalyTypeLabel(c.alert_type),
          entity_type: "audit_alert", entity_id: c.id, entity_label: c.alert_message.slice(0, 200), message: c.alert_message,
          dedupe_key: `audit_anomaly:${c.dedupe_key}`, details: { auditAlertId: c.id, anomaly: c.alert_type }, severity: BASE_SEVERITY.audit_anomaly,
        });
      }
    }
    const alerted = await insertAlerts(tx, "audit_anomaly", rows, now);
    audit.record({
      eventType: "system", category: "security", actionType: "audit.anomalies_detected",
      description: `Anomaly scan recorded ${created.length} audit alert${created.length === 1 ? "" : "s"}: ${[...new Set(created.map((c) => anomalyTypeLabel(c.alert_type)))].join(", ")}`,
      actor: systemActor("anomaly scan"), object: { type: "audit_alert", name: "Audit anomalies" },
      after: { recorded: created.length, alerted: alerted.length }, additionalData: { auditAlertIds: created.map((c) => c.id) }, riskLevel: "high",
    });
    return { found: anomalies.length, recorded: created.length, alerted: alerted.length };
  }).catch(whenNothingRecorded(unchanged));
}

/** The anomaly scan: the last `lookbackMinutes` of the log (overlapping windows are harmless). */
export async function runAnomalyScan({ now = new Date(), lookbackMinutes = 24 * 60 } = {}) {
  return recordAnomalies(await findAnomalies({ since: new Date(now.getTime() - lookbackMinutes * 60_000), now }), now);
}
