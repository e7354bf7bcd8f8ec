"use client";

import { useAction } from "next-safe-action/hooks";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { remindAnnouncementAction } from "@/lib/announcements/actions";

/** Reminds, live and by email when it is emailed, everyone who has not acknowledged (or read) it yet. */
export function RemindButton({ id, who, lastReminded }: { id: string; who: string; lastReminded: string | null }) {
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(remindAnnouncementAction, {
    onSuccess: ({ data }) => outcome.succeeded(`Reminded ${data?.people ?? 0} ${data?.people === 1 ? "person" : "people"}.`),
    onError: outcome.failed,
  });
  return (
    <form
      className="flex flex-wrap items-center gap-3"
      aria-describedby={outcome.describedBy}
      onSubmit={(event) => {
        outcome.start(event);
        execute({ id });
      }}
    >
      <SubmitButton pending={isPending} label={`Remind those who have not ${who}`} pendingLabel="Reminding…" variant="secondary" />
      <ActionStatus id={outcome.statusId} message={outcome.message}>
        {outcome.message ? undefined : lastReminded ? <span className="text-slate-600">Last reminded {lastReminded}. One reminder an hour at most.</span> : undefined}
      </ActionStatus>
    </form>
  );
}
