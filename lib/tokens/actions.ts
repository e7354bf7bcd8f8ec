"use server";

import { revalidatePath } from "next/cache";
import { authActionClient, serviceAction } from "@/lib/safe-action";
import { createTokenSchema, tokenIdSchema } from "./schemas";
import { createToken, revokeToken } from "./service";

const PATH = "/settings/tokens";

/** Answers with the new token's secret: the one time it is ever shown. */
export const createTokenAction = authActionClient.metadata({ name: "createToken" }).inputSchema(createTokenSchema).action(async ({ ctx, parsedInput }) => {
  const created = await createToken({ ...ctx.service, ...parsedInput });
  revalidatePath(PATH);
  return { token: created.token, name: created.name };
});

export const revokeTokenAction = serviceAction("revokeToken", tokenIdSchema, revokeToken, PATH);
