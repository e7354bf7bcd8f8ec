// An audit entry's fields as the entry page labels them, in its sections and order: one
// definition for the page (which renders some values as badges) and the JSON API (which
// sends each label with its value as text), so both say the same thing.
import { ROLE_LABELS, isRole } from "@/lib/access/permissions";
import { formatDate, formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";
import type { AuditEntryDetail } from "./entry";
import { isMasked, SECRET_VALUE } from "./history";
import { actionLabel, displayValue, fieldLabel } from "./labels";

export type EntryField = { key: string; label: string; text: string };
export type EntrySection = { title: string; fields: EntryField[] };

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** A stored value in words, as the diff shows it: masked and secret values say so. */
export function shownText(value: unknown): string {
  if (value === SECRET_VALUE) return "secret (never stored)";
  if (isMasked(value)) return "Masked";
  if (Array.isArray(value)) {
    if (value.length > 10) return `${value.length} items`;
    return value.length === 0 ? "—" : value.map((v) => (typeof v === "object" && v !== null ? "(details)" : displayValue(v))).join(", ");
  }
  if (value !== null && typeof value === "object") return JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" && isUuid(v) ? "(linked record)" : v));
  return displayValue(value);
}

export function entryTitle(e: AuditEntryDetail): string {
  return actionLabel(e.action);
}

/** The entry page's sections, each field labelled, values as text ("" when empty). */
export function entrySections(e: AuditEntryDetail, viewerId: string): EntrySection[] {
  const f = (key: string, label: string, text: string | number | null | undefined): EntryField => ({ key, label, text: text === null || text === undefined ? "" : String(text) });
  const tags = Array.isArray(e.tags) ? (e.tags as unknown[]).map((t) => fieldLabel(String(t))) : [];
  const actorGone = e.actor.id !== null && e.actor.currentName === null;
  return [
    {
      title: "Event",
      fields: [
        f("at", "Time (PKT)", formatDateTime(e.at)),
        f("action", "Action", actionLabel(e.action)),
        f("eventType", "Event type", fieldLabel(e.eventType)),
        f("category", "Category", fieldLabel(e.category)),
        f("module", "Module", e.module ? fieldLabel(e.module) : ""),
        f("record", "Record", `${fieldLabel(e.entity.type)}${e.entity.name ? `: ${e.entity.name}` : ""}`),
        f("recordReference", "Record reference", e.entity.id ? displayValue(e.entity.id) : "—"),
        f("about", "About", e.subject ? (e.subject.id === viewerId ? "You" : e.subject.name) : "—"),
      ],
    },
    {
      title: "Actor (as recorded)",
      fields: [
        f("actorName", "Name", e.actor.name || "System"),
        f("actorEmail", "Email", e.actor.email),
        f("actorRole", "Role", isRole(e.actor.role) ? ROLE_LABELS[e.actor.role] : e.actor.role),
        f("actorDepartment", "Department", e.actor.department),
        f(
          "actorAccount",
          "Account now",
          e.actor.id === null ? "No account (system or unknown)" : actorGone ? "Deleted" : e.actor.currentName !== e.actor.name ? `Renamed to ${e.actor.currentName}` : "Unchanged",
        ),
      ],
    },
    {
      title: "Request",
      fields: [
        f("ip", "IP address", e.request.ip ?? ""),
        f("userAgent", "User agent", e.request.userAgent),
        f("method", "Method", e.request.method),
        f("path", "Path", e.request.path),
        f("responseStatus", "Response status", e.request.responseStatus ?? ""),
        f("session", "Session reference", e.sessionRef || "No session"),
      ],
    },
    {
      title: "Outcome and flags",
      fields: [
        f("status", "Status", fieldLabel(e.status)),
        f("errorMessage", "Error message", e.errorMessage),
        f("errorCode", "Error code", e.errorCode ? fieldLabel(e.errorCode) : ""),
        f("risk", "Risk", fieldLabel(e.risk)),
        f("sensitive", "Sensitive", e.masked ? "Yes (values are masked for you)" : e.sensitive ? "Yes (sensitive values are masked)" : "No"),
        f("compliance", "Compliance related", e.compliance ? "Yes" : "No"),
        f("tags", "Tags", tags.join(", ")),
      ],
    },
    {
      title: "Retention and integrity",
      fields: [
        f(
          "retention",
          "Retention",
          e.keptMonths > e.retentionMonths
            ? `${e.keptMonths} months under the ${fieldLabel(e.category)} policy (until ${formatDate(addMonths(e.at, e.keptMonths))}); written with ${e.retentionMonths}`
            : `${e.retentionMonths} months (until ${formatDate(addMonths(e.at, e.retentionMonths))})`,
        ),
        f("chain", "Chain", String(e.chain.id)),
        f("chainPosition", "Position in chain", e.chain.position.toString()),
        f("contentHash", "Content hash", e.chain.contentMatches ? "✓ Matches the stored entry" : "✗ Does not match: the entry was altered"),
      ],
    },
    {
      title: "Additional data",
      fields: Object.entries(asRecord(e.additionalData)).map(([k, v]) => f(`additionalData.${k}`, fieldLabel(k), shownText(v))),
    },
  ];
}
