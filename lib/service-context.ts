import type { RequestContext } from "@/lib/audit/schemas";
import { contextFromHeaders } from "@/lib/auth/request-context";
import type { Role } from "@/lib/auth/permissions";

/** Who is acting, as services see them (the current user, re-read from the database). */
export type Actor = { id: string; name: string; email: string; role: Role; departmentName: string };

/** Every service function gets the actor and the request facts the audit log keeps. */
export type ServiceContext = { actor: Actor; request: RequestContext };

/** What the request says of itself: its headers, its method and the path it was sent to. */
export type RequestFacts = { headers: Headers; method: string; path: string };

/**
 * The one way a context is built for a signed-in person, by the route wrapper and the
 * action client alike: the actor's five facts (nothing else of the session's user) and
 * the request's address, user agent, session, method and path.
 */
export function serviceContext(user: Actor & { sessionId: string }, { headers, method, path }: RequestFacts): ServiceContext {
  return {
    actor: { id: user.id, name: user.name, email: user.email, role: user.role, departmentName: user.departmentName },
    request: { ...contextFromHeaders(headers), sessionId: user.sessionId, method, path },
  };
}
