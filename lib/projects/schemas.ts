import { z } from "zod";

export const submitProjectSchema = z.object({
  title: z.string().trim().min(3, "Give a title of at least 3 characters").max(200, "Keep the title under 200 characters"),
  description: z
    .string()
    .trim()
    .min(10, "Describe the project in at least 10 characters")
    .max(2000, "Keep the description under 2000 characters"),
});

export const PROJECT_DECISIONS = ["approve", "reject"] as const;
export type ProjectDecision = (typeof PROJECT_DECISIONS)[number];

export const decideProjectSchema = z.object({
  requestId: z.uuid(),
  decision: z.enum(PROJECT_DECISIONS),
  reason: z
    .string("Give a reason for the decision")
    .trim()
    .min(3, "Give a reason for the decision of at least 3 characters")
    .max(500, "Keep the reason under 500 characters"),
});
