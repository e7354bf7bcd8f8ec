"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { CADENCES, MAX_RECIPIENTS, REPORT_TYPES } from "./document";
import { createSchedule, stopSchedule } from "./schedules";
import { requestReport } from "./service";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the day as yyyy-mm-dd.");
const reportType = z.enum(REPORT_TYPES, { error: "Choose a report." });

export const requestReportAction = authActionClient
  .metadata({ name: "requestReport" })
  .inputSchema(z.object({ type: reportType, from: day, to: day }))
  .action(async ({ ctx, parsedInput }) => {
    const report = await requestReport({ ...ctx.service, ...parsedInput });
    revalidatePath("/audit/reports");
    return { id: report.id };
  });

export const createScheduleAction = authActionClient
  .metadata({ name: "createReportSchedule" })
  .inputSchema(
    z.object({
      type: reportType,
      cadence: z.enum(CADENCES, { error: "Choose weekly or monthly." }),
      recipientIds: z
        .array(z.uuid({ error: "Choose people from the list." }), { error: "Choose at least one person to email." })
        .min(1, "Choose at least one person to email.")
        .max(MAX_RECIPIENTS, `A schedule emails at most ${MAX_RECIPIENTS} people.`),
    }),
  )
  .action(async ({ ctx, parsedInput }) => {
    const schedule = await createSchedule({ ...ctx.service, ...parsedInput });
    revalidatePath("/audit/reports");
    return schedule;
  });

export const stopScheduleAction = authActionClient
  .metadata({ name: "stopReportSchedule" })
  .inputSchema(z.object({ id: z.uuid({ error: "No such schedule." }) }))
  .action(async ({ ctx, parsedInput }) => {
    await stopSchedule({ ...ctx.service, ...parsedInput });
    revalidatePath("/audit/reports");
    return { stopped: true };
  });
