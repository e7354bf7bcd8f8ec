import type { TaskStatus } from "@/lib/generated/prisma/enums";

// Components name task statuses through this module, never the generated client.
export type { TaskStatus };

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  TODO: "To do",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  REVIEWED: "Reviewed",
};

export const OPEN_TASK_STATUSES: TaskStatus[] = ["TODO", "IN_PROGRESS"];

/** A task still open after its due date. */
export function isOverdue(task: { status: TaskStatus; dueDate: Date }, now = new Date()): boolean {
  return OPEN_TASK_STATUSES.includes(task.status) && task.dueDate.getTime() < now.getTime();
}
