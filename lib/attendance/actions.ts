"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { editSessionSchema, emptySchema } from "./schemas";
import { checkIn, checkOut, editSession } from "./service";

export const checkInAction = authActionClient.metadata({ name: "checkIn" }).inputSchema(emptySchema).action(async ({ ctx }) => {
  await checkIn(ctx.service);
  revalidatePath("/", "layout");
});

export const checkOutAction = authActionClient.metadata({ name: "checkOut" }).inputSchema(emptySchema).action(async ({ ctx }) => {
  await checkOut(ctx.service);
  revalidatePath("/", "layout");
});

export const editSessionAction = authActionClient.metadata({ name: "editSession" }).inputSchema(editSessionSchema).action(async ({ ctx, parsedInput }) => {
  await editSession({ ...ctx.service, ...parsedInput, checkOutAt: parsedInput.checkOutAt || undefined });
  revalidatePath("/attendance");
});
