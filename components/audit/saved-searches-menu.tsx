"use client";

import Link from "next/link";
import { closeDisclosureOf, ToolbarDisclosure } from "./toolbar-disclosure";

/** One saved search as the menu shows it: its link applies its search, tab and columns. */
export type SavedSearchLink = { id: string; name: string; href: string; q: string; note: string };

type Group = { title: string; items: SavedSearchLink[] };

function GroupList({ title, items }: Group) {
  if (items.length === 0) return null;
  return (
    <section className="mb-3 last:mb-0">
      <h2 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h2>
      <ul aria-label={title} className="space-y-1">
        {items.map((s) => (
          <li key={s.id}>
            <Link href={s.href} onClick={(event) => closeDisclosureOf(event.currentTarget)} scroll={false} className="block rounded-md px-2 py-1.5 hover:bg-indigo-50 focus-visible:bg-indigo-50" data-testid="saved-search-link">
              <span className="block font-medium break-words text-indigo-800">{s.name}</span>
              <span className="block text-xs text-slate-600">{s.note}</span>
              <code className="block truncate text-xs text-slate-700" title={s.q || "Everything in your reach"}>{s.q || "Everything in your reach"}</code>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The saved searches menu by the search box: pinned for everyone, the person's own, shared with auditors. */
export function SavedSearchesMenu({ pinned, mine, shared }: { pinned: SavedSearchLink[]; mine: SavedSearchLink[]; shared: SavedSearchLink[] }) {
  const count = pinned.length + mine.length + shared.length;
  return (
    <ToolbarDisclosure summary={<>Saved searches <span className="text-slate-600">({count})</span></>} label="Saved searches" testId="saved-searches">
      {count === 0 ? <p className="text-sm text-slate-700">No saved searches yet. Search, then use “Save this search”.</p> : null}
      <GroupList title="Pinned for everyone" items={pinned} />
      <GroupList title="Yours" items={mine} />
      <GroupList title="Shared by auditors" items={shared} />
      <p className="mt-2 border-t border-slate-200 pt-2 text-sm">
        <Link href="/audit/saved" className="text-indigo-800 underline underline-offset-2">Manage saved searches</Link>
      </p>
    </ToolbarDisclosure>
  );
}
