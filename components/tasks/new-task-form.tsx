import { ActionForm } from "@/components/ui/action-form";
import { Field, SelectField, TextAreaField } from "@/components/ui/form-field";
import { createTaskAction } from "@/lib/tasks/actions";
import { MAX_ESTIMATE_MINUTES, MAX_TITLE_LENGTH, MIN_ESTIMATE_MINUTES } from "@/lib/tasks/schemas";
import { tomorrowEndOfDayPktInput, toPktLocalInput } from "@/lib/time";
import { personOptionLabel } from "./task-parts";

type Person = { id: string; name: string; title: string | null; department: { name: string } | null };

export function NewTaskForm({ people }: { people: Person[] }) {
  const defaultDue = tomorrowEndOfDayPktInput();
  return (
    <ActionForm action={createTaskAction} submitLabel="Assign task" pendingLabel="Assigning…" successMessage="Task assigned." resetOnSuccess className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <Field label="Title" name="title" required minLength={3} maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
      </div>
      <div className="sm:col-span-2">
        <TextAreaField label="Description (optional)" name="description" maxLength={2000} />
      </div>
      <div className="sm:col-span-2">
        <SelectField
          label="Assignee"
          name="assigneeId"
          required
          defaultValue=""
          options={[{ value: "", label: "Choose a person" }, ...people.map((p) => ({ value: p.id, label: personOptionLabel(p) }))]}
        />
      </div>
      <Field label="Due (PKT)" name="dueAt" type="datetime-local" required defaultValue={defaultDue} min={toPktLocalInput(new Date())} />
      <Field
        label="Estimate (minutes)"
        name="estimateMinutes"
        type="number"
        required
        min={MIN_ESTIMATE_MINUTES}
        max={MAX_ESTIMATE_MINUTES}
        step={5}
        defaultValue={60}
        hint="From 15 minutes to 40 hours (2400 minutes)."
      />
    </ActionForm>
  );
}
