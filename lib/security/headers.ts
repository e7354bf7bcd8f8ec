// Response headers that depend on the request: the Content-Security-Policy (a fresh
// nonce each time) and HSTS (only over TLS). The fixed ones are in next.config.mjs.

/** 128 random bits, base64: what a CSP nonce should be. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

type PolicyOptions = {
  nonce: string;
  dev?: boolean;
  tls?: boolean;
  /** Extra connect-src origins: the realtime server's WebSocket (lib/realtime/config.ts). */
  connect?: Array<string | null>;
};

/**
 * A strict policy: scripts run only with this response's nonce (Next.js stamps it on
 * its own inline and bundle scripts when it finds it in the request's CSP header) and
 * whatever those load ('strict-dynamic'); no plugins, no <base>, forms post only here,
 * and no other site may frame a page.
 */
export function contentSecurityPolicy({ nonce, dev = false, tls = false, connect = [] }: PolicyOptions): string {
  const connectSources = connect.filter((c): c is string => Boolean(c) && /^wss?:\/\/[a-z0-9.:[\]-]+$/i.test(c as string));
  const directives = [
    "default-src 'self'",
    // React's development build uses eval for its debugging aids; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(tls ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, this host and its subdomains. Sent only on responses served over TLS. */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Whether the client reached us over TLS: an https URL, or a TLS-terminating proxy of
 * ours saying so. X-Forwarded-Proto is believed only when proxies are configured
 * (TRUSTED_PROXY_HOPS, as for the client's address): with none, anyone could send it
 * over plain HTTP. Of a list, the entry the outermost trusted proxy wrote counts (the
 * Nth from the right; the first when a proxy replaced the header with its own).
 */
export function servedOverTls(url: URL, headers: Headers, trustedHops: number): boolean {
  if (url.protocol === "https:") return true;
  if (trustedHops <= 0) return false;
  const entries = (headers.get("x-forwarded-proto") ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean);
  return entries[Math.max(0, entries.length - trustedHops)] === "https";
}
