// The filter controls as views of the search box: each control reads its key's term
// from the parsed query and writes it back into the query text, so the box, the
// controls and the URL (which carries only the text) never disagree. Browser-safe.
import { AuditCategory, AuditEventType, AuditOutcome } from "@/lib/generated/prisma/enums";
import { checkDay, formatQuery, parseQuery, RISK_ORDER, type SearchQuery, type SearchTerm } from "./parse";

export const EVENT_TYPE_OPTIONS: readonly string[] = Object.values(AuditEventType);
export const CATEGORY_OPTIONS: readonly string[] = Object.values(AuditCategory);
export const STATUS_OPTIONS: readonly string[] = Object.values(AuditOutcome);
/** Risk filter values: "at least" each level. */
export const RISK_OPTIONS: readonly string[] = RISK_ORDER.map((level) => `>=${level}`);
/** The kinds of record the application writes entries about (object_type). */
export const ENTITY_OPTIONS: readonly string[] = [
  "user", "attendance_session", "time_log", "task", "leave_request", "project_request", "department",
  "announcement", "alert", "settings", "audit_log", "audit_checkpoint", "permission_map",
];

export type FilterKey = "type" | "category" | "status" | "risk" | "entity" | "actor";
export type Filters = Record<FilterKey, string> & { from: string; to: string };

export const NO_FILTERS: Filters = { type: "", category: "", status: "", risk: "", entity: "", actor: "", from: "", to: "" };

/** One plain (not negated) term for the key, or null when there is none or more than one. */
function soleTerm(ast: SearchQuery, key: SearchTerm["key"]): SearchTerm | null {
  const terms = ast.terms.filter((t) => t.key === key);
  return terms.length === 1 && !terms[0]!.negated ? terms[0]! : null;
}

/**
 * The controls' values for a query. A term the controls cannot show (negated, several
 * values) leaves its control empty; the box still shows it.
 */
export function filtersOf(q: string): Filters {
  const parsed = parseQuery(q);
  if (!parsed.ok) return NO_FILTERS;
  const out: Filters = { ...NO_FILTERS };
  for (const key of ["type", "category", "status", "entity", "actor"] as const) {
    const t = soleTerm(parsed.ast, key);
    if (t && "values" in t && t.values.length === 1) out[key] = String(t.values[0]);
  }
  const risk = soleTerm(parsed.ast, "risk");
  if (risk?.key === "risk") {
    const r = risk.risk;
    const v = r.op === ">=" ? `>=${r.level}` : "";
    if (RISK_OPTIONS.includes(v)) out.risk = v;
  }
  const created = soleTerm(parsed.ast, "created");
  if (created?.key === "created") {
    out.from = created.range.from ?? "";
    out.to = created.range.to ?? "";
  }
  return out;
}

/**
 * The query with one control changed: that key's terms are replaced (an empty value
 * removes them), everything else is kept (in its canonical spelling). An unparsable query is returned as is.
 */
export function withFilter(q: string, key: FilterKey | "created", value: string | { from: string; to: string }): string {
  const parsed = parseQuery(q);
  if (!parsed.ok) return q;
  const terms = parsed.ast.terms.filter((t) => t.key !== key);
  let term: string | null = null;
  if (key === "created" && typeof value === "object") {
    const from = checkDay(value.from);
    const to = checkDay(value.to);
    if (from && to) term = from <= to ? `created:${from}..${to}` : `created:${to}..${from}`;
    else if (from) term = `created:>=${from}`;
    else if (to) term = `created:<=${to}`;
  } else if (typeof value === "string" && value) {
    // A name with spaces (an actor) is one quoted value.
    term = /[\s",\\]/.test(value) ? `${key}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `${key}:${value}`;
  }
  const rest = formatQuery({ terms });
  const next = [rest, term].filter(Boolean).join(" ");
  // Only ever write a query that parses; a value no control offers is dropped.
  return parseQuery(next).ok ? next : rest;
}
