"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";

// Any safe action, as ActionForm takes it: the schema on the server validates the fields.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = (input: any) => Promise<any>;

type Props = {
  action: AnyAction;
  /** Fixed values sent with the form (the request id). */
  values: Record<string, string>;
  /** Accessible names of the two buttons, e.g. "Approve leave for Rafi Report". */
  approveLabel: string;
  rejectLabel: string;
  /** Id of the text that tells this request apart from others by the same person. */
  describedBy?: string;
  children: React.ReactNode;
};

/**
 * ActionForm's behaviour with two submit buttons: one reason, then Approve or Reject.
 * The pressed button's value travels as `decision`.
 */
export function DecisionForm({ action, values, approveLabel, rejectLabel, describedBy, children }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const lastDecision = useRef("");
  const statusId = useId();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const { execute, isPending } = useAction(action as Parameters<typeof useAction>[0], {
    onSuccess() {
      const decision = lastDecision.current;
      setMessage({ kind: "success", text: decision === "reject" ? "Request rejected." : "Request approved." });
      formRef.current?.reset();
      router.refresh();
    },
    onError({ error }) {
      const validation = error.validationErrors as { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | undefined;
      const first = validation?.formErrors?.[0] ?? Object.values(validation?.fieldErrors ?? {}).flat()[0];
      setMessage({ kind: "error", text: (error.serverError as string | undefined) ?? first ?? "Check the form and try again." });
    },
  });
  const button = "rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60";
  return (
    <form
      ref={formRef}
      aria-describedby={message ? statusId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const data = Object.fromEntries(new FormData(event.currentTarget).entries());
        lastDecision.current = submitter?.value ?? "";
        execute({ ...data, ...values, decision: lastDecision.current } as never);
      }}
    >
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" name="decision" value="approve" disabled={isPending} aria-label={approveLabel} aria-describedby={describedBy} className={`${button} bg-emerald-700 text-white hover:bg-emerald-800`}>
          Approve
        </button>
        <button type="submit" name="decision" value="reject" disabled={isPending} aria-label={rejectLabel} aria-describedby={describedBy} className={`${button} bg-red-700 text-white hover:bg-red-800`}>
          Reject
        </button>
        <p id={statusId} role={message?.kind === "error" ? "alert" : "status"} className={`text-sm ${message?.kind === "error" ? "text-red-700" : "text-emerald-800"}`}>
          {isPending ? "Saving…" : message?.text}
        </p>
      </div>
    </form>
  );
}
