// The six compliance report types (issue 21), each the answer to a question an auditor
// is asked, built from the database for one period. Every figure is one SQL statement
// over the stored rows (the integration tests recompute each with plain SQL), and
// every table is the rows behind a figure, so a reader can check one against the other.
import { PERMISSIONS, ROLE_LABELS, type Role } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { pktWorkingHoursSql } from "@/lib/time-sql";
import { actionLabel, fieldLabel } from "../search/labels";
import type { ReportDocument, ReportPeriod, ReportType } from "./document";

type Built = Pick<ReportDocument, "figures" | "tables">;
type Builder = (period: ReportPeriod, now: Date) => Promise<Built>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? fieldLabel(r);

/** Role and permission holders now; changes in the period; idle accounts; suspended accounts that keep tokens. */
const accessReview: Builder = async ({ from, to }, now) => {
  const holders = await db.$queryRaw<Array<{ name: string; email: string; role: string; status: string; department: string | null; last_login_at: Date | null }>>`
    SELECT u.name, u.email, u.role::text AS role, u.status::text AS status, d.name AS department, u.last_login_at
      FROM users u LEFT JOIN departments d ON d.id = u.department_id ORDER BY u.role, u.name, u.email`;
  const changes = await db.$queryRaw<Array<{ at: Date; action_type: string; by: string; whose: string; old_role: string | null; new_role: string | null }>>`
    SELECT event_timestamp AS at, action_type, user_name AS by, object_name AS whose, old_values->>'role' AS old_role, new_values->>'role' AS new_role
      FROM audit_logs
     WHERE action_type IN ('user.role_changed', 'security.permissions_seeded', 'user.suspended', 'user.activated')
       AND event_timestamp >= ${from} AND event_timestamp < ${to}
     ORDER BY event_timestamp, id`;
  const idleSince = new Date(to.getTime() - 90 * 86_400_000);
  const idle = holders.filter((h) => h.status === "active" && (h.last_login_at === null || h.last_login_at < idleSince));
  const tokens = await db.$queryRaw<Array<{ name: string; email: string; tokens: number; last_used_at: Date | null }>>`
    SELECT u.name, u.email, count(*)::int AS tokens, max(t.last_used_at) AS last_used_at
      FROM users u JOIN api_tokens t ON t.user_id = u.id
     WHERE u.status = 'suspended' AND t.revoked_at IS NULL AND t.expires_at > ${now}
     GROUP BY u.id, u.name, u.email ORDER BY u.name`;
  return {
    figures: [
      { key: "accounts", label: "Accounts", value: holders.length, kind: "count" },
      { key: "active", label: "Active accounts", value: holders.filter((h) => h.status === "active").length, kind: "count" },
      { key: "suspended", label: "Suspended accounts", value: holders.filter((h) => h.status === "suspended").length, kind: "count" },
      { key: "changes", label: "Role and access changes in the period", value: changes.length, kind: "count" },
      { key: "idle", label: "Active accounts not used in 90 days", value: idle.length, kind: "count" },
      { key: "suspendedWithTokens", label: "Suspended accounts still holding API tokens", value: tokens.length, kind: "count" },
    ],
    tables: [
      {
        key: "holders", title: "Who holds which role and permissions now",
        columns: [{ key: "name", label: "Person" }, { key: "email", label: "Email" }, { key: "role", label: "Role" }, { key: "status", label: "Status" }, { key: "department", label: "Department" }, { key: "permissions", label: "Permissions" }],
        rows: holders.map((h) => ({
          name: h.name, email: h.email, role: roleLabel(h.role), status: fieldLabel(h.status), department: h.department ?? "",
          permissions: (PERMISSIONS[h.role as Role] ?? []).join(", "),
        })),
      },
      {
        key: "changes", title: "Role and access changes in the period, and who made them",
        columns: [{ key: "at", label: "When", kind: "time" }, { key: "change", label: "Change" }, { key: "whose", label: "Whose" }, { key: "from", label: "From" }, { key: "to", label: "To" }, { key: "by", label: "Made by" }],
        rows: changes.map((c) => ({
          at: iso(c.at), change: actionLabel(c.action_type), whose: c.whose, from: c.old_role ? roleLabel(c.old_role) : "", to: c.new_role ? roleLabel(c.new_role) : "", by: c.by,
        })),
      },
      {
        key: "idle", title: "Active accounts not used in the 90 days before the period's end",
        columns: [{ key: "name", label: "Person" }, { key: "email", label: "Email" }, { key: "role", label: "Role" }, { key: "lastSignIn", label: "Last sign-in", kind: "time" }],
        rows: idle.map((h) => ({ name: h.name, email: h.email, role: roleLabel(h.role), lastSignIn: iso(h.last_login_at) })),
      },
      {
        key: "suspendedWithTokens", title: "Suspended accounts that still hold live API tokens",
        columns: [{ key: "name", label: "Person" }, { key: "email", label: "Email" }, { key: "tokens", label: "Live tokens", kind: "count" }, { key: "lastUsed", label: "Last used", kind: "time" }],
        rows: tokens.map((t) => ({ name: t.name, email: t.email, tokens: t.tokens, lastUsed: iso(t.last_used_at) })),
      },
    ],
  };
};

