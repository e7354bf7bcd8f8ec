// Sign-in sessions in words, for the sessions workspace and My activity (client-safe).
import type { AccessMethod, AccessStatus, AccessType, AuthMethod, DataCategory, LoginStatus } from "@/lib/generated/prisma/enums";
import { codeLabel } from "./labels";

export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  password: "Password",
  sso: "Single sign-on",
  mfa: "Password and second factor",
  api_key: "API token",
  oauth: "OAuth",
};

export const AUTH_METHODS = Object.keys(AUTH_METHOD_LABELS) as AuthMethod[];

export const LOGIN_STATUS_LABELS: Record<LoginStatus, string> = {
  success: "Signed in",
  failure: "Refused",
  locked: "Locked out",
  expired: "Expired",
};

const END_REASONS: Record<string, string> = {
  user_signed_out: "Signed out",
  expired: "Reached its time limit",
  idle: "Idle too long",
  suspended: "Account suspended",
  role_changed: "Role changed",
  password_changed: "Password changed",
  api_token_revoked: "Token revoked",
  wrong_password: "Wrong password",
  account_locked: "Account locked",
  unknown_account: "Unknown account",
  ended_by_admin: "Ended by an administrator",
};

/** Why a session was flagged when it opened (lib/auth/session-flags.ts), in words. */
export const SESSION_FLAG_LABELS: Record<string, string> = {
  new_address: "New address",
  new_device: "New device",
  off_hours: "Off hours",
  concurrent_addresses: "Two addresses at once",
  failures_before_success: "Failures before success",
  repeated_failures: "Repeated failures",
  lockout: "Lockout",
};

export function sessionFlagLabel(flag: string): string {
  return SESSION_FLAG_LABELS[flag] ?? codeLabel(flag) ?? flag;
}

/** "14 pages · 3 API calls · 2 changes"; "" when the session did nothing yet. */
export function sessionActivityLabel(s: { pageViews: number; apiCalls: number; dataModificationCount: number; dataAccessCount: number }): string {
  const part = (n: number, one: string, many: string) => (n > 0 ? `${n.toLocaleString("en-US")} ${n === 1 ? one : many}` : null);
  return [
    part(s.pageViews, "page", "pages"),
    part(s.apiCalls, "API call", "API calls"),
    part(s.dataModificationCount, "change", "changes"),
    part(s.dataAccessCount, "logged read", "logged reads"),
  ].filter(Boolean).join(" · ");
}

export const LOGIN_STATUSES = Object.keys(LOGIN_STATUS_LABELS) as LoginStatus[];

/** Why a session ended (or was refused), in words; "" for one still open. */
export function endReasonLabel(reason: string): string {
  if (!reason) return "";
  return END_REASONS[reason] ?? codeLabel(reason) ?? reason;
}

/** "42 min", "3 h 5 min", "under a minute". */
export function durationLabel(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** What was read, in words: "Leave request: reason", "Audit log". */
export function dataReadLabel(dataType: string, fields: unknown): string {
  const what = codeLabel(dataType) ?? dataType;
  const list = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
  return list.length > 0 ? `${what}: ${list.map((f) => (codeLabel(f) ?? f).toLowerCase()).join(", ")}` : what;
}

export const ACCESS_STATUS_LABELS: Record<AccessStatus, string> = { granted: "Granted", denied: "Refused", partial: "Partly granted", error: "Failed" };

export const ACCESS_STATUSES = Object.keys(ACCESS_STATUS_LABELS) as AccessStatus[];

export const DATA_CATEGORY_LABELS: Record<DataCategory, string> = {
  personal_info: "Personal information",
  financial_data: "Financial data",
  health_data: "Health data",
  performance_data: "Performance data",
  compensation_data: "Compensation data",
  contact_info: "Contact information",
  documents: "Documents",
  reports: "Reports",
  analytics: "Analytics",
  system_data: "System data",
};

export const DATA_CATEGORIES = Object.keys(DATA_CATEGORY_LABELS) as DataCategory[];

export const ACCESS_TYPE_LABELS: Record<AccessType, string> = {
  view: "View",
  export: "Export",
  print: "Print",
  download: "Download",
  email: "Email",
  api_access: "API access",
  report: "Report",
};

export const ACCESS_TYPES = Object.keys(ACCESS_TYPE_LABELS) as AccessType[];

export const ACCESS_METHOD_LABELS: Record<AccessMethod, string> = {
  ui: "in the app",
  api: "API",
  export: "export",
  report: "report",
  bulk_operation: "bulk operation",
};
