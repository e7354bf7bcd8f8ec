import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { realtimeConnectSource } from "@/lib/realtime/config";
import { contentSecurityPolicy, HSTS, newNonce, servedOverTls } from "@/lib/security/headers";

/**
 * Next.js 16 Proxy (formerly middleware): a fresh CSP nonce per request. Next reads
 * the nonce from the request's Content-Security-Policy header while rendering and
 * stamps it on its scripts; the browser gets the same policy on the response.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const tls = servedOverTls(request.nextUrl, request.headers, env.TRUSTED_PROXY_HOPS);
  const policy = contentSecurityPolicy({ nonce, dev: env.NODE_ENV === "development", tls, connect: [realtimeConnectSource()] });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (tls) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Built assets carry no inline script and are the same for everyone; the API answers
  // JSON, CSV and redirects, never a page, and gets a fixed deny-all policy from
  // next.config.mjs instead (a nonce per request cost every API call ~1 ms here).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
