"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Field } from "@/components/ui/form-field";
import { bulkSetCapacityAction } from "@/lib/people/actions";
import { CAPACITY_MAX_HOURS, CAPACITY_MIN_HOURS } from "@/lib/people/limits";

/**
 * Sets the weekly capacity of every person ticked in the list. The checkboxes live in
 * the table rows and join this form through their `form` attribute, so the form reads
 * all of them (a plain object of the form data would keep only the last one).
 */
export function BulkCapacityForm({ formId }: { formId: string }) {
  const router = useRouter();
  const statusId = useId();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const { execute, isPending } = useAction(bulkSetCapacityAction, {
    onSuccess({ data }) {
      const updated = data?.updated ?? 0;
      const unchanged = data?.unchanged ?? 0;
      setMessage({
        kind: "success",
        text: `Capacity updated for ${updated} ${updated === 1 ? "person" : "people"}${unchanged ? `; ${unchanged} already had it` : ""}.`,
      });
      router.refresh();
    },
    onError({ error }) {
      const validation = error.validationErrors as { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | undefined;
      const first = validation?.formErrors?.[0] ?? Object.values(validation?.fieldErrors ?? {}).flat()[0];
      setMessage({ kind: "error", text: (error.serverError as string | undefined) ?? first ?? "Select people and enter a capacity." });
    },
  });
  return (
    <form
      id={formId}
      aria-describedby={message ? statusId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        const data = new FormData(event.currentTarget);
        const userIds = data.getAll("userIds").map(String);
        if (userIds.length === 0) {
          setMessage({ kind: "error", text: "Select at least one person in the list." });
          return;
        }
        execute({ userIds, hours: String(data.get("hours") ?? "") });
      }}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="sm:w-56">
          <Field
            id="bulk-capacity-hours"
            label="Weekly capacity (hours)"
            name="hours"
            type="number"
            min={CAPACITY_MIN_HOURS}
            max={CAPACITY_MAX_HOURS}
            step={1}
            required
          />
        </div>
        <button
          type="submit"
          disabled={isPending}
          className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          {isPending ? "Saving…" : "Set capacity for selected"}
        </button>
      </div>
      <p id={statusId} role={message?.kind === "error" ? "alert" : "status"} className={`mt-2 text-sm ${message?.kind === "error" ? "text-red-700" : "text-emerald-800"}`}>
        {message?.text}
      </p>
    </form>
  );
}
