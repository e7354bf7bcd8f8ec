"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { REPORT_TYPES } from "./document";
import { requestReport } from "./service";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the day as yyyy-mm-dd.");

export const requestReportAction = authActionClient
  .metadata({ name: "requestReport" })
  .inputSchema(z.object({ type: z.enum(REPORT_TYPES, { error: "Choose a report." }), from: day, to: day }))
  .action(async ({ ctx, parsedInput }) => {
    const report = await requestReport({ ...ctx.service, ...parsedInput });
    revalidatePath("/audit/reports");
    return { id: report.id };
  });