const SIGN_IN_ACTIONS = ["auth.login_succeeded", "auth.login_failed", "auth.locked_out", "auth.login_throttled", "auth.login_suspended"];

/** Sign-ins, failures, lockouts and throttles by person and address; off-hours sign-ins; new devices. */
const authentication: Builder = async ({ from, to }) => {
  const byPerson = await db.$queryRaw<Array<{ who: string; address: string; succeeded: number; failed: number; locked: number; throttled: number; off_hours: number }>>`
    SELECT coalesce(nullif(user_email, ''), nullif(user_name, ''), 'unknown') AS who, coalesce(ip_address, '') AS address,
           count(*) FILTER (WHERE action_type = 'auth.login_succeeded')::int AS succeeded,
           count(*) FILTER (WHERE action_type IN ('auth.login_failed', 'auth.login_suspended'))::int AS failed,
           count(*) FILTER (WHERE action_type = 'auth.locked_out')::int AS locked,
           count(*) FILTER (WHERE action_type = 'auth.login_throttled')::int AS throttled,
           count(*) FILTER (WHERE action_type = 'auth.login_succeeded' AND NOT ${pktWorkingHoursSql(Prisma.raw("event_timestamp"))})::int AS off_hours
      FROM audit_logs
     WHERE action_type IN (${Prisma.join(SIGN_IN_ACTIONS)}) AND event_timestamp >= ${from} AND event_timestamp < ${to}
     GROUP BY 1, 2 ORDER BY (count(*) FILTER (WHERE action_type <> 'auth.login_succeeded')) DESC, 1, 2`;
  const offHours = await db.$queryRaw<Array<{ at: Date; who: string; address: string }>>`
    SELECT event_timestamp AS at, coalesce(nullif(user_name, ''), user_email) AS who, coalesce(ip_address, '') AS address
      FROM audit_logs
     WHERE action_type = 'auth.login_succeeded' AND event_timestamp >= ${from} AND event_timestamp < ${to}
       AND NOT ${pktWorkingHoursSql(Prisma.raw("event_timestamp"))}
     ORDER BY event_timestamp, id`;
  const devices = await db.$queryRaw<Array<{ at: Date; who: string; address: string; device: string }>>`
    SELECT login_time AS at, user_name AS who, ip_address AS address, concat_ws(' · ', nullif(browser_info, ''), nullif(device_type, '')) AS device
      FROM audit_sessions
     WHERE login_time >= ${from} AND login_time < ${to} AND security_flags ? 'new_device'
     ORDER BY login_time, id`;
  const sum = (k: "succeeded" | "failed" | "locked" | "throttled" | "off_hours") => byPerson.reduce((n, r) => n + r[k], 0);
  return {
    figures: [
      { key: "signIns", label: "Sign-ins", value: sum("succeeded"), kind: "count" },
      { key: "failures", label: "Failed sign-ins", value: sum("failed"), kind: "count" },
      { key: "lockouts", label: "Lockouts", value: sum("locked"), kind: "count" },
      { key: "throttles", label: "Throttled attempts", value: sum("throttled"), kind: "count" },
      { key: "offHours", label: "Sign-ins outside working hours (PKT)", value: sum("off_hours"), kind: "count" },
      { key: "newDevices", label: "Sign-ins from a new device", value: devices.length, kind: "count" },
    ],
    tables: [
      {
        key: "byPerson", title: "By person and address",
        columns: [{ key: "who", label: "Person" }, { key: "address", label: "Address" }, { key: "succeeded", label: "Sign-ins", kind: "count" }, { key: "failed", label: "Failures", kind: "count" }, { key: "locked", label: "Lockouts", kind: "count" }, { key: "throttled", label: "Throttled", kind: "count" }, { key: "offHours", label: "Off hours", kind: "count" }],
        rows: byPerson.map((r) => ({ who: r.who, address: r.address, succeeded: r.succeeded, failed: r.failed, locked: r.locked, throttled: r.throttled, offHours: r.off_hours })),
      },
      {
        key: "offHours", title: "Sign-ins outside working hours (weekdays 08:00–19:00 PKT)",
        columns: [{ key: "at", label: "When", kind: "time" }, { key: "who", label: "Person" }, { key: "address", label: "Address" }],
        rows: offHours.map((r) => ({ at: iso(r.at), who: r.who, address: r.address })),
      },
      {
        key: "newDevices", title: "Sign-ins from a device the person had not used before",
        columns: [{ key: "at", label: "When", kind: "time" }, { key: "who", label: "Person" }, { key: "address", label: "Address" }, { key: "device", label: "Device" }],
        rows: devices.map((r) => ({ at: iso(r.at), who: r.who, address: r.address, device: r.device })),
      },
    ],
  };
};

