"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { dismissAlertSchema, resolveAlertSchema } from "./schemas";
import { dismissAlert, markAlertsRead, resolveAlert, runAllScansNow } from "./service";

export const resolveAlertAction = authActionClient.metadata({ name: "resolveAlert" }).inputSchema(resolveAlertSchema).action(async ({ ctx, parsedInput }) => {
  await resolveAlert({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
  return { message: "Alert resolved." };
});

export const dismissAlertAction = authActionClient.metadata({ name: "dismissAlert" }).inputSchema(dismissAlertSchema).action(async ({ ctx, parsedInput }) => {
  await dismissAlert({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
  return { message: "Alert dismissed." };
});

export const markAlertsReadAction = authActionClient
  .metadata({ name: "markAlertsRead" })
  .inputSchema(z.object({ ids: z.array(z.uuid()).max(100) }))
  .action(async ({ ctx, parsedInput }) => ({ marked: await markAlertsRead({ viewerId: ctx.user.id, ids: parsedInput.ids }) }));

export const runAllScansAction = authActionClient.metadata({ name: "runAllScans" }).inputSchema(z.object({})).action(async ({ ctx }) => {
  const result = await runAllScansNow(ctx.service);
  revalidatePath("/", "layout");
  const raised = result.scans.reduce((n, s) => n + s.raised, 0) + result.anomalies.alerted;
  return { message: `Scans finished: ${raised} alert${raised === 1 ? "" : "s"} raised, ${result.scans.reduce((n, s) => n + s.escalated, 0)} escalated.` };
});
