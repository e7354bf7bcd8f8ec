import { z } from "zod";

export const signInSchema = z.object({
  email: z.email("Enter a valid email address").max(255).transform((v) => v.trim().toLowerCase()),
  password: z.string().min(1, "Enter your password").max(200),
  callbackUrl: z.string().optional(),
});
