"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";

// Any safe action: the form sends its own fields, validated by the action's schema on the server.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = (input: any) => Promise<any>;

type Props = {
  action: AnyAction;
  children: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  successMessage?: string;
  className?: string;
  buttonClassName?: string;
  /** Extra fixed values sent with the form (ids and the like). */
  values?: Record<string, string>;
  resetOnSuccess?: boolean;
  variant?: "primary" | "secondary" | "danger";
};

const VARIANTS = {
  primary: "bg-indigo-700 text-white hover:bg-indigo-800",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "bg-red-700 text-white hover:bg-red-800",
};

/**
 * A form bound to a safe action: sends its fields as an object, shows the server's
 * message on failure and a confirmation on success, and refreshes the page's data.
 */
export function ActionForm({ action, children, submitLabel, pendingLabel, successMessage, className, buttonClassName, values, resetOnSuccess, variant = "primary" }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const statusId = useId();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const { execute, isPending } = useAction(action as Parameters<typeof useAction>[0], {
    onSuccess() {
      setMessage(successMessage ? { kind: "success", text: successMessage } : null);
      if (resetOnSuccess) formRef.current?.reset();
      router.refresh();
    },
    onError({ error }) {
      const validation = error.validationErrors as { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | undefined;
      const first = validation?.formErrors?.[0] ?? Object.values(validation?.fieldErrors ?? {}).flat()[0];
      setMessage({ kind: "error", text: (error.serverError as string | undefined) ?? first ?? "Check the form and try again." });
    },
  });
  return (
    <form
      ref={formRef}
      className={className}
      aria-describedby={message ? statusId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        const data = Object.fromEntries(new FormData(event.currentTarget).entries());
        execute({ ...data, ...values } as never);
      }}
    >
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={isPending}
          className={`rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60 ${VARIANTS[variant]} ${buttonClassName ?? ""}`}
        >
          {isPending ? (pendingLabel ?? "Saving…") : submitLabel}
        </button>
        <p
          id={statusId}
          role={message?.kind === "error" ? "alert" : "status"}
          className={`text-sm ${message?.kind === "error" ? "text-red-700" : "text-emerald-800"}`}
        >
          {message?.text}
        </p>
      </div>
    </form>
  );
}