const SENSITIVE_CATEGORIES = ["health_data", "compensation_data", "financial_data"];

/** Who read health and salary data, whose, how often, and the refusals. */
const sensitiveDataAccess: Builder = async ({ from, to }) => {
  const rows = await db.$queryRaw<Array<{ reader: string; role: string; whose: string; category: string; reads: number; refused: number; last_at: Date }>>`
    SELECT user_name AS reader, user_role AS role, coalesce(nullif(subject_name, ''), 'several people') AS whose, data_category::text AS category,
           count(*) FILTER (WHERE access_status IN ('granted', 'partial'))::int AS reads,
           count(*) FILTER (WHERE access_status = 'denied')::int AS refused,
           max(access_timestamp) AS last_at
      FROM data_access_logs
     WHERE (data_category::text IN (${Prisma.join(SENSITIVE_CATEGORIES)}) OR is_phi_data)
       AND access_timestamp >= ${from} AND access_timestamp < ${to}
     GROUP BY 1, 2, 3, 4 ORDER BY count(*) DESC, 1, 3`;
  const totals = await db.$queryRaw<Array<{ readers: number; subjects: number }>>`
    SELECT count(DISTINCT user_id)::int AS readers, count(DISTINCT subject_user_id)::int AS subjects
      FROM data_access_logs
     WHERE (data_category::text IN (${Prisma.join(SENSITIVE_CATEGORIES)}) OR is_phi_data)
       AND access_timestamp >= ${from} AND access_timestamp < ${to} AND access_status IN ('granted', 'partial')`;
  return {
    figures: [
      { key: "reads", label: "Reads of health, salary and financial data", value: rows.reduce((n, r) => n + r.reads, 0), kind: "count" },
      { key: "refused", label: "Refused attempts", value: rows.reduce((n, r) => n + r.refused, 0), kind: "count" },
      { key: "readers", label: "People who read such data", value: totals[0]?.readers ?? 0, kind: "count" },
      { key: "subjects", label: "People whose data was read", value: totals[0]?.subjects ?? 0, kind: "count" },
    ],
    tables: [
      {
        key: "byReader", title: "Who read whose data, how often, and what was refused",
        columns: [{ key: "reader", label: "Reader" }, { key: "role", label: "Role" }, { key: "whose", label: "Whose" }, { key: "category", label: "Data" }, { key: "reads", label: "Reads", kind: "count" }, { key: "refused", label: "Refused", kind: "count" }, { key: "lastAt", label: "Last", kind: "time" }],
        rows: rows.map((r) => ({ reader: r.reader, role: roleLabel(r.role), whose: r.whose, category: fieldLabel(r.category), reads: r.reads, refused: r.refused, lastAt: iso(r.last_at) })),
      },
    ],
  };
};

