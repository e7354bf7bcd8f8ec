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
