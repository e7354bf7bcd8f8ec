import { Badge, type BadgeTone } from "@/components/ui/badge";
import { isOverdue, TASK_STATUS_LABELS, type TaskStatus } from "@/lib/tasks/labels";
import { formatDateTime } from "@/lib/time";

const STATUS_TONES: Record<TaskStatus, BadgeTone> = {
  TODO: "gray",
  IN_PROGRESS: "blue",
  COMPLETED: "indigo",
  REVIEWED: "green",
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{TASK_STATUS_LABELS[status]}</Badge>;
}

/** "Due 23 Nov 2026, 18:00 PKT", flagged when an open task is past it. */
export function DueDate({ task, now }: { task: { status: TaskStatus; dueDate: Date }; now: Date }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span>
        Due <time dateTime={task.dueDate.toISOString()}>{formatDateTime(task.dueDate)}</time>
      </span>
      {isOverdue(task, now) ? <Badge tone="red">Overdue</Badge> : null}
    </span>
  );
}

export type Person = { name: string; title: string | null; department: { name: string } | null } | null;

/** A person's name with their title and department on a second line. */
export function PersonLabel({ person }: { person: Person }) {
  if (!person) return <span className="text-slate-700">A former user</span>;
  const details = [person.title, person.department?.name].filter(Boolean).join(", ");
  return (
    <span>
      <span className="font-medium text-slate-900">{person.name}</span>
      {details ? <span className="block text-xs text-slate-600">{details}</span> : null}
    </span>
  );
}

export function personOptionLabel(person: NonNullable<Person>): string {
  const details = [person.title, person.department?.name].filter(Boolean).join(", ");
  return details ? `${person.name} — ${details}` : person.name;
}
