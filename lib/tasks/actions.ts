"use server";

import { serviceAction } from "@/lib/safe-action";
import { createTaskSchema, editTimeLogSchema, emptySchema, taskIdSchema } from "./schemas";
import { completeTask, createTask, editTimeLog, reviewTask, startTask, startTimer, stopTimer } from "./service";

export const createTaskAction = serviceAction("createTask", createTaskSchema, createTask, "/tasks");

export const startTaskAction = serviceAction("startTask", taskIdSchema, startTask, "/tasks");

// Timers show beyond the tasks pages (a completed task stops its timer), so these refresh the whole layout.
export const completeTaskAction = serviceAction("completeTask", taskIdSchema, completeTask, { layout: "/" });

export const reviewTaskAction = serviceAction("reviewTask", taskIdSchema, reviewTask, "/tasks");

export const startTimerAction = serviceAction("startTimer", taskIdSchema, startTimer, { layout: "/" });

export const stopTimerAction = serviceAction("stopTimer", emptySchema, stopTimer, { layout: "/" });

export const editTimeLogAction = serviceAction("editTimeLog", editTimeLogSchema, editTimeLog, "/tasks/time-logs");
