import { z } from "zod";

export const emptySchema = z.object({});

/** datetime-local values are PKT wall time ("2026-11-23T09:05"). */
const pktLocal = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");

export const editSessionSchema = z.object({
  sessionId: z.uuid(),
  checkInAt: pktLocal,
  checkOutAt: z.union([pktLocal, z.literal("")]).optional(),
  reason: z.string().trim().min(5, "Give a reason of at least 5 characters").max(500),
});
