"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { decideProjectSchema, submitProjectSchema } from "./schemas";
import { decideProjectRequest, submitProjectRequest } from "./service";

export const submitProjectAction = authActionClient.metadata({ name: "submitProject" }).inputSchema(submitProjectSchema).action(async ({ ctx, parsedInput }) => {
  await submitProjectRequest({ ...ctx.service, ...parsedInput });
  revalidatePath("/projects");
});

export const decideProjectAction = authActionClient.metadata({ name: "decideProject" }).inputSchema(decideProjectSchema).action(async ({ ctx, parsedInput }) => {
  await decideProjectRequest({ ...ctx.service, ...parsedInput });
  revalidatePath("/projects");
});