/** Verification runs and outcomes, checkpoints signed and their keys, archives, and gaps between checkpoints. */
const integrityAttestation: Builder = async ({ from, to }) => {
  const runs = await db.$queryRaw<Array<{ at: Date; who: string; status: string; entries: string | null }>>`
    SELECT event_timestamp AS at, user_name AS who, coalesce(additional_data->>'status', status::text) AS status, additional_data->>'entriesChecked' AS entries
      FROM audit_logs
     WHERE action_type IN ('audit.verified', 'audit.verification_failed') AND event_timestamp >= ${from} AND event_timestamp < ${to}
     ORDER BY event_timestamp, id`;
  const checkpoints = await db.$queryRaw<Array<{ id: string; created_at: Date; key_id: string; total: string; merkle_size: string | null }>>`
    SELECT id::text, created_at, key_id, total_entries::text AS total, merkle_size::text
      FROM audit_checkpoints WHERE created_at >= ${from} AND created_at < ${to} ORDER BY audit_checkpoints.id`;
  const archives = await db.$queryRaw<Array<{ id: string; created_at: Date; partition: string; rows: string; sha: string; key_id: string }>>`
    SELECT id::text, created_at, partition, row_count::text AS rows, file_sha256 AS sha, key_id
      FROM audit_archives WHERE created_at >= ${from} AND created_at < ${to} ORDER BY audit_archives.id`;
  // A gap: more than twice the checkpoint interval without a checkpoint, inside the period.
  const limitMs = 2 * env.AUDIT_CHECKPOINT_MINUTES * 60_000;
  const marks = [from.getTime(), ...checkpoints.map((c) => c.created_at.getTime()), to.getTime()];
  const gaps: Array<{ from: string; to: string; hours: number }> = [];
  for (let i = 1; i < marks.length; i++) {
    if (marks[i]! - marks[i - 1]! > limitMs) gaps.push({ from: new Date(marks[i - 1]!).toISOString(), to: new Date(marks[i]!).toISOString(), hours: Math.round((marks[i]! - marks[i - 1]!) / 360_000) / 10 });
  }
  const keys = [...new Set(checkpoints.map((c) => c.key_id))];
  const last = runs[runs.length - 1];
  return {
    figures: [
      { key: "verifications", label: "Verification runs", value: runs.length, kind: "count" },
      { key: "broken", label: "Runs that found damage", value: runs.filter((r) => r.status === "broken").length, kind: "count" },
      { key: "lastOutcome", label: "Last verification", value: last ? `${fieldLabel(last.status)}, ${last.at.toISOString()}` : "none in the period" },
      { key: "checkpoints", label: "Checkpoints signed", value: checkpoints.length, kind: "count" },
      { key: "keys", label: "Signing keys used", value: keys.join(", ") || "none" },
      { key: "archives", label: "Months archived", value: archives.length, kind: "count" },
      { key: "gaps", label: `Gaps of more than ${2 * env.AUDIT_CHECKPOINT_MINUTES} minutes without a checkpoint`, value: gaps.length, kind: "count" },
    ],
    tables: [
      {
        key: "runs", title: "Verification runs",
        columns: [{ key: "at", label: "When", kind: "time" }, { key: "who", label: "Run by" }, { key: "status", label: "Outcome" }, { key: "entries", label: "Entries checked", kind: "count" }],
        rows: runs.map((r) => ({ at: iso(r.at), who: r.who, status: fieldLabel(r.status), entries: r.entries === null ? null : Number(r.entries) })),
      },
      {
        key: "checkpoints", title: "Checkpoints signed",
        columns: [{ key: "id", label: "Checkpoint" }, { key: "at", label: "Signed", kind: "time" }, { key: "key", label: "Key" }, { key: "entries", label: "Entries", kind: "count" }, { key: "tree", label: "Merkle tree size", kind: "count" }],
        rows: checkpoints.map((c) => ({ id: `#${c.id}`, at: iso(c.created_at), key: c.key_id, entries: Number(c.total), tree: c.merkle_size === null ? null : Number(c.merkle_size) })),
      },
      {
        key: "archives", title: "Months archived",
        columns: [{ key: "partition", label: "Month" }, { key: "at", label: "Archived", kind: "time" }, { key: "rows", label: "Entries", kind: "count" }, { key: "sha", label: "File SHA-256" }, { key: "key", label: "Key" }],
        rows: archives.map((a) => ({ partition: a.partition.replace(/^audit_logs_p(\d{4})(\d{2})$/, "$1-$2"), at: iso(a.created_at), rows: Number(a.rows), sha: a.sha, key: a.key_id })),
      },
      {
        key: "gaps", title: "Gaps without a checkpoint",
        columns: [{ key: "from", label: "From", kind: "time" }, { key: "to", label: "To", kind: "time" }, { key: "hours", label: "Hours", kind: "hours" }],
        rows: gaps,
      },
    ],
  };
};

