"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { createTaskSchema, editTimeLogSchema, emptySchema, taskIdSchema } from "./schemas";
import { completeTask, createTask, editTimeLog, reviewTask, startTask, startTimer, stopTimer } from "./service";

export const createTaskAction = authActionClient.metadata({ name: "createTask" }).inputSchema(createTaskSchema).action(async ({ ctx, parsedInput }) => {
  await createTask({ ...ctx.service, ...parsedInput });
  revalidatePath("/tasks");
});

export const startTaskAction = authActionClient.metadata({ name: "startTask" }).inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await startTask({ ...ctx.service, ...parsedInput });
  revalidatePath("/tasks");
});

// Timers show beyond the tasks pages (a completed task stops its timer), so these refresh the whole layout.
export const completeTaskAction = authActionClient.metadata({ name: "completeTask" }).inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await completeTask({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
});

export const reviewTaskAction = authActionClient.metadata({ name: "reviewTask" }).inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await reviewTask({ ...ctx.service, ...parsedInput });
  revalidatePath("/tasks");
});

export const startTimerAction = authActionClient.metadata({ name: "startTimer" }).inputSchema(taskIdSchema).action(async ({ ctx, parsedInput }) => {
  await startTimer({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
});

export const stopTimerAction = authActionClient.metadata({ name: "stopTimer" }).inputSchema(emptySchema).action(async ({ ctx }) => {
  await stopTimer(ctx.service);
  revalidatePath("/", "layout");
});

export const editTimeLogAction = authActionClient.metadata({ name: "editTimeLog" }).inputSchema(editTimeLogSchema).action(async ({ ctx, parsedInput }) => {
  await editTimeLog({ ...ctx.service, ...parsedInput });
  revalidatePath("/tasks/time-logs");
});
