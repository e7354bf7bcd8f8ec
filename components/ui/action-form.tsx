"use client";

import { useAction } from "next-safe-action/hooks";
import { useRef } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";

// Any safe action: the form sends its own fields, validated by the action's schema on the server.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = (input: any) => Promise<any>;

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

/** The form's fields as an object; a field named `name[]` (checkboxes) is the array of its values, under `name`. */
export function formFields(data: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of data.entries()) {
    if (typeof value !== "string") continue;
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      const list = fields[name];
      fields[name] = Array.isArray(list) ? [...list, value] : [value];
    } else fields[key] = value;
  }
  return fields;
}

/**
 * A form bound to a safe action: sends its fields as an object, shows the server's
 * message on failure and a confirmation on success, and refreshes the page's data.
 */
export function ActionForm({ action, children, submitLabel, pendingLabel, successMessage, className, buttonClassName, values, resetOnSuccess, variant = "primary" }: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(action as Parameters<typeof useAction>[0], {
    onSuccess() {
      if (resetOnSuccess) formRef.current?.reset();
      outcome.succeeded(successMessage);
    },
    onError: outcome.failed,
  });
  return (
    <form
      ref={formRef}
      className={className}
      aria-describedby={outcome.describedBy}
      onSubmit={(event) => {
        outcome.start(event);
        execute({ ...formFields(new FormData(event.currentTarget)), ...values } as never);
      }}
    >
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <SubmitButton pending={isPending} label={submitLabel} pendingLabel={pendingLabel} variant={variant} className={buttonClassName} />
        <ActionStatus id={outcome.statusId} message={outcome.message} />
      </div>
    </form>
  );
}
