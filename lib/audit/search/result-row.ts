// One search result as the audit page shows it, from an entry as the search (and the
// live tail) sends it. Client-safe: the page builds its rows on the server with it, and
// the live tail builds the rows it prepends in the browser with the same function.
import { isRole, ROLE_LABELS } from "@/lib/access/permissions";
import { formatDateTime, formatShortDateTime } from "@/lib/time";
import { actionLabel } from "./labels";

/** An entry's fields the row needs, as the list and the tail send them (time as an instant). */
export type ResultEntry = {
  id: string;
  at: string | Date;
  action: string;
  description: string;
  actor: { id: string | null; name: string; role: string };
  entity: { type: string; name: string };
  subject: { id: string; name: string } | null;
  risk: string;
  status: string;
};

export type AuditResultRow = {
  /** Arrived by the live tail since the page loaded. */
  fresh?: boolean;
  id: string;
  /** This search with the entry open in the drawer. */
  href: string;
  at: string;
  atLabel: string;
  /** The time in the column: "7 Dec, 14:05" (the year when it is not this one). */
  atShort: string;
  actor: string;
  actorRole: string;
  action: string;
  actionLabel: string;
  description: string;
  entity: string;
  subject: string;
  risk: string;
  status: string;
};

export function toResultRow(r: ResultEntry, viewer: { id: string; name: string }, href: string, now?: Date): AuditResultRow {
  const at = typeof r.at === "string" ? new Date(r.at) : r.at;
  return {
    id: r.id,
    href,
    at: at.toISOString(),
    atLabel: formatDateTime(at),
    atShort: formatShortDateTime(at, now),
    actor: r.actor.id === viewer.id ? `${r.actor.name || viewer.name} (you)` : r.actor.name || "System",
    actorRole: isRole(r.actor.role) ? ROLE_LABELS[r.actor.role] : "",
    action: r.action,
    actionLabel: actionLabel(r.action),
    description: r.description,
    entity: r.entity.name || `${actionLabel(`${r.entity.type}.`).replace(" · ", "")} (no name)`,
    subject: r.subject ? (r.subject.id === viewer.id ? "You" : r.subject.name) : "—",
    risk: r.risk,
    status: r.status,
  };
}
