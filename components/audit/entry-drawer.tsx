"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { rememberOpenedEntry } from "./audit-results";

/**
 * The entry beside the results, addressed by the URL (`?entry=`): a panel on the right
 * at desktop widths, the whole screen on a phone. Opening moves focus to its heading;
 * Esc or the close link drops `entry` from the URL, and focus goes back to the row.
 * Not modal: the list stays usable (j/k move, Enter opens another entry here).
 */
export function EntryDrawer({ entryId, title, subtitle, closeHref, pageHref, children }: { entryId: string; title: string; subtitle: string; closeHref: string; pageHref: string; children: React.ReactNode }) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    rememberOpenedEntry(entryId);
    heading.current?.focus();
  }, [entryId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return;
      event.preventDefault();
      router.replace(closeHref, { scroll: false });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [closeHref, router]);
  return (
    <section
      aria-labelledby="entry-drawer-title"
      data-testid="entry-drawer"
      className="fixed inset-0 z-40 overflow-y-auto bg-slate-50 p-4 sm:p-5 lg:inset-y-0 lg:right-0 lg:left-auto lg:w-[40rem] lg:max-w-[calc(100vw-16rem)] lg:border-l lg:border-slate-300 lg:shadow-2xl"
    >
      <div className="mb-4 flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="entry-drawer-title" ref={heading} tabIndex={-1} className="text-xl font-bold text-slate-900 focus:outline-none">
            {title}
          </h2>
          <p className="mt-1 text-sm break-words text-slate-700">{subtitle}</p>
          <Link href={pageHref} className="mt-1 inline-block text-sm text-indigo-800 underline underline-offset-2">
            Open as a page
          </Link>
        </div>
        <Link href={closeHref} scroll={false} className="shrink-0 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100" aria-label="Close the entry (Esc)">
          Close
        </Link>
      </div>
      {children}
    </section>
  );
}
