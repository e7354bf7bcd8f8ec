"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

// What every form bound to a safe action tells the person: the outcome in one line
// under the form (an alert when it failed), and on failure the server's message, or
// the first validation error, or a hint of what to fix.

export type ActionMessage = { kind: "error" | "success"; text: string } | null;

const DEFAULT_HINT = "Check the form and try again.";

type ActionError = { serverError?: unknown; validationErrors?: unknown };

export function failureText(error: ActionError, hint = DEFAULT_HINT): string {
  const validation = error.validationErrors as { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | undefined;
  const first = validation?.formErrors?.[0] ?? Object.values(validation?.fieldErrors ?? {}).flat()[0];
  return (error.serverError as string | undefined) ?? first ?? hint;
}

/**
 * A form's outcome: the status line's id and message, and the callbacks that fill it
 * (give them to useAction). A success refreshes the page's data.
 */
export function useActionOutcome(hint?: string) {
  const router = useRouter();
  const statusId = useId();
  const [message, setMessage] = useState<ActionMessage>(null);
  return {
    statusId,
    message,
    /** For the form's aria-describedby: the outcome describes the form once there is one. */
    describedBy: message ? statusId : undefined,
    succeeded(text?: string | null) {
      setMessage(text ? { kind: "success", text } : null);
      router.refresh();
    },
    failed({ error }: { error: ActionError }) {
      setMessage({ kind: "error", text: failureText(error, hint) });
    },
    /** A refusal found in the browser, before anything is sent. */
    refuse(text: string) {
      setMessage({ kind: "error", text });
    },
    /** First thing in the form's submit handler: no page load, and the last outcome cleared. */
    start(event: React.FormEvent<HTMLFormElement>) {
      event.preventDefault();
      setMessage(null);
    },
  };
}

/** The outcome line; `children` replace the message while the action runs. */
export function ActionStatus({ id, message, className = "", children }: { id: string; message: ActionMessage; className?: string; children?: React.ReactNode }) {
  return (
    <p id={id} role={message?.kind === "error" ? "alert" : "status"} className={`${className ? `${className} ` : ""}text-sm ${message?.kind === "error" ? "text-red-700" : "text-emerald-800"}`}>
      {children ?? message?.text}
    </p>
  );
}

const VARIANTS = {
  primary: "bg-indigo-700 text-white hover:bg-indigo-800",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "bg-red-700 text-white hover:bg-red-800",
};

type ButtonProps = { pending: boolean; label: React.ReactNode; pendingLabel?: string; variant?: keyof typeof VARIANTS; className?: string };

export function SubmitButton({ pending, label, pendingLabel = "Saving…", variant = "primary", className = "" }: ButtonProps) {
  return (
    <button type="submit" disabled={pending} className={`rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60 ${VARIANTS[variant]} ${className}`}>
      {pending ? pendingLabel : label}
    </button>
  );
}
