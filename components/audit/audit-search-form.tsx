"use client";

import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useEffect, useId, useState, useTransition } from "react";
import { fieldLabel } from "@/lib/audit/search/labels";
import { CATEGORY_OPTIONS, ENTITY_OPTIONS, EVENT_TYPE_OPTIONS, filtersOf, RISK_OPTIONS, STATUS_OPTIONS, withFilter, type FilterKey, type Filters } from "@/lib/audit/search/filters";
import { parseQuery } from "@/lib/audit/search/parse";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

// The whole view lives in the URL (q, order, cursor), so every view is a link; the
// server renders it again on each change (shallow: false).
const PARAMS = {
  q: parseAsString.withDefault(""),
  order: parseAsStringLiteral(["desc", "asc"] as const).withDefault("desc"),
  cursor: parseAsString,
  // The saved search being shown, if any: a new search is no longer it.
  saved: parseAsString,
};

const SELECTS: Array<{ key: FilterKey; label: string; options: readonly string[]; any: string }> = [
  { key: "type", label: "Event type", options: EVENT_TYPE_OPTIONS, any: "Any type" },
  { key: "category", label: "Category", options: CATEGORY_OPTIONS, any: "Any category" },
  { key: "risk", label: "Risk", options: RISK_OPTIONS, any: "Any risk" },
  { key: "status", label: "Status", options: STATUS_OPTIONS, any: "Any status" },
  { key: "entity", label: "Record type", options: ENTITY_OPTIONS, any: "Any record" },
];

type Suggestion = { id: string; name: string; email: string; roleLabel: string; department: string };

/**
 * Type-ahead over the people the viewer's audit scope covers (GET /api/audit-logs/actors);
 * picking one (or pressing Enter) filters by their email; emptying the box removes the filter.
 */
