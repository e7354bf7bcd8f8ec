"use client";

import { useAction } from "next-safe-action/hooks";
import { useRef } from "react";
import type { AnyAction } from "@/components/ui/action-form";
import { ActionStatus, useActionOutcome } from "@/components/ui/action-status";
import { TextAreaField } from "@/components/ui/form-field";

type Props = {
  action: AnyAction;
  /** Fixed values sent with the form (the request id). */
  values: Record<string, string>;
  /** Accessible names of the two buttons, e.g. "Approve leave for Rafi Report". */
  approveLabel: string;
  rejectLabel: string;
  /** Id of the text that tells this request apart from others by the same person. */
  describedBy?: string;
  /** Id of the reason field, unique on the page. */
  reasonId: string;
};

/**
 * ActionForm's behaviour with two submit buttons: one reason, then Approve or Reject.
 * The pressed button's value travels as `decision`.
 */
export function DecisionForm({ action, values, approveLabel, rejectLabel, describedBy, reasonId }: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(action as Parameters<typeof useAction>[0], {
    onSuccess({ input }) {
      formRef.current?.reset();
      outcome.succeeded((input as { decision?: string } | undefined)?.decision === "reject" ? "Request rejected." : "Request approved.");
    },
    onError: outcome.failed,
  });
  // The pressed button says which decision this is.
  const send = (event: React.FormEvent<HTMLFormElement>) => {
    outcome.start(event);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    execute({ ...Object.fromEntries(new FormData(event.currentTarget).entries()), ...values, decision: submitter?.value ?? "" } as never);
  };
  const button = "rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60";
  return (
    <form ref={formRef} aria-describedby={outcome.describedBy} onSubmit={send}>
      <TextAreaField label="Reason for decision" name="reason" id={reasonId} rows={2} required minLength={3} maxLength={500} />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" name="decision" value="approve" disabled={isPending} aria-label={approveLabel} aria-describedby={describedBy} className={`${button} bg-emerald-700 text-white hover:bg-emerald-800`}>
          Approve
        </button>
        <button type="submit" name="decision" value="reject" disabled={isPending} aria-label={rejectLabel} aria-describedby={describedBy} className={`${button} bg-red-700 text-white hover:bg-red-800`}>
          Reject
        </button>
        <ActionStatus id={outcome.statusId} message={outcome.message}>
          {isPending ? "Saving…" : null}
        </ActionStatus>
      </div>
    </form>
  );
}
