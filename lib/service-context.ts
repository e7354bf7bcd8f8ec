import type { RequestContext } from "@/lib/audit/schemas";
import type { Role } from "@/lib/auth/permissions";

/** Who is acting, as services see them (the current user, re-read from the database). */
export type Actor = { id: string; name: string; email: string; role: Role; departmentName: string };

/** Every service function gets the actor and the request facts the audit log keeps. */
export type ServiceContext = { actor: Actor; request: RequestContext };
