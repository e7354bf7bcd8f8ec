"use client";

import Link from "next/link";
import { useCallback, useState } from "react";

export type Notice = { id: string; title: string };

/** The newest few notices, newest first; a repeat of an id moves it to the top. */
export function useNotices(max = 3) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const push = useCallback((notice: Notice) => setNotices((list) => [notice, ...list.filter((n) => n.id !== notice.id)].slice(0, max)), [max]);
  const remove = useCallback((id: string) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  return { notices, push, remove };
}

// Literal class names per tone, so Tailwind sees them.
const TONES = {
  alert: { border: "border-red-200", heading: "text-red-800" },
  announcement: { border: "border-indigo-200", heading: "text-indigo-800" },
} as const;

type LiveNoticeStackProps = {
  notices: Notice[];
  onClose: (id: string) => void;
  /** "New alert", "New announcement". */
  heading: string;
  href: (id: string) => string;
  tone: keyof typeof TONES;
  testId: string;
};

/**
 * The stack of live notices in the bottom corner (a polite live region): each with its
 * title, an "Open" link and "Dismiss". Used by the realtime listeners of the signed-in layout.
 */
export function LiveNoticeStack({ notices, onClose, heading, href, tone, testId }: LiveNoticeStackProps) {
  const t = TONES[tone];
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-4 bottom-4 z-40 flex flex-col items-end gap-2 sm:left-auto sm:w-96">
      {notices.map((n) => (
        <div key={n.id} role="status" className={`pointer-events-auto w-full rounded-lg border ${t.border} bg-white p-3 shadow-lg`} data-testid={testId}>
          <p className={`text-xs font-semibold tracking-wide ${t.heading} uppercase`}>{heading}</p>
          <p className="mt-1 text-sm font-medium break-words text-slate-900">{n.title}</p>
          <div className="mt-2 flex gap-3 text-sm">
            <Link href={href(n.id)} className="font-medium text-indigo-800 underline" onClick={() => onClose(n.id)}>
              Open
            </Link>
            <button type="button" className="text-slate-700 underline" onClick={() => onClose(n.id)}>
              Dismiss<span className="sr-only"> notice about {n.title}</span>
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
