import type { RequestContext } from "@/lib/service-context";
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
