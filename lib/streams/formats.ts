// What each destination receives for one audit entry (issue 22). The audit JSON event is
// the source: every hashed field as stored, with its chain position and entry hash. ECS
// maps it onto Elastic Common Schema names (keeping the whole entry under `hr_audit`, so
// nothing is lost and the entry stays provable). Client-safe.
import type { StreamEvent } from "./contract";

const f = (e: StreamEvent, key: string) => e.fields[key] ?? null;

/** ECS event.category values by audit category (ECS 8.x allowed values). */
const ECS_CATEGORY: Record<string, string[]> = {
  security: ["authentication"], user_management: ["iam"], employee_data: ["iam"], system: ["configuration"], compliance: ["configuration"],
  data: ["database"], reporting: ["file"], payroll: ["database"], compensation: ["database"], benefits: ["database"],
};

const OUTCOME: Record<string, string> = { success: "success", failure: "failure", error: "failure", partial: "unknown", warning: "unknown" };

/** One audit entry as an Elastic Common Schema document. */
export function ecsDocument(e: StreamEvent): Record<string, unknown> {
  const status = f(e, "response_status");
  const roles = f(e, "user_role");
  return {
    "@timestamp": e.time,
    message: f(e, "action_description"),
    event: {
      id: e.id, kind: "event", action: f(e, "action_type"), category: ECS_CATEGORY[f(e, "event_category") ?? ""] ?? ["configuration"],
      type: [f(e, "event_type") === "create" ? "creation" : f(e, "event_type") === "delete" ? "deletion" : f(e, "event_type") === "access_denied" ? "denied" : "change"],
      outcome: OUTCOME[f(e, "status") ?? ""] ?? "unknown", risk_score_norm: { low: 25, medium: 50, high: 75, critical: 100 }[f(e, "risk_level") ?? ""] ?? null,
      dataset: "hr_governance.audit", module: "hr_governance",
    },
    user: { id: f(e, "user_id"), name: f(e, "user_name"), email: f(e, "user_email"), roles: roles ? [roles] : [] },
    source: f(e, "ip_address") ? { ip: f(e, "ip_address") } : undefined,
    user_agent: f(e, "user_agent") ? { original: f(e, "user_agent") } : undefined,
    http: f(e, "request_method") ? { request: { method: f(e, "request_method") }, response: status ? { status_code: Number(status) } : undefined } : undefined,
    url: f(e, "request_path") ? { path: f(e, "request_path") } : undefined,
    hr_audit: { chain: e.chain, seq: e.seq, entry_hash: e.entryHash, fields: e.fields },
  };
}

// ── OCSF ───────────────────────────────────────────────────────────────────
// One audit entry as an OCSF 1.8 event. The class follows from what the entry records
// (documented in README, "Audit streams"):
//   Authentication [3002]         sign-ins, sign-outs, failed and throttled sign-ins (event type login/logout, action auth.*)
//   Account Change [3001]         a user account created, activated, suspended, its role or manager changed (user_management on a user)
//   Web Resource Access [6004]    a page, record or export read (event type read/export), or access denied
//   API Activity [6003]           a write made through the REST API (request path /api/…, from an address)
//   Entity Management [3004]      every other write: the object it changed is the managed entity
// Every event keeps the whole entry under unmapped.hr_audit (its fields, chain position
// and hash), so an OCSF consumer can still prove it against a signed checkpoint, and
// metadata.uid is the entry's id, the key a receiver drops repeats by.

export const OCSF_VERSION = "1.8.0";

type OcsfClass = { uid: number; name: string; category: [number, string]; activities: Record<number, string> };
const IAM: [number, string] = [3, "Identity & Access Management"];
const APPLICATION: [number, string] = [6, "Application Activity"];
const CRUD = { 1: "Create", 2: "Read", 3: "Update", 4: "Delete", 99: "Other" };
export const OCSF_CLASSES = {
  authentication: { uid: 3002, name: "Authentication", category: IAM, activities: { 1: "Logon", 2: "Logoff", 99: "Other" } },
  account_change: {
    uid: 3001, name: "Account Change", category: IAM,
    activities: { 1: "Create", 2: "Enable", 3: "Password Change", 4: "Password Reset", 5: "Disable", 6: "Delete", 9: "Lock", 12: "Unlock", 99: "Other" },
  },
  web_resource_access_activity: { uid: 6004, name: "Web Resource Access Activity", category: APPLICATION, activities: { 1: "Access Grant", 2: "Access Deny", 99: "Other" } },
  api_activity: { uid: 6003, name: "API Activity", category: APPLICATION, activities: CRUD },
  entity_management: { uid: 3004, name: "Entity Management", category: IAM, activities: CRUD },
} satisfies Record<string, OcsfClass>;
export type OcsfClassName = keyof typeof OCSF_CLASSES;

const SEVERITY: Record<string, [number, string]> = { low: [2, "Low"], medium: [3, "Medium"], high: [4, "High"], critical: [5, "Critical"] };
const STATUS: Record<string, [number, string]> = { success: [1, "Success"], failure: [2, "Failure"], error: [2, "Failure"], partial: [99, "Other"], warning: [99, "Other"] };
const HTTP_METHODS = new Set(["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE", "PATCH"]);
const LOGOFF = /^auth\.(signed_out|session_ended|session_ended_by_admin|logout)$/;
const ACCOUNT_ACTIVITY: Array<[RegExp, number]> = [
  [/\.(created|invited)$/, 1], [/\.(activated|enabled|reactivated)$/, 2], [/\.password_changed$/, 3], [/\.password_reset$/, 4],
  [/\.(suspended|deactivated|disabled)$/, 5], [/\.deleted$/, 6], [/\.locked(_out)?$/, 9], [/\.unlocked$/, 12],
];

