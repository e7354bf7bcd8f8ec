type ClientIpOptions = {
  /** The address of the TCP connection (the last hop, which cannot be forged). */
  peer: string | null | undefined;
  /** X-Forwarded-For as received (several headers joined with commas). */
  forwardedFor: string | null | undefined;
  /** How many proxies we run in front of the app (TRUSTED_PROXY_HOPS). */
  trustedHops: number;
};

/**
 * The client's address as far as we can trust it. Each trusted proxy appends the
 * address it saw to X-Forwarded-For, so the entry written by the outermost of N
 * proxies is the Nth from the right; everything left of it came from the client and
 * is never used. With no proxy, only the connection's own address counts.
 */
export function clientIp({ peer, forwardedFor, trustedHops }: ClientIpOptions): string | null {
  if (trustedHops <= 0) return normalize(peer);
  const entries = (forwardedFor ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  // Fewer entries than proxies: the request did not come through all of them.
  if (entries.length < trustedHops) return null;
  return normalize(entries[entries.length - trustedHops]);
}

function normalize(address: string | null | undefined): string | null {
  const value = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return value ? value.slice(0, 64) : null;
}
