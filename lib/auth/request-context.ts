import type { Actor, RequestContext, ServiceContext } from "@/lib/service-context";
import { env } from "@/lib/env";
import { clientIp } from "./client-ip";
import { stampedPath, stampedPeer } from "./request-stamp";

/** Client IP and user agent as the audit log records them. */
export function contextFromHeaders(h: Headers): RequestContext {
  const ip = clientIp({ peer: stampedPeer(h), forwardedFor: h.get("x-forwarded-for"), trustedHops: env.TRUSTED_PROXY_HOPS });
  return { ip, userAgent: (h.get("user-agent") ?? "").slice(0, 2000) };
}

/** The path that was requested (never the Referer, which the client writes). */
export function requestPathFromHeaders(h: Headers): string | undefined {
  return stampedPath(h);
}

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
