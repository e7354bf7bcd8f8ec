"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { cancelLeaveSchema, decideLeaveSchema, submitLeaveSchema } from "./schemas";
import { cancelLeaveRequest, decideLeaveRequest, submitLeaveRequest } from "./service";

export const submitLeaveAction = authActionClient.inputSchema(submitLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await submitLeaveRequest({ actor: ctx.user, request: { ...ctx.context, path: "/leave/submit" }, ...parsedInput });
  revalidatePath("/leave");
});

export const cancelLeaveAction = authActionClient.inputSchema(cancelLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await cancelLeaveRequest({ actor: ctx.user, request: { ...ctx.context, path: "/leave/cancel" }, ...parsedInput });
  revalidatePath("/leave");
});

export const decideLeaveAction = authActionClient.inputSchema(decideLeaveSchema).action(async ({ ctx, parsedInput }) => {
  await decideLeaveRequest({ actor: ctx.user, request: { ...ctx.context, path: `/leave/${parsedInput.decision}` }, ...parsedInput });
  revalidatePath("/leave");
});
