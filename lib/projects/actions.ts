"use server";

import { revalidatePath } from "next/cache";
import { authActionClient } from "@/lib/safe-action";
import { decideProjectSchema, submitProjectSchema } from "./schemas";
import { decideProjectRequest, submitProjectRequest } from "./service";

export const submitProjectAction = authActionClient.inputSchema(submitProjectSchema).action(async ({ ctx, parsedInput }) => {
  await submitProjectRequest({ actor: ctx.user, request: { ...ctx.context, path: "/projects/submit" }, ...parsedInput });
  revalidatePath("/projects");
});

export const decideProjectAction = authActionClient.inputSchema(decideProjectSchema).action(async ({ ctx, parsedInput }) => {
  await decideProjectRequest({ actor: ctx.user, request: { ...ctx.context, path: `/projects/${parsedInput.decision}` }, ...parsedInput });
  revalidatePath("/projects");
});