function ActorFilter({ id, value, disabled, onPick }: { id: string; value: string; disabled: boolean; onPick: (v: string) => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  useEffect(() => {
    const typed = text.trim();
    if (!typed || typed === value) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/audit-logs/actors?q=${encodeURIComponent(typed)}`, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : { data: [] }))
        .then((body: { data: Suggestion[] }) => setSuggestions(body.data))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, value]);
  const commit = (next: string) => {
    const v = next.trim();
    if (v !== value) onPick(v);
  };
  return (
    <div>
      <label htmlFor={`${id}-actor`} className="block text-sm font-medium text-slate-700">Actor</label>
      <input
        id={`${id}-actor`}
        type="search"
        list={`${id}-actors`}
        value={text}
        disabled={disabled}
        placeholder="Name or email"
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          // Choosing from the list fills in an email exactly: apply it at once.
          if (suggestions.some((s) => s.email === e.target.value) || e.target.value === "") commit(e.target.value);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit(text);
          }
        }}
        className={INPUT}
      />
      <datalist id={`${id}-actors`}>
        {suggestions.map((s) => (
          <option key={s.id} value={s.email}>{`${s.name} · ${s.roleLabel}${s.department ? `, ${s.department}` : ""}`}</option>
        ))}
      </datalist>
    </div>
  );
}

function optionLabel(key: FilterKey, value: string) {
  return key === "risk" ? `${fieldLabel(value.slice(2))} or higher` : fieldLabel(value);
}

const CHIP_KEYS: Array<{ key: FilterKey; label: string }> = [
  { key: "actor", label: "Actor" }, { key: "type", label: "Event type" }, { key: "category", label: "Category" },
  { key: "risk", label: "Risk" }, { key: "status", label: "Status" }, { key: "entity", label: "Record type" },
];

/** The filters in force, one removable chip each (the search box says the same in its own words). */
function ActiveFilters({ filters, disabled, onRemove }: { filters: Filters; disabled: boolean; onRemove: (key: FilterKey | "created") => void }) {
  const chips: Array<{ key: FilterKey | "created"; text: string }> = CHIP_KEYS.filter(({ key }) => filters[key]).map(({ key, label }) => ({ key, text: `${label}: ${key === "actor" ? filters.actor : optionLabel(key, filters[key])}` }));
  if (filters.from || filters.to) chips.push({ key: "created", text: `Days: ${filters.from || "…"} to ${filters.to || "…"}` });
  if (chips.length === 0) return null;
  return (
    <ul aria-label="Filters in force" className="flex flex-wrap gap-2" data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.key} className="inline-flex items-center gap-1 rounded-full border border-indigo-200 bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-950">
          {c.text}
          <button type="button" disabled={disabled} onClick={() => onRemove(c.key)} className="rounded-full px-1.5 text-indigo-800 hover:bg-indigo-100 disabled:opacity-50" aria-label={`Remove the filter ${c.text}`}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The search box (the search language) and the filter controls, kept in step through the query text. */
export function AuditSearchForm() {
  const [pending, startTransition] = useTransition();
  const [{ q, order }, setParams] = useQueryStates(PARAMS, { shallow: false, startTransition });
  const [draft, setDraft] = useState(q);
  const [seen, setSeen] = useState(q);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const id = useId();
  // Back/forward and links change q under us: the box follows the URL.
  if (seen !== q) {
    setSeen(q);
    setDraft(q);
  }

  const parsed = parseQuery(draft);
  const error = parsed.ok ? null : parsed.error;
  const filters = filtersOf(parsed.ok ? draft : q);
  const apply = (next: string) => {
    setDraft(next);
    void setParams({ q: next.trim() || null, cursor: null, ...(next.trim() === q ? {} : { saved: null }) });
  };
  const setFilter = (key: FilterKey, value: string) => apply(withFilter(draft, key, value));
  const setDates = (from: string, to: string) => apply(withFilter(draft, "created", { from, to }));

  return (
    <form
      role="search"
      aria-label="Audit log"
      className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.ok) apply(draft);
      }}
    >
      <div>
        <label htmlFor={`${id}-q`} className="block text-sm font-medium text-slate-700">Search</label>
        <div className="mt-1 flex flex-col gap-2 sm:flex-row">
          <input
            id={`${id}-q`}
            name="q"
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            placeholder="action:leave_request.* risk:>=medium created:>=2026-01-01"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-help ${id}-error`}
            className={`${INPUT} mt-0 font-mono ${error ? "border-red-600" : ""}`}
          />
          <button type="submit" disabled={!parsed.ok || pending} className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
            {pending ? "Searching…" : "Search"}
          </button>
        </div>
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-600">
          Terms like <code>action:user.*</code>, <code>actor:&quot;Ayesha Khan&quot;</code>, <code>risk:&gt;=high</code>, <code>created:2026-01-01..2026-01-31</code> (PKT days), <code>hours:off</code> (outside PKT working hours), <code>-action:login</code>, or plain words (whole words; <code>pay*</code> finds Payroll too).
        </p>
        <div id={`${id}-error`} aria-live="polite">
          {error ? (
            <div className="mt-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="search-error">
              <p>
                <span className="font-semibold">Character {error.position + 1}:</span> {error.reason}
                {error.suggestion ? <> Did you mean <code className="font-semibold">{error.suggestion}</code>?</> : null}
              </p>
              <p className="mt-1 font-mono break-all whitespace-pre-wrap text-slate-900" aria-hidden="true">
                {draft.slice(0, error.position)}
                <mark className="rounded-sm bg-red-200 px-0.5 text-red-950 underline decoration-wavy">{draft.slice(error.position, error.position + Math.max(error.length, 1)) || " "}</mark>
                {draft.slice(error.position + Math.max(error.length, 1))}
              </p>
            </div>
          ) : null}
        </div>
      </div>
      <ActiveFilters filters={filters} disabled={!parsed.ok} onRemove={(key) => (key === "created" ? setDates("", "") : setFilter(key, ""))} />
      <details className="group" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
        <summary className="inline-flex cursor-pointer items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50">
          Filters and order
        </summary>
      <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {SELECTS.map(({ key, label, options, any }) => (
          <div key={key}>
            <label htmlFor={`${id}-${key}`} className="block text-sm font-medium text-slate-700">{label}</label>
            <select id={`${id}-${key}`} value={filters[key]} disabled={!parsed.ok} onChange={(e) => setFilter(key, e.target.value)} className={INPUT}>
              <option value="">{any}</option>
              {options.map((o) => (
                <option key={o} value={o}>{optionLabel(key, o)}</option>
              ))}
            </select>
          </div>
        ))}
        <ActorFilter id={id} value={filters.actor} disabled={!parsed.ok} onPick={(v) => setFilter("actor", v)} />
        <div>
          <label htmlFor={`${id}-from`} className="block text-sm font-medium text-slate-700">From (PKT day)</label>
          <input id={`${id}-from`} type="date" value={filters.from} disabled={!parsed.ok} onChange={(e) => setDates(e.target.value, filters.to)} className={INPUT} />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className="block text-sm font-medium text-slate-700">To (PKT day)</label>
          <input id={`${id}-to`} type="date" value={filters.to} disabled={!parsed.ok} onChange={(e) => setDates(filters.from, e.target.value)} className={INPUT} />
        </div>
        <div>
          <label htmlFor={`${id}-order`} className="block text-sm font-medium text-slate-700">Order</label>
          <select id={`${id}-order`} value={order} onChange={(e) => void setParams({ order: e.target.value === "asc" ? "asc" : null, cursor: null })} className={INPUT}>
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </div>
      </div>
      </details>
    </form>
  );
}
