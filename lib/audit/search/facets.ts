// The facets beside the results: the top values of actor, action, category, risk and
// outcome for the current search (the charts' counts, over the same window), each a link
// that narrows the search to it or excludes it (`-key:value`). Only ever a query that
// parses.
import { formatQuery, parseQuery } from "./parse";
import type { AuditAnalytics } from "./analytics";
import { actionLabel, codeLabel, fieldLabel } from "./labels";

export type FacetKey = "actor" | "action" | "category" | "risk" | "status";
export type FacetValue = { value: string; label: string; count: number; only: string; exclude: string };
export type Facet = { key: FacetKey; title: string; values: FacetValue[] };

/** A stored code in words: "user_management" → "User management", "security" → "Security". */
function words(value: string): string {
  return codeLabel(value) ?? fieldLabel(value);
}

const TITLES: Record<FacetKey, string> = { actor: "Actor", action: "Action", category: "Category", risk: "Risk", status: "Outcome" };

function term(key: FacetKey, value: string, negated: boolean): string {
  const v = /[\s",\\]/.test(value) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
  return `${negated ? "-" : ""}${key}:${v}`;
}

/** `q` narrowed to key=value (replacing the key's other non-negated values), or with key=value excluded. */
export function facetQuery(q: string, key: FacetKey, value: string, exclude: boolean): string {
  const parsed = parseQuery(q);
  if (!parsed.ok) return q;
  const terms = exclude ? parsed.ast.terms : parsed.ast.terms.filter((t) => t.key !== key || t.negated);
  const next = [formatQuery({ terms }), term(key, value, exclude)].filter(Boolean).join(" ");
  return parseQuery(next).ok ? next : q;
}

/** The facets of a search from its analytics, top `limit` values each, with their links' queries. */
export function facetsOf(q: string, a: AuditAnalytics, limit = 8): Facet[] {
  const make = (key: FacetKey, rows: Array<{ value: string; label: string; count: number }>): Facet => ({
    key,
    title: TITLES[key],
    values: rows
      .filter((r) => r.count > 0 && r.value)
      .slice(0, limit)
      .map((r) => ({ ...r, only: facetQuery(q, key, r.value, false), exclude: facetQuery(q, key, r.value, true) })),
  });
  return [
    make("actor", a.topActors.map((r) => ({ value: r.name, label: r.name, count: r.count }))),
    make("action", a.topActions.map((r) => ({ value: r.action, label: actionLabel(r.action), count: r.count }))),
    make("category", a.byCategory.map((r) => ({ value: r.category, label: words(r.category), count: r.count }))),
    make("risk", a.byRisk.map((r) => ({ value: r.risk, label: words(r.risk), count: r.count }))),
    make("status", a.byStatus.map((r) => ({ value: r.status, label: words(r.status), count: r.count }))),
  ].filter((f) => f.values.length > 0);
}
