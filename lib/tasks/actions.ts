"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { createTaskSchema, editTimeLogSchema, emptySchema, taskIdSchema } from "./schemas";
import { completeTask, createTask, editTimeLog, reviewTask, startTask, startTimer, stopTimer } from "./service";

export const createTaskAction = authActionClient.inputSchema(createTaskSchema).action(async ({ ctx, parsedInput }) => {
  await createTask({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/create" }, ...parsedInput });
  revalidatePath("/tasks");
});

export const startTaskAction = authActionClient.inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await startTask({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/start" }, ...parsedInput });
  revalidatePath("/tasks");
});

// Timers show beyond the tasks pages (a completed task stops its timer), so these refresh the whole layout.
export const completeTaskAction = authActionClient.inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await completeTask({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/complete" }, ...parsedInput });
  revalidatePath("/", "layout");
});

export const reviewTaskAction = authActionClient.inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await reviewTask({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/review" }, ...parsedInput });
  revalidatePath("/tasks");
});

export const startTimerAction = authActionClient.inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await startTimer({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/timer/start" }, ...parsedInput });
  revalidatePath("/", "layout");
});

export const stopTimerAction = authActionClient.inputSchema(emptySchema).action(async ({ ctx }) => {
  await stopTimer({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/timer/stop" } });
  revalidatePath("/", "layout");
});

export const editTimeLogAction = authActionClient.inputSchema(editTimeLogSchema).action(async ({ ctx, parsedInput }) => {
  await editTimeLog({ actor: ctx.user, request: { ...ctx.context, path: "/tasks/time-logs/edit" }, ...parsedInput });
  revalidatePath("/tasks/time-logs");
});
