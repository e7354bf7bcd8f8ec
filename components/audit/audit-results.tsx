"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useState } from "react";
import { RiskBadge, StatusBadge } from "@/components/audit/risk";
import { DataTable } from "@/components/ui/data-table";
import type { PageLink } from "@/components/ui/pager";
import type { AuditResultRow } from "@/lib/audit/search/result-row";
import { LIVE_STATUS_TEXT, useLiveTail } from "./live-tail";
import { AUDIT_COLUMNS_HIDDEN_BY_DEFAULT, AUDIT_COLUMNS_STORAGE_KEY, columnLabel, type AuditColumnId } from "@/lib/audit/saved/columns";

export type { AuditResultRow };

const col = createColumnHelper<AuditResultRow>();
// Ids and headers from the one column list a saved search names (lib/audit/saved/columns.ts).
const ids = (id: AuditColumnId) => ({ id, header: columnLabel(id) });

const COLUMNS = [
  col.accessor("atLabel", {
    ...ids("time"),
    enableHiding: false,
    meta: { headerClassName: "w-[7.5rem]" },
    cell: (c) => (
      <time dateTime={c.row.original.at} className="whitespace-nowrap" title={c.getValue()}>
        {c.row.original.fresh ? (
          <>
            <span aria-hidden="true" className="mr-1 inline-block h-2 w-2 rounded-full bg-emerald-600" />
            <span className="sr-only">New: </span>
          </>
        ) : null}
        {c.row.original.atShort}
      </time>
    ),
  }),
  col.accessor("actor", {
    ...ids("actor"),
    meta: { headerClassName: "w-[9.5rem]" },
    cell: (c) => (
      <span className="block truncate whitespace-nowrap max-sm:whitespace-normal" title={c.row.original.actorRole ? `${c.getValue()} (${c.row.original.actorRole})` : c.getValue()}>
        {c.getValue()}
        {/* The role on phones' cards; in the table it is in the name's tooltip. */}
        {c.row.original.actorRole ? <span className="text-slate-600 sm:sr-only"> · {c.row.original.actorRole}</span> : null}
      </span>
    ),
  }),
  col.accessor("actionLabel", {
    ...ids("action"),
    enableHiding: false,
    meta: { headerClassName: "w-[13.5rem]" },
    cell: (c) => (
      <Link href={c.row.original.href} scroll={false} data-entry-id={c.row.original.id} className="block max-w-[14rem] truncate whitespace-nowrap font-medium max-sm:max-w-none max-sm:whitespace-normal text-indigo-800 underline-offset-2 hover:underline" title={c.getValue()}>
        {c.getValue()}
        <span className="sr-only">, {c.row.original.atLabel}</span>
      </Link>
    ),
  }),
  // One line per event: the description is cut to the row, whole on hover and in the entry.
  col.accessor("description", {
    ...ids("description"),
    cell: (c) => <span className="block truncate whitespace-nowrap max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span>,
  }),
  col.accessor("entity", { ...ids("entity"), meta: { headerClassName: "w-[10rem]" }, cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("subject", { ...ids("subject"), meta: { headerClassName: "w-[9rem]" }, cell: (c) => <span className="block truncate max-sm:whitespace-normal" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("risk", { ...ids("risk"), meta: { headerClassName: "w-[6rem]" }, cell: (c) => <RiskBadge level={c.getValue()} /> }),
  col.accessor("status", { ...ids("status"), meta: { headerClassName: "w-[6.25rem]" }, cell: (c) => <StatusBadge status={c.getValue()} /> }),
];

// The entry the drawer showed last: when it closes, focus goes back to its row.
let openedEntry: string | null = null;
export function rememberOpenedEntry(id: string) {
  openedEntry = id;
}

/** Whether a key press belongs to a field (typing a "j" in the search box moves nothing). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The log explorer's keys: `j` and `k` move to the next and previous entry (its link;
 * Enter opens it), `/` goes to the search box. Nothing is trapped: Tab works as ever,
 * and keys typed into a field are left alone.
 */
function useEntryKeys() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (event.key === "/") {
        const box = document.querySelector<HTMLInputElement>('form[role="search"] input[name="q"]');
        if (box) {
          event.preventDefault();
          box.focus();
          box.select();
        }
        return;
      }
      if (event.key !== "j" && event.key !== "k") return;
      // The table at desktop widths, the cards on phones: whichever is shown.
      const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid="audit-row"] a, [data-testid="audit-row-card"] a')].filter((a) => a.offsetParent !== null);
      if (links.length === 0) return;
      event.preventDefault();
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = at === -1 ? (event.key === "j" ? 0 : links.length - 1) : Math.min(Math.max(at + (event.key === "j" ? 1 : -1), 0), links.length - 1);
      links[next]!.focus();
      links[next]!.scrollIntoView({ block: "nearest" });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

type Props = {
  rows: AuditResultRow[];
  previous: PageLink | null;
  next: PageLink | null;
  empty: string;
  drawerOpen: boolean;
  /** The search to follow live (newest-first, valid searches only), and who is looking. */
  live: { q: string; viewer: { id: string; name: string }; initiallyOn: boolean } | null;
  /** A saved search's columns, adopted as the viewer's own choice. */
  columnChoice?: { key: string; visible: readonly string[] };
};

export function AuditResults({ drawerOpen, live, rows, columnChoice, ...page }: Props) {
  useEntryKeys();
  const [following, setFollowing] = useState(live?.initiallyOn ?? false);
  const tail = useLiveTail(live?.q ?? "", Boolean(live) && following, live?.viewer ?? { id: "", name: "" });
  useEffect(() => {
    if (drawerOpen || !openedEntry) return;
    const link = [...document.querySelectorAll<HTMLAnchorElement>(`a[data-entry-id="${openedEntry}"]`)].find((a) => a.offsetParent !== null);
    openedEntry = null;
    link?.focus();
  }, [drawerOpen]);
  const shown = tail.rows.length === 0 ? rows : [...tail.rows, ...rows.filter((r) => !tail.rows.some((t) => t.id === r.id))];
  const toggle = () => {
    const on = !following;
    setFollowing(on);
    // Kept in the address, so a reload or a shared link follows too.
    const url = new URL(window.location.href);
    if (on) url.searchParams.set("live", "1");
    else url.searchParams.delete("live");
    window.history.replaceState(window.history.state, "", url);
  };
  return (
    <>
      <p className="sr-only" id="audit-keys">Keyboard: j and k move between entries, Enter opens one, slash goes to the search box.</p>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="hidden text-xs text-slate-600 lg:block" aria-hidden="true">
          Keys: <kbd className="rounded border border-slate-300 px-1">j</kbd> <kbd className="rounded border border-slate-300 px-1">k</kbd> move, <kbd className="rounded border border-slate-300 px-1">Enter</kbd> opens, <kbd className="rounded border border-slate-300 px-1">/</kbd> searches
        </p>
        {live ? (
          <div className="flex items-center gap-2 text-sm">
            <span role="status" aria-live="polite" className="text-slate-700" data-testid="live-status">
              {following ? LIVE_STATUS_TEXT[tail.status] : ""}
              {following && tail.rows.length > 0 ? ` · ${tail.rows.length} new` : ""}
            </span>
            <button
              type="button"
              aria-pressed={following}
              onClick={toggle}
              className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-1.5 font-medium ${following ? "border-emerald-700 bg-emerald-50 text-emerald-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
            >
              <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${following && tail.status === "live" ? "bg-emerald-600" : "bg-slate-400"}`} />
              Live
            </button>
          </div>
        ) : null}
      </div>
      {tail.notice ? <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{tail.notice}</p> : null}
      <DataTable {...page} rows={shown} label="Audit log entries" columns={COLUMNS} storageKey={AUDIT_COLUMNS_STORAGE_KEY} rowTestId="audit-row" cards fixed defaultHidden={AUDIT_COLUMNS_HIDDEN_BY_DEFAULT} choice={columnChoice} />
    </>
  );
}
