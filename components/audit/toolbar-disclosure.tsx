"use client";

import { useEffect, useRef } from "react";

/**
 * A disclosure in the audit log's toolbar whose panel drops over the page, aligned to
 * the toolbar (its positioned parent), so it fits a phone's width. Opening one closes
 * the others in the toolbar; Escape or a click elsewhere closes it, Escape returning
 * focus to its summary.
 */
export function ToolbarDisclosure({ summary, label, children, testId }: { summary: React.ReactNode; label: string; children: React.ReactNode; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (ref.current?.open && !ref.current.contains(event.target as Node)) ref.current.open = false;
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, []);
  return (
    <details
      ref={ref}
      data-testid={testId}
      onToggle={(event) => {
        const details = event.currentTarget;
        if (!details.open) return;
        for (const other of details.parentElement?.querySelectorAll<HTMLDetailsElement>("details[open]") ?? []) if (other !== details) other.open = false;
      }}
      onKeyDown={(event) => {
        const details = event.currentTarget;
        if (event.key === "Escape" && details.open) {
          event.preventDefault();
          details.open = false;
          details.querySelector("summary")?.focus();
        }
      }}
    >
      <summary className="inline-flex cursor-pointer items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50">{summary}</summary>
      <div role="group" aria-label={label} className="absolute top-full right-0 z-30 mt-2 max-h-[70vh] w-[min(32rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 text-left shadow-lg">
        {children}
      </div>
    </details>
  );
}

/** Closes the toolbar disclosure an element is in (a link picked from its panel). */
export function closeDisclosureOf(element: Element) {
  const details = element.closest("details");
  if (details) details.open = false;
}
