"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { alertEmailDefaultsSchema, alertEmailPreferencesSchema } from "./contract";
import { updateAlertEmailDefaults, updateMyAlertEmailPreferences } from "./preferences";
import { bulkAlertSchema } from "./schemas";
import { dismissAlertSchema, dismissAuditAlertSchema, resolveAlertSchema, resolveAuditAlertSchema } from "./schemas";
import { dismissAlert, dismissAuditAlert, markAlertsRead, resolveAlert, resolveAuditAlert, runAllScansNow, triageAlerts } from "./service";
import { formatDateTime } from "@/lib/time";

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

// Triage (issue 24): several alerts at once, one audited statement.
export const triageAlertsAction = authActionClient.metadata({ name: "triageAlerts" }).inputSchema(bulkAlertSchema).action(async ({ ctx, parsedInput }) => {
  const result = await triageAlerts({ ...ctx.service, ...parsedInput });
  revalidatePath("/", "layout");
  const n = result.changed;
  const what = `${n} alert${n === 1 ? "" : "s"}`;
  const done = {
    resolve: `Resolved ${what}.`,
    dismiss: `Dismissed ${what}.`,
    snooze: `Snoozed ${what} until ${result.snoozedUntil ? formatDateTime(result.snoozedUntil) : ""}.`,
    wake: `${what[0]!.toUpperCase()}${what.slice(1)} back in the open list.`,
  }[result.action];
  const skipped = [
    result.alreadyClosed ? `${result.alreadyClosed} ${result.alreadyClosed === 1 ? "was" : "were"} already closed` : "",
    result.notFound ? `${result.notFound} could not be found` : "",
  ].filter(Boolean);
  return { message: skipped.length ? `${done} ${skipped.join("; ")}.` : done, ...result };
});

export const updateMyAlertEmailsAction = authActionClient.metadata({ name: "updateMyAlertEmails" }).inputSchema(alertEmailPreferencesSchema).action(async ({ ctx, parsedInput }) => {
  const { changed } = await updateMyAlertEmailPreferences({ ...ctx.service, values: parsedInput });
  revalidatePath("/settings/notifications");
  return { message: changed.length === 0 ? "Nothing changed." : "Saved. New alerts reach you this way from now on." };
});

export const updateAlertEmailDefaultsAction = authActionClient.metadata({ name: "updateAlertEmailDefaults" }).inputSchema(alertEmailDefaultsSchema).action(async ({ ctx, parsedInput }) => {
  const { changed } = await updateAlertEmailDefaults({ ...ctx.service, values: parsedInput });
  revalidatePath("/admin/settings");
  return { message: changed.length === 0 ? "Nothing changed." : `Saved ${changed.length} default${changed.length === 1 ? "" : "s"}.` };
});
