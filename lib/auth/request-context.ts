import type { RequestContext } from "@/lib/audit/schemas";

/** Client IP and user agent as the audit log records them. */
export function contextFromHeaders(h: Headers): RequestContext {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || h.get("x-real-ip") || null;
  return { ip: ip ? ip.replace(/^::ffff:/, "").slice(0, 64) : null, userAgent: (h.get("user-agent") ?? "").slice(0, 2000) };
}