/** Alerts raised, resolved, dismissed and escalated by type and team; time to resolve; open past their deadline. */
const alertHandling: Builder = async ({ from, to }, now) => {
  const intervalHours = Number((await db.setting.findUnique({ where: { key: "alerts.escalation_interval_hours" } }))?.value ?? 24) || 24;
  const rows = await db.$queryRaw<Array<{ type: string; team: string; raised: number; resolved: number; dismissed: number; escalated: number; open: number; median_h: number | null; p90_h: number | null; overdue: number }>>`
    SELECT a.type::text AS type, coalesce(d.name, 'No department') AS team,
           count(*)::int AS raised,
           count(*) FILTER (WHERE a.status = 'RESOLVED')::int AS resolved,
           count(*) FILTER (WHERE a.status = 'DISMISSED')::int AS dismissed,
           count(*) FILTER (WHERE a.escalated_at IS NOT NULL)::int AS escalated,
           count(*) FILTER (WHERE a.status = 'OPEN')::int AS open,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.resolved_at - a.created_at)) FILTER (WHERE a.status = 'RESOLVED') / 3600)::float8 AS median_h,
           (percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.resolved_at - a.created_at)) FILTER (WHERE a.status = 'RESOLVED') / 3600)::float8 AS p90_h,
           count(*) FILTER (WHERE a.status = 'OPEN' AND a.created_at + make_interval(hours => ${intervalHours}) < ${now})::int AS overdue
      FROM alerts a
      JOIN users r ON r.id = a.recipient_user_id
      LEFT JOIN departments d ON d.id = r.department_id
     WHERE a.created_at >= ${from} AND a.created_at < ${to}
     GROUP BY 1, 2 ORDER BY 1, 2`;
  const overall = await db.$queryRaw<Array<{ median_h: number | null; p90_h: number | null }>>`
    SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) / 3600)::float8 AS median_h,
           (percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) / 3600)::float8 AS p90_h
      FROM alerts WHERE status = 'RESOLVED' AND created_at >= ${from} AND created_at < ${to}`;
  const hours = (h: number | null | undefined) => (h === null || h === undefined ? null : Math.round(h * 10) / 10);
  const sum = (k: "raised" | "resolved" | "dismissed" | "escalated" | "open" | "overdue") => rows.reduce((n, r) => n + r[k], 0);
  return {
    figures: [
      { key: "raised", label: "Alerts raised", value: sum("raised"), kind: "count" },
      { key: "resolved", label: "Resolved", value: sum("resolved"), kind: "count" },
      { key: "dismissed", label: "Dismissed", value: sum("dismissed"), kind: "count" },
      { key: "escalated", label: "Escalated", value: sum("escalated"), kind: "count" },
      { key: "medianHours", label: "Median time to resolve (hours)", value: hours(overall[0]?.median_h), kind: "hours" },
      { key: "p90Hours", label: "90th percentile time to resolve (hours)", value: hours(overall[0]?.p90_h), kind: "hours" },
      { key: "overdue", label: `Open past their deadline (${intervalHours} h)`, value: sum("overdue"), kind: "count" },
    ],
    tables: [
      {
        key: "byTypeAndTeam", title: "By alert type and team (the recipient's department)",
        columns: [{ key: "type", label: "Alert" }, { key: "team", label: "Team" }, { key: "raised", label: "Raised", kind: "count" }, { key: "resolved", label: "Resolved", kind: "count" }, { key: "dismissed", label: "Dismissed", kind: "count" }, { key: "escalated", label: "Escalated", kind: "count" }, { key: "open", label: "Open", kind: "count" }, { key: "medianHours", label: "Median h", kind: "hours" }, { key: "p90Hours", label: "p90 h", kind: "hours" }, { key: "overdue", label: "Overdue", kind: "count" }],
        rows: rows.map((r) => ({ type: fieldLabel(r.type), team: r.team, raised: r.raised, resolved: r.resolved, dismissed: r.dismissed, escalated: r.escalated, open: r.open, medianHours: hours(r.median_h), p90Hours: hours(r.p90_h), overdue: r.overdue })),
      },
    ],
  };
};

