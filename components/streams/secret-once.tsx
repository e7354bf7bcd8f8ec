"use client";

import { useState } from "react";

/** A secret shown once, with a copy button; nothing keeps it after the page is left. */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-emerald-300 bg-emerald-50 p-4" role="status" data-testid="stream-secret">
      <p className="text-sm font-semibold text-emerald-900">{title} Copy it into the receiver now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="rounded bg-white px-2 py-1 text-sm break-all text-slate-900" data-testid="stream-secret-value">{secret}</code>
        <button
          type="button"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="text-sm text-indigo-800 underline" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