/** Which OCSF class and activity an entry is. */
export function ocsfClassOf(e: StreamEvent): { name: OcsfClassName; activity: number } {
  const type = f(e, "event_type") ?? "";
  const action = f(e, "action_type") ?? "";
  const path = f(e, "request_path") ?? "";
  if (type === "login" || type === "logout" || action.startsWith("auth.")) {
    return { name: "authentication", activity: type === "logout" || LOGOFF.test(action) ? 2 : 1 };
  }
  if (f(e, "event_category") === "user_management" && (f(e, "object_type") ?? "") === "user") {
    const hit = ACCOUNT_ACTIVITY.find(([re]) => re.test(action));
    return { name: "account_change", activity: hit ? hit[1] : type === "create" ? 1 : type === "delete" ? 6 : 99 };
  }
  if (type === "access_denied") return { name: "web_resource_access_activity", activity: 2 };
  if (type === "read" || type === "export") return { name: "web_resource_access_activity", activity: 1 };
  const crud = ({ create: 1, update: 3, delete: 4 } as Record<string, number>)[type];
  if (crud && path.startsWith("/api/") && f(e, "ip_address")) return { name: "api_activity", activity: crud };
  return { name: "entity_management", activity: crud ?? 99 };
}

/** OCSF's user type: Admin for the admin role, User for the others (the role itself stays in unmapped). */
const userType = (role: string | null) =>
  role === "admin" ? { type_id: 2, type: "Admin" } : role === "system" ? { type_id: 3, type: "System" } : role ? { type_id: 1, type: "User" } : {};

const compact = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== "")) as T;

/** One audit entry as an OCSF 1.8 event (validated against the vendored schema in the stream tests). */
export function ocsfEvent(e: StreamEvent): Record<string, unknown> {
  const { name, activity } = ocsfClassOf(e);
  const cls: OcsfClass = OCSF_CLASSES[name];
  const activityName = cls.activities[activity] ?? "Other";
  const [severityId, severity] = SEVERITY[f(e, "risk_level") ?? ""] ?? [1, "Informational"];
  const [statusId, status] = STATUS[f(e, "status") ?? ""] ?? [0, "Unknown"];
  const time = Date.parse(e.time);
  const product = { name: "HR Governance", vendor_name: "HR Governance", version: "1" };
  const user = f(e, "user_id") || f(e, "user_name")
    ? compact({ uid: f(e, "user_id"), name: f(e, "user_name") || f(e, "user_email"), email_addr: f(e, "user_email"), ...userType(f(e, "user_role")) })
    : null;
  const session = f(e, "session_id") ? { uid: f(e, "session_id") } : null;
  const actor = user ? compact({ user, session }) : { app_name: "HR Governance" };
  const method = (f(e, "request_method") ?? "").toUpperCase();
  const httpRequest = compact({
    http_method: HTTP_METHODS.has(method) ? method : null,
    url: f(e, "request_path") ? { path: f(e, "request_path") } : null,
    user_agent: f(e, "user_agent"),
  });
  const status_code = f(e, "response_status");
  const object = compact({ type: f(e, "object_type"), uid: f(e, "object_id"), name: f(e, "object_name") });
  if (!object.uid && !object.name) object.name = f(e, "object_type") || "unknown";
  const event: Record<string, unknown> = compact({
    activity_id: activity, activity_name: activityName,
    category_uid: cls.category[0], category_name: cls.category[1],
    class_uid: cls.uid, class_name: cls.name,
    type_uid: cls.uid * 100 + activity, type_name: `${cls.name}: ${activityName}`,
    severity_id: severityId, severity,
    status_id: statusId, status, status_code: f(e, "error_code"), status_detail: f(e, "error_message"),
    time, message: f(e, "action_description"),
    metadata: compact({ version: OCSF_VERSION, product, uid: e.id, event_code: f(e, "action_type"), log_name: "audit", logged_time: time }),
    actor,
    src_endpoint: f(e, "ip_address") ? { ip: f(e, "ip_address") } : null,
    http_request: Object.keys(httpRequest).length > 0 || name === "web_resource_access_activity" ? httpRequest : null,
    http_response: status_code && /^\d+$/.test(status_code) ? { code: Number(status_code) } : null,
    unmapped: { hr_audit: { chain: e.chain, seq: e.seq, entry_hash: e.entryHash, fields: e.fields } },
  });
  switch (name) {
    case "authentication":
      // The account signing in: the actor, or for an address that matches no account, that address.
      event.user = f(e, "user_id") ? user : compact({ name: f(e, "object_name") || f(e, "user_email") || "unknown", email_addr: f(e, "user_email") });
      event.service = { name: "HR Governance" };
      if (session) event.session = session;
      break;
    case "account_change":
      event.user = compact({ uid: f(e, "object_id") || f(e, "subject_user_id"), name: f(e, "object_name") || f(e, "object_id") || "unknown" });
      break;
    case "web_resource_access_activity":
      event.web_resources = [object];
      break;
    case "api_activity":
      event.api = { operation: f(e, "action_type") || `${method} ${f(e, "request_path")}`, service: { name: "HR Governance API" } };
      event.resources = [object];
      break;
    case "entity_management":
      event.entity = object;
      event.comment = f(e, "action_description") || undefined;
      break;
  }
  return event;
}
