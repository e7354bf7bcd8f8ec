"use server";

import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { revalidatePath } from "next/cache";
import { retentionPoliciesSchema, updateRetentionPolicies } from "./retention-settings";
import { runVerification } from "./service";

export const verifyAuditAction = authActionClient.metadata({ name: "verifyAudit" }).inputSchema(z.object({})).action(async ({ ctx }) => {
  const report = await runVerification(ctx.service);
  return report;
});

export const updateRetentionPoliciesAction = authActionClient
  .metadata({ name: "updateRetentionPolicies" })
  .inputSchema(retentionPoliciesSchema)
  .action(async ({ ctx, parsedInput }) => {
    const { changed } = await updateRetentionPolicies({ ...ctx.service, values: parsedInput });
    revalidatePath("/admin/settings");
    return { message: changed.length === 0 ? "Nothing changed." : `Saved ${changed.length} retention ${changed.length === 1 ? "policy" : "policies"}.` };
  });
