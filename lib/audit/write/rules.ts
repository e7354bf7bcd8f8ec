// Rules that decide how an audit entry is stored: its risk level, what is a secret
// (never stored), what is sensitive (masked, but the change is recorded).

export type RiskLevel = "low" | "medium" | "high" | "critical";

// First matching rule wins; patterns are matched against action_type.
const RISK_RULES: Array<[RegExp, RiskLevel]> = [
  [/^audit\.(tamper|verification_failed|retention_archived)/, "critical"],
  [/^security\.(admin_bootstrap|permissions_seeded)$/, "high"],
  [/^auth\.(locked_out|login_suspended)$/, "high"],
  [/^user\.(role_changed|suspended|deleted)$/, "high"],
  [/\.deleted$/, "high"],
  [/^auth\.login_failed$/, "medium"],
  [/^user\.(created|activated|manager_changed|capacity_changed)$/, "medium"],
  [/^(attendance_session|time_log)\.edited$/, "medium"],
  [/^(leave_request|project_request)\.(approved|rejected)$/, "medium"],
  [/^settings\./, "medium"],
  // An anomaly put aside without anything done about it is what a review looks for first.
  [/^audit_alert\.dismissed$/, "medium"],
  [/\.(exported|downloaded)$/, "medium"],
  [/^audit\.(viewed|entry_viewed|verified)$/, "low"],
];

const RISK_ORDER: RiskLevel[] = ["low", "medium", "high", "critical"];

/** The rule's level for the action; a change to a sensitive field is at least high. */
export function riskLevelFor(actionType: string, touchesSensitive = false): RiskLevel {
  const rule = RISK_RULES.find(([pattern]) => pattern.test(actionType))?.[1] ?? "low";
  return touchesSensitive && RISK_ORDER.indexOf(rule) < RISK_ORDER.indexOf("high") ? "high" : rule;
}

// Approvals, manual edits, account changes and audit-trail access are what a
// compliance review asks for.
const COMPLIANCE_PATTERN =
  /^(leave_request|project_request)\.(approved|rejected)$|\.edited$|^user\.|^security\.|^audit\.|^audit_alert\.|^settings\./;

export function isComplianceAction(actionType: string): boolean {
  return COMPLIANCE_PATTERN.test(actionType);
}

const SECRET_FIELD = /pass(word)?|secret|token|csrf|hash|api_?key|otp|session_?token/i;
/** Also read by PostgreSQL (`~*`, masking on read in lib/audit/search): keep it POSIX-compatible. */
export const SENSITIVE_FIELD_PATTERN =
  "salary|compensation|bank|iban|account_?number|national_?id|cnic|ssn|passport|tax_?id|date_?of_?birth|dob|medical|health";
const SENSITIVE_FIELD = new RegExp(SENSITIVE_FIELD_PATTERN, "i");

export const MASK = "••••••";

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export function isSensitiveField(name: string, extra: readonly string[] = []): boolean {
  return SENSITIVE_FIELD.test(name) || extra.includes(name);
}

type Snapshot = Record<string, unknown>;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export type Diff = {
  oldValues: Snapshot;
  newValues: Snapshot;
  changedFields: string[];
  hadSensitive: boolean;
};

/**
 * Field-level diff of two plain snapshots. Secrets are dropped (a changed secret is
 * still listed in changedFields as "<field> (secret)" so the fact survives); sensitive
 * fields are masked on both sides.
 */
export function diffSnapshots(before: Snapshot | null, after: Snapshot | null, extraSensitive: readonly string[] = []): Diff {
  const oldValues: Snapshot = {};
  const newValues: Snapshot = {};
  const changedFields: string[] = [];
  let hadSensitive = false;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const hasOld = before !== null && key in before;
    const hasNew = after !== null && key in after;
    const o = hasOld ? before![key] : undefined;
    const n = hasNew ? after![key] : undefined;
    // Creates and deletes keep the full snapshot; updates keep only what changed.
    const isUpdate = before !== null && after !== null;
    if (isUpdate && sameValue(o, n)) continue;
    if (isSecretField(key)) {
      if (isUpdate || hasNew) changedFields.push(`${key} (secret)`);
      continue;
    }
    changedFields.push(key);
    const sensitive = isSensitiveField(key, extraSensitive);
    hadSensitive ||= sensitive;
    if (hasOld) oldValues[key] = sensitive && o !== null && o !== undefined ? MASK : o;
    if (hasNew) newValues[key] = sensitive && n !== null && n !== undefined ? MASK : n;
  }
  return { oldValues, newValues, changedFields, hadSensitive };
}

/**
 * Additional data under the same rules as old/new values, at any depth: secret keys
 * dropped, sensitive keys masked. Says whether anything sensitive was masked.
 */
export function maskDetails(value: unknown, extraSensitive: readonly string[] = []): { value: unknown; hadSensitive: boolean } {
  let hadSensitive = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const out: Snapshot = {};
    for (const [key, inner] of Object.entries(v as Snapshot)) {
      if (isSecretField(key)) continue;
      if (isSensitiveField(key, extraSensitive) && inner !== null && inner !== undefined) {
        hadSensitive = true;
        out[key] = MASK;
      } else {
        out[key] = walk(inner);
      }
    }
    return out;
  };
  return { value: walk(value), hadSensitive };
}
