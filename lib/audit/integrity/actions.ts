"use server";

import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { runVerification } from "./service";

export const verifyAuditAction = authActionClient.metadata({ name: "verifyAudit" }).inputSchema(z.object({})).action(async ({ ctx }) => {
  const report = await runVerification(ctx.service);
  return report;
});
