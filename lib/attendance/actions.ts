"use server";

import { revalidatePath } from "next/cache";
import { authActionClient, serviceAction } from "@/lib/safe-action";
import { editSessionSchema, emptySchema } from "./schemas";
import { checkIn, checkOut, editSession } from "./service";

export const checkInAction = serviceAction("checkIn", emptySchema, checkIn, { layout: "/" });

export const checkOutAction = serviceAction("checkOut", emptySchema, checkOut, { layout: "/" });

export const editSessionAction = authActionClient.metadata({ name: "editSession" }).inputSchema(editSessionSchema).action(async ({ ctx, parsedInput }) => {
  await editSession({ ...ctx.service, ...parsedInput, checkOutAt: parsedInput.checkOutAt || undefined });
  revalidatePath("/attendance");
});
