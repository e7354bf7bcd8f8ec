"use client";

import { useAction } from "next-safe-action/hooks";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { bulkSetCapacityAction } from "@/lib/people/actions";
import { CapacityField } from "./capacity-field";

/**
 * Sets the weekly capacity of every person ticked in the list. The checkboxes live in
 * the table rows and join this form through their `form` attribute, so the form reads
 * all of them (a plain object of the form data would keep only the last one).
 */
export function BulkCapacityForm({ formId }: { formId: string }) {
  const outcome = useActionOutcome("Select people and enter a capacity.");
  const { execute, isPending } = useAction(bulkSetCapacityAction, {
    onSuccess({ data }) {
      const updated = data?.updated ?? 0;
      const unchanged = data?.unchanged ?? 0;
      outcome.succeeded(`Capacity updated for ${updated} ${updated === 1 ? "person" : "people"}${unchanged ? `; ${unchanged} already had it` : ""}.`);
    },
    onError: outcome.failed,
  });
  const send = (event: React.FormEvent<HTMLFormElement>) => {
    outcome.start(event);
    const data = new FormData(event.currentTarget);
    const userIds = data.getAll("userIds").map(String);
    if (userIds.length === 0) outcome.refuse("Select at least one person in the list.");
    else execute({ userIds, hours: String(data.get("hours") ?? "") });
  };
  return (
    <form id={formId} aria-describedby={outcome.describedBy} onSubmit={send}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="sm:w-56">
          <CapacityField id="bulk-capacity-hours" name="hours" />
        </div>
        <SubmitButton pending={isPending} label="Set capacity for selected" />
      </div>
      <ActionStatus id={outcome.statusId} message={outcome.message} className="mt-2" />
    </form>
  );
}
