// How audit values read for a person: action names, field names and stored values, for
// the entry page, the results table, the charts, the activity feed and the JSON API.
// Client-safe (client components import it): lib/time and lib/uuid are pure.
import { isRole, ROLE_LABELS } from "@/lib/access/permissions";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** "attendance_session.checked_in" → "Attendance session · checked in" */
export function actionLabel(actionType: string): string {
  const [entity = "", ...verb] = actionType.split(".");
  const e = entity.replaceAll("_", " ");
  return `${e.charAt(0).toUpperCase()}${e.slice(1)} · ${verb.join(" ").replaceAll("_", " ")}`;
}

/** camelCase or snake_case field names as words: "checkInAt" → "Check in at". */
export function fieldLabel(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const SNAKE_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const SCOPED_CODE = /^([a-z]+):([a-z][a-z0-9_]*)$/;

/**
 * A stored code as words, or null for a value that is not one: a role or audience by its
 * label ("team_lead" → "Team Lead", "all" stays), a snake_case code ("idle_after_checkin"
 * → "Idle after checkin"), a permission or scope ("audit:view_all" → "Audit: view all").
 */
export function codeLabel(value: string): string | null {
  if (isRole(value)) return ROLE_LABELS[value];
  if (SNAKE_CODE.test(value)) return fieldLabel(value);
  const scoped = SCOPED_CODE.exec(value);
  if (scoped) return `${fieldLabel(scoped[1]!)}: ${scoped[2]!.replaceAll("_", " ")}`;
  return null;
}

/** A stored value as a person reads it: PKT times, labels for codes, no raw ids, "—" for empty. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) return formatDateTime(value);
    if (isUuid(value)) return "(linked record)";
    return codeLabel(value) ?? value;
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}
