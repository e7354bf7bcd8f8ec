// Anomaly alerts (audit_alerts rows) as a person reads them: the kind in words, a title
// that names what was found, the details the scan stored as labelled values, and links
// to the audit entries behind them. Client-safe (lib/time, lib/uuid and the audit
// labels are pure), so the page, the service's audit descriptions and tests share it.
import { actionLabel, displayValue, fieldLabel } from "@/lib/audit/search/labels";
import { formatDateTime, formatTime, pktDayKey } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

/** The kinds the anomaly scan records (lib/alerts/anomalies.ts). */
export const ANOMALY_TYPES = ["failed_signin_burst", "large_export", "off_hours_privilege_change"] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export const ANOMALY_TYPE_LABELS: Record<AnomalyType, string> = {
  failed_signin_burst: "Failed sign-in burst",
  large_export: "Large export",
  off_hours_privilege_change: "Off-hours privilege change",
};

/** The failed sign-in window when the details do not name one (the scan's, before it did). */
const DEFAULT_WINDOW_MINUTES = 15;

function isAnomalyType(value: string): value is AnomalyType {
  return (ANOMALY_TYPES as readonly string[]).includes(value);
}

/** A kind in words; one this code does not know (an older scan's) from its code. */
export function anomalyTypeLabel(type: string): string {
  return isAnomalyType(type) ? ANOMALY_TYPE_LABELS[type] : fieldLabel(type);
}

export type AnomalyFacts = { alertType: string; details: unknown };

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * What the alert is about, in a few words: "Failed sign-in burst on sara@acme.test",
 * "Large export by Omar Auditor". Used as its heading and in audit descriptions.
 */
export function anomalyTitle({ alertType, details }: AnomalyFacts): string {
  const d = record(details);
  const label = anomalyTypeLabel(alertType);
  if (alertType === "failed_signin_burst") {
    const on = d.scope === "ip" ? text(d.ip) : text(d.account);
    return on ? `${label} ${d.scope === "ip" ? "from" : "on"} ${on}` : label;
  }
  if (alertType === "large_export" || alertType === "off_hours_privilege_change") {
    const by = text(d.by);
    return by ? `${label} by ${by}` : label;
  }
  return label;
}

export type AnomalyDetail = { label: string; text: string };

function windowOf(d: Record<string, unknown>): { start: Date; end: Date } | null {
  const start = text(d.windowStart) ? new Date(d.windowStart as string) : null;
  if (!start || Number.isNaN(start.getTime())) return null;
  const minutes = count(d.windowMinutes) ?? DEFAULT_WINDOW_MINUTES;
  return { start, end: new Date(start.getTime() + minutes * 60_000) };
}

/** The details the scan stored, each labelled, in words (PKT times, labels for codes, no ids). */
export function anomalyDetails({ alertType, details }: AnomalyFacts): AnomalyDetail[] {
  const d = record(details);
  const out: AnomalyDetail[] = [];
  const add = (label: string, value: string | null) => {
    if (value) out.push({ label, text: value });
  };
  if (alertType === "failed_signin_burst") {
    add(d.scope === "ip" ? "From address" : "Account", d.scope === "ip" ? text(d.ip) : text(d.account));
    const n = count(d.count);
    add("Failed sign-ins", n === null ? null : n.toLocaleString("en-US"));
    const w = windowOf(d);
    add("Within", w ? `${formatDateTime(w.start)} to ${formatTime(w.end)}` : null);
    return out;
  }
  if (alertType === "large_export") {
    add("Exported by", text(d.by));
    const rows = count(d.rows);
    add("Rows", rows === null ? null : rows.toLocaleString("en-US"));
    add("Export", text(d.actionType) ? actionLabel(d.actionType as string) : null);
    return out;
  }
  if (alertType === "off_hours_privilege_change") {
    add("Changed by", text(d.by));
    add("Change", text(d.actionType) ? actionLabel(d.actionType as string) : null);
    add("Record", text(d.object));
    return out;
  }
  // A kind this code does not know: every stored value, labelled as the audit log labels them.
  for (const [key, value] of Object.entries(d)) {
    if (value === null || typeof value === "object" || (typeof value === "string" && isUuid(value))) continue;
    out.push({ label: fieldLabel(key), text: displayValue(value) });
  }
  return out;
}

export type AnomalyLink = { href: string; label: string };

/** A search value as the audit search language takes it: bare when it can be, else quoted. */
function searchValue(value: string): string {
  return /^[A-Za-z0-9@._+:\-/]+$/.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`;
}

function auditSearch(q: string): string {
  return `/audit?q=${encodeURIComponent(q)}`;
}

/**
 * Where to see what raised the alert in the audit log: the entry itself (an export, a
 * privilege change), or a search for the failed sign-ins of its window (PKT days).
 */
export function anomalyEvidence({ alertType, details }: AnomalyFacts): AnomalyLink[] {
  const d = record(details);
  const entryId = text(d.auditEntryId);
  if (entryId && isUuid(entryId)) {
    const what = alertType === "large_export" ? "the export" : alertType === "off_hours_privilege_change" ? "the privilege change" : "what was found";
    return [{ href: `/audit/${entryId}`, label: `The audit entry of ${what}` }];
  }
  if (alertType === "failed_signin_burst") {
    const w = windowOf(d);
    const who = d.scope === "ip" ? text(d.ip) : text(d.account);
    if (!w || !who) return [];
    const days = `created:${pktDayKey(w.start)}..${pktDayKey(new Date(w.end.getTime() - 1))}`;
    const term = d.scope === "ip" ? `ip:${searchValue(who)}` : `actor:${searchValue(who)}`;
    const n = count(d.count);
    return [
      { href: auditSearch(`action:auth.login_failed ${term} ${days}`), label: `The ${n === null ? "" : `${n.toLocaleString("en-US")} `}failed sign-ins ${d.scope === "ip" ? "from this address" : "on this account"}, that day` },
      { href: auditSearch(`${term} ${days}`), label: `Everything ${d.scope === "ip" ? "from this address" : "this account did"} that day` },
    ];
  }
  return [];
}

/** Everything the audit log holds about the alert itself: who resolved or dismissed it. */
export function anomalyHistoryHref(id: string): string {
  return auditSearch(`entity:audit_alert entity_id:${id}`);
}
