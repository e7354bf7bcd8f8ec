"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useAction } from "next-safe-action/hooks";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { ActionStatus, useActionOutcome } from "@/components/ui/action-status";
import { Badge } from "@/components/ui/badge";
import { DataTable, groupRows } from "@/components/ui/data-table";
import { triageAlertsAction } from "@/lib/alerts/actions";
import type { AlertSeverity, AlertType } from "@/lib/alerts/labels";
import type { BulkAlertAction } from "@/lib/alerts/schemas";

/** One alert as the triage list shows it: labels only, formatted on the server (PKT). */
export type TriageRow = {
  id: string;
  type: AlertType;
  typeLabel: string;
  severity: AlertSeverity;
  subject: string;
  what: string;
  message: string;
  raised: string;
  snoozedUntil: string | null;
  statusLabel: string;
  open: boolean;
};

export type TriageGroupBy = "none" | "person" | "type";

const BUTTON = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50";
const PRIMARY = `${BUTTON} bg-indigo-700 text-white hover:bg-indigo-800`;
const SECONDARY = `${BUTTON} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;
const INPUT = "rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm";

const columns: Array<ColumnDef<TriageRow, unknown>> = [
  // On phones the severity and type move into the What cell, so the person and what stay readable.
  { id: "severity", header: "Severity", enableHiding: false, cell: (c) => <SeverityBadge severity={c.row.original.severity} />, meta: { headerClassName: "w-28" } },
  { id: "type", header: "Type", cell: (c) => c.row.original.typeLabel, meta: { headerClassName: "w-44" } },
  { id: "person", header: "Person", enableHiding: false, cell: (c) => <span className="font-medium">{c.row.original.subject}</span>, meta: { headerClassName: "w-40 max-sm:w-28" } },
  {
    id: "what",
    header: "What",
    enableHiding: false,
    cell: (c) => (
      <span className="block min-w-0">
        <Link href={`/alerts/${c.row.original.id}`} className="block truncate text-indigo-800 underline-offset-2 hover:underline" title={c.row.original.message}>
          {c.row.original.what}
        </Link>
        <span className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-slate-600 sm:hidden">
          <SeverityBadge severity={c.row.original.severity} /> {c.row.original.typeLabel}
        </span>
        {c.row.original.snoozedUntil ? <span className="block text-xs text-slate-600">Snoozed until {c.row.original.snoozedUntil}</span> : null}
        {!c.row.original.open ? (
          <span className="mt-0.5 block">
            <Badge tone="gray">{c.row.original.statusLabel}</Badge>
          </span>
        ) : null}
      </span>
    ),
  },
  { id: "since", header: "Raised", cell: (c) => <span className="whitespace-nowrap">{c.row.original.raised}</span>, meta: { headerClassName: "w-44" } },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What rows are grouped by: the person, or the kind of alert. */
const groupKeyOf = (groupBy: Exclude<TriageGroupBy, "none">) => (r: TriageRow) => (groupBy === "person" ? r.subject : r.typeLabel);

/** Rows in the order the table shows them (groupRows, the shell's own grouping), collapsed groups left out. */
function ordered(rows: TriageRow[], groupBy: TriageGroupBy, collapsed: ReadonlySet<string>): TriageRow[] {
  if (groupBy === "none") return rows;
  return groupRows(rows, groupKeyOf(groupBy)).flatMap(([key, list]) => (collapsed.has(key) ? [] : list));
}

/** Keys go to a field being typed in or chosen from (a checkbox or button is not one). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.tagName === "INPUT") return !["checkbox", "radio", "button", "submit"].includes((el as HTMLInputElement).type);
  return el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT";
}

/**
 * The alerts page's dense list (issue 24): one line per alert in the one table shell,
 * grouped by person or type (collapsible, with counts), several selected and resolved,
 * dismissed, snoozed or woken at once with one note, and the keyboard: j/k move, x
 * selects, e resolves, s goes to the snooze choice.
 */
export function TriageList({ rows, groupBy: initialGroup, view, snoozeDefaultDate }: { rows: TriageRow[]; groupBy: TriageGroupBy; view: "open" | "snoozed" | "closed"; snoozeDefaultDate: string }) {
  const [groupBy, setGroupBy] = useState<TriageGroupBy>(initialGroup);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [snooze, setSnooze] = useState("tomorrow");
  const [date, setDate] = useState(snoozeDefaultDate);
  const snoozeRef = useRef<HTMLSelectElement>(null);
  const ids = useId();
  const outcome = useActionOutcome();
  const { executeAsync, isPending } = useAction(triageAlertsAction);
  const actionable = view !== "closed";

  // Selection only holds rows still listed (after a refresh, closed ones are gone).
  const listed = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const chosen = useMemo(() => [...selected].filter((id) => listed.has(id)), [selected, listed]);

  const chooseGroup = (next: TriageGroupBy) => {
    setGroupBy(next);
    setCollapsed(new Set());
    const url = new URL(window.location.href);
    if (next === "none") url.searchParams.delete("group");
    else url.searchParams.set("group", next);
    window.history.replaceState(null, "", url);
  };

  const run = useCallback(
    async (action: BulkAlertAction, targets: string[]) => {
      if (targets.length === 0) {
        outcome.refuse("Select one or more alerts first (x selects the highlighted one).");
        return;
      }
      const until = action === "snooze" ? (snooze === "date" ? date : snooze) : undefined;
      const result = await executeAsync({ ids: targets, action, note: action === "resolve" || action === "dismiss" ? note : undefined, until });
      if (result?.data) {
        setSelected(new Set());
        setNote("");
        outcome.succeeded(result.data.message);
      } else if (result) outcome.failed({ error: result });
    },
    [date, executeAsync, note, outcome, snooze],
  );

  const visible = useMemo(() => ordered(rows, groupBy, collapsed), [rows, groupBy, collapsed]);
  useEffect(() => {
    if (!actionable) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target) || isPending) return;
      const at = active ? visible.findIndex((r) => r.id === active) : -1;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        const next = event.key === "j" ? Math.min(at + 1, visible.length - 1) : Math.max(at - 1, 0);
        setActive(visible[next]?.id ?? null);
      } else if (event.key === "x" && active) {
        event.preventDefault();
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(active)) n.delete(active);
          else n.add(active);
          return n;
        });
      } else if (event.key === "e" && view === "open") {
        event.preventDefault();
        void run("resolve", chosen.length ? chosen : active ? [active] : []);
      } else if (event.key === "s" && view === "open") {
        event.preventDefault();
        if (chosen.length === 0 && active) setSelected(new Set([active]));
        snoozeRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [actionable, active, chosen, isPending, run, view, visible]);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${ids}-group`} className="block text-sm font-medium text-slate-700">
            Group by
          </label>
          <select id={`${ids}-group`} value={groupBy} onChange={(e) => chooseGroup(e.currentTarget.value as TriageGroupBy)} className={`mt-1 ${INPUT}`}>
            <option value="none">Nothing (newest first)</option>
            <option value="person">Person</option>
            <option value="type">Type</option>
          </select>
        </div>
        {actionable ? (
          <p className="text-xs text-slate-600" id={`${ids}-keys`}>
            Keys: <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> move, <kbd className="rounded border px-1">x</kbd> select
            {view === "open" ? (
              <>
                , <kbd className="rounded border px-1">e</kbd> resolve, <kbd className="rounded border px-1">s</kbd> snooze
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {actionable ? (
        <form
          aria-label="Act on the selected alerts"
          aria-describedby={outcome.describedBy}
          className="sticky top-0 z-10 mb-3 flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
          onSubmit={(e) => {
            outcome.start(e);
            void run("resolve", chosen);
          }}
        >
          <p className="w-full text-sm font-medium text-slate-800 sm:w-auto sm:self-center" aria-live="polite" data-testid="selected-count">
            {chosen.length === 0 ? "None selected" : `${plural(chosen.length, "alert")} selected`}
          </p>
          {view === "open" ? (
            <>
              <div className="min-w-0 grow basis-48">
                <label htmlFor={`${ids}-note`} className="block text-xs font-medium text-slate-700">
                  Note (optional, saved with each)
                </label>
                <input id={`${ids}-note`} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} className={`mt-1 w-full ${INPUT}`} />
              </div>
              <button type="submit" className={PRIMARY} disabled={isPending || chosen.length === 0}>
                Resolve
              </button>
              <button type="button" className={SECONDARY} disabled={isPending || chosen.length === 0} onClick={() => void run("dismiss", chosen)}>
                Dismiss
              </button>
              <div className="flex flex-wrap items-end gap-2">
                <div>
                  <label htmlFor={`${ids}-snooze`} className="block text-xs font-medium text-slate-700">
                    Snooze until
                  </label>
                  <select id={`${ids}-snooze`} ref={snoozeRef} value={snooze} onChange={(e) => setSnooze(e.currentTarget.value)} className={`mt-1 ${INPUT}`}>
                    <option value="tomorrow">Tomorrow 09:00 PKT</option>
                    <option value="monday">Next Monday 09:00 PKT</option>
                    <option value="date">A date and time…</option>
                  </select>
                </div>
                {snooze === "date" ? (
                  <div>
                    <label htmlFor={`${ids}-date`} className="block text-xs font-medium text-slate-700">
                      Date and time (PKT)
                    </label>
                    <input id={`${ids}-date`} type="datetime-local" value={date} onChange={(e) => setDate(e.currentTarget.value)} className={`mt-1 ${INPUT}`} />
                  </div>
                ) : null}
                <button type="button" className={SECONDARY} disabled={isPending || chosen.length === 0} onClick={() => void run("snooze", chosen)}>
                  Snooze
                </button>
              </div>
            </>
          ) : (
            <button type="button" className={PRIMARY} disabled={isPending || chosen.length === 0} onClick={() => void run("wake", chosen)}>
              Back to open now
            </button>
          )}
          <ActionStatus id={outcome.statusId} message={outcome.message} className="w-full">
            {isPending ? "Working…" : undefined}
          </ActionStatus>
        </form>
      ) : null}
      <DataTable
        label="Alerts"
        rows={rows}
        columns={columns}
        storageKey="alerts.triage.columns"
        empty={view === "open" ? "Nothing needs your attention right now." : view === "snoozed" ? "No snoozed alerts." : "No alerts match these filters."}
        rowTestId="alert-row"
        rowHeader="person"
        fixed
        narrowHidden={["severity", "type", "since"]}
        activeRowId={active}
        selection={actionable ? { selected, rowLabel: (r) => `Select the ${r.typeLabel.toLowerCase()} alert about ${r.subject}: ${r.what}`, onChange: (list, on) => setSelected((s) => {
          const n = new Set(s);
          for (const id of list) {
            if (on) n.add(id);
            else n.delete(id);
          }
          return n;
        }) } : undefined}
        groups={groupBy === "none" ? undefined : {
          keyOf: groupKeyOf(groupBy),
          label: (key, list) => (
            <span>
              {key} <span className="font-normal text-slate-600">({plural(list.length, "alert")})</span>
            </span>
          ),
          selectLabel: (key, list) => `Select all ${plural(list.length, "alert")} in ${key}`,
          collapsed,
          onToggle: (key) => setCollapsed((c) => {
            const n = new Set(c);
            if (n.has(key)) n.delete(key);
            else n.add(key);
            return n;
          }),
        }}
      />
    </div>
  );
}
