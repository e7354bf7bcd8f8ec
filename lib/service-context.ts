import { z } from "zod";
import type { Role } from "@/lib/access/permissions";

/** The longest request path the audit log keeps; a longer one is cut to it. */
export const MAX_REQUEST_PATH_LENGTH = 2000;

/** The request facts the audit log keeps with every entry (the spec's request columns). */
export const requestContextSchema = z.object({
  ip: z.string().max(64).nullish(),
  userAgent: z.string().max(2000).nullish(),
  sessionId: z.string().max(255).nullish(),
  method: z.string().max(10).nullish(),
  path: z.string().max(MAX_REQUEST_PATH_LENGTH).nullish(),
});
export type RequestContext = z.infer<typeof requestContextSchema>;

/** Who is acting, as services see them (the current user, re-read from the database). */
export type Actor = { id: string; name: string; email: string; role: Role; departmentName: string };

/** Every service function gets the actor and the request facts the audit log keeps. */
export type ServiceContext = { actor: Actor; request: RequestContext };
