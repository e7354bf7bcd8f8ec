import { z } from "zod";

export const LEAVE_TYPES = ["annual", "sick", "casual", "unpaid"] as const;
export type LeaveTypeValue = (typeof LEAVE_TYPES)[number];

export const LEAVE_TYPE_LABELS: Record<LeaveTypeValue, string> = { annual: "Annual", sick: "Sick", casual: "Casual", unpaid: "Unpaid" };

/** A real calendar day as a date input sends it ("2026-12-02"); 2026-02-30 is refused. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as yyyy-mm-dd")
  .refine((value) => {
    const d = new Date(`${value}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }, "Enter a real calendar date");

export const submitLeaveSchema = z.object({
  startDate: calendarDate,
  endDate: calendarDate,
  type: z.enum(LEAVE_TYPES, "Choose a leave type"),
  reason: z.string().trim().min(3, "Give a reason of at least 3 characters").max(500, "Keep the reason under 500 characters"),
});

export const cancelLeaveSchema = z.object({ requestId: z.uuid() });

export const DECISIONS = ["approve", "reject"] as const;
export type Decision = (typeof DECISIONS)[number];

export const decisionReason = z
  .string("Give a reason for the decision")
  .trim()
  .min(3, "Give a reason for the decision of at least 3 characters")
  .max(500, "Keep the reason under 500 characters");

export const decideLeaveSchema = z.object({
  requestId: z.uuid(),
  decision: z.enum(DECISIONS),
  reason: decisionReason,
});
