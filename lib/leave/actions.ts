"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { cancelLeaveSchema, decideLeaveSchema, submitLeaveSchema } from "./schemas";
import { cancelLeaveRequest, decideLeaveRequest, submitLeaveRequest } from "./service";

export const submitLeaveAction = authActionClient.metadata({ name: "submitLeave" }).inputSchema(submitLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await submitLeaveRequest({ ...ctx.service, ...parsedInput });
  revalidatePath("/leave");
});

export const cancelLeaveAction = authActionClient.metadata({ name: "cancelLeave" }).inputSchema(cancelLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await cancelLeaveRequest({ ...ctx.service, ...parsedInput });
  revalidatePath("/leave");
});

export const decideLeaveAction = authActionClient.metadata({ name: "decideLeave" }).inputSchema(decideLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await decideLeaveRequest({ ...ctx.service, ...parsedInput });
  revalidatePath("/leave");
});
