"use server";

import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { runVerification } from "./service";

export const verifyAuditAction = authActionClient.inputSchema(z.object({})).action(async ({ ctx }) => {
  const report = await runVerification({ actor: ctx.user, request: { ...ctx.context, path: "/audit/verify" } });
  return report;
});