/** Per announcement live in the period: audience size, delivered, read and acknowledged shares. */
const announcementReach: Builder = async ({ from, to }) => {
  const rows = await db.$queryRaw<Array<{ title: string; audience: string; start_date: Date; requires_ack: boolean; audience_size: number; delivered: number; read: number; acknowledged: number }>>`
    SELECT a.title, a.audience_summary AS audience, a.start_date, a.requires_acknowledgement AS requires_ack,
           (SELECT count(*)::int FROM users u WHERE u.status = 'active' AND announcement_targets(a.id, u.id)) AS audience_size,
           (SELECT count(*)::int FROM announcement_reads r WHERE r.announcement_id = a.id) AS delivered,
           (SELECT count(*)::int FROM announcement_reads r WHERE r.announcement_id = a.id AND r.read_at IS NOT NULL) AS read,
           (SELECT count(*)::int FROM announcement_reads r WHERE r.announcement_id = a.id AND r.acknowledged_at IS NOT NULL) AS acknowledged
      FROM announcements a
     WHERE a.start_date < ${to} AND a.end_date >= ${from}
     ORDER BY a.start_date, a.id`;
  const audience = rows.reduce((n, r) => n + r.audience_size, 0);
  return {
    figures: [
      { key: "announcements", label: "Announcements live in the period", value: rows.length, kind: "count" },
      { key: "readShare", label: "Read, of everyone they were for (%)", value: pct(rows.reduce((n, r) => n + r.read, 0), audience), kind: "percent" },
      {
        key: "ackShare", label: "Acknowledged, where asked (%)", kind: "percent",
        value: pct(rows.filter((r) => r.requires_ack).reduce((n, r) => n + r.acknowledged, 0), rows.filter((r) => r.requires_ack).reduce((n, r) => n + r.audience_size, 0)),
      },
    ],
    tables: [
      {
        key: "byAnnouncement", title: "Each announcement's reach",
        columns: [{ key: "title", label: "Announcement" }, { key: "audience", label: "For" }, { key: "from", label: "From", kind: "time" }, { key: "size", label: "Audience", kind: "count" }, { key: "delivered", label: "Delivered", kind: "count" }, { key: "readShare", label: "Read %", kind: "percent" }, { key: "ackShare", label: "Acknowledged %", kind: "percent" }],
        rows: rows.map((r) => ({
          title: r.title, audience: r.audience, from: iso(r.start_date), size: r.audience_size, delivered: r.delivered,
          readShare: pct(r.read, r.audience_size), ackShare: r.requires_ack ? pct(r.acknowledged, r.audience_size) : null,
        })),
      },
    ],
  };
};

export const REPORTS: Record<ReportType, { title: string; question: string; build: Builder }> = {
  access_review: { title: "Access review", question: "Who can do what, what changed, and which access is idle or should be gone?", build: accessReview },
  authentication: { title: "Authentication", question: "Who signed in, from where and when, and what failed?", build: authentication },
  sensitive_data_access: { title: "Sensitive data access", question: "Who read health, salary and financial data, whose, how often, and what was refused?", build: sensitiveDataAccess },
  integrity_attestation: { title: "Integrity attestation", question: "Was the audit log verified intact, signed without gaps, and archived as recorded?", build: integrityAttestation },
  alert_handling: { title: "Alert handling", question: "Which alerts were raised, and how fast and how fully were they handled?", build: alertHandling },
  announcement_reach: { title: "Announcement reach", question: "Did announcements reach the people they were for?", build: announcementReach },
};

/** Builds one report over a period. */
export async function buildReport(type: ReportType, period: ReportPeriod, now = new Date()): Promise<ReportDocument> {
  const spec = REPORTS[type];
  const built = await spec.build(period, now);
  return { type, title: spec.title, question: spec.question, period: { from: period.from.toISOString(), to: period.to.toISOString() }, generatedAt: now.toISOString(), ...built };
}
