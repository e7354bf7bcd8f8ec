"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { editSessionSchema, emptySchema } from "./schemas";
import { checkIn, checkOut, editSession } from "./service";

export const checkInAction = authActionClient.inputSchema(emptySchema).action(async ({ ctx }) => {
  await checkIn({ actor: ctx.user, request: { ...ctx.context, path: "/attendance/check-in" } });
  revalidatePath("/", "layout");
});

export const checkOutAction = authActionClient.inputSchema(emptySchema).action(async ({ ctx }) => {
  await checkOut({ actor: ctx.user, request: { ...ctx.context, path: "/attendance/check-out" } });
  revalidatePath("/", "layout");
});

export const editSessionAction = authActionClient.inputSchema(editSessionSchema).action(async ({ ctx, parsedInput }) => {
  await editSession({ actor: ctx.user, request: { ...ctx.context, path: "/attendance/edit" }, ...parsedInput, checkOutAt: parsedInput.checkOutAt || undefined });
  revalidatePath("/attendance");
});
