import { z } from "zod";

export const emptySchema = z.object({});

/** datetime-local values are PKT wall time ("2026-11-23T09:05"). */
const pktLocal = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");

export const MIN_ESTIMATE_MINUTES = 15;
export const MAX_ESTIMATE_MINUTES = 40 * 60;
export const MAX_TITLE_LENGTH = 200;

export const createTaskSchema = z.object({
  title: z.string().trim().min(3, "Give the task a title of at least 3 characters").max(MAX_TITLE_LENGTH),
  description: z.string().trim().max(2000).optional(),
  assigneeId: z.uuid("Choose who the task is for"),
  dueAt: pktLocal,
  estimateMinutes: z.coerce
    .number("Enter the estimate in minutes")
    .int("Enter the estimate in whole minutes")
    .min(MIN_ESTIMATE_MINUTES, `The estimate must be at least ${MIN_ESTIMATE_MINUTES} minutes`)
    .max(MAX_ESTIMATE_MINUTES, "The estimate cannot be more than 40 hours"),
});

export const taskIdSchema = z.object({ taskId: z.uuid() });

export const editTimeLogSchema = z.object({
  timeLogId: z.uuid(),
  startedAt: pktLocal,
  endedAt: pktLocal,
  reason: z.string().trim().min(5, "Give a reason of at least 5 characters").max(500),
});
