"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { dismissAlertSchema, dismissAuditAlertSchema, resolveAlertSchema, resolveAuditAlertSchema } from "./schemas";
import { dismissAlert, dismissAuditAlert, markAlertsRead, resolveAlert, resolveAuditAlert, runAllScansNow } from "./service";

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

// Anomaly alerts: the same service the API's POST /api/audit-alerts/{id}/resolve|dismiss
// calls. The whole signed-in layout refreshes (Home's open count, the feed's copies).
export const resolveAuditAlertAction = authActionClient.metadata({ name: "resolveAuditAlert" }).inputSchema(resolveAuditAlertSchema).action(async ({ ctx, parsedInput }) => {
  const closed = await resolveAuditAlert({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
  return { message: closedMessage("resolved", closed.feedAlertsClosed) };
});

export const dismissAuditAlertAction = authActionClient.metadata({ name: "dismissAuditAlert" }).inputSchema(dismissAuditAlertSchema).action(async ({ ctx, parsedInput }) => {
  const closed = await dismissAuditAlert({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
  return { message: closedMessage("dismissed", closed.feedAlertsClosed) };
});

function closedMessage(verb: "resolved" | "dismissed", copies: number): string {
  return `Anomaly alert ${verb}.${copies > 0 ? ` Its ${copies === 1 ? "copy" : `${copies} copies`} in people's alert feeds ${copies === 1 ? "was" : "were"} closed too.` : ""}`;
}

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
