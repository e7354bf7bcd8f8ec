import "server-only";
// Where a destination may point (issue 22): an https (or, for syslog, tcp/tls) host that
// resolves only to public addresses. Loopback, private, link-local, carrier-grade NAT,
// multicast and reserved ranges are refused, so a stream cannot be aimed at the app's
// own network (SSRF), unless the host is listed in STREAM_ALLOW_HOSTS. Checked when a
// destination is saved and again at every connection (DNS may change).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";
import { ServiceError } from "@/lib/errors";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24],
  ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["2001:db8::", 32], ["64:ff9b::", 96]] as const) blocked.addSubnet(net, prefix, "ipv6");

/** Whether an address is one a destination may not reach (IPv4-mapped IPv6 judged as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A host as the allow list compares it: lower case, an IPv6 literal without its brackets. */
export function hostKey(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "");
}

export function allowedHosts(): Set<string> {
  return new Set(env.STREAM_ALLOW_HOSTS.split(/[\s,]+/).map(hostKey).filter(Boolean));
}

/**
 * Resolves `host` and refuses it when any of its addresses is not public, unless it is
 * allowed by name. Returns the address to connect to (so the check and the connection
 * agree: no second lookup an attacker's DNS could answer differently).
 */
export async function checkedAddress(host: string): Promise<string> {
  const name = hostKey(host);
  const allowed = allowedHosts().has(name);
  const addresses = isIP(name) ? [{ address: name }] : await lookup(name, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new ServiceError(`${host} does not resolve.`);
  if (!allowed) {
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad) throw new ServiceError(`${host} resolves to ${bad.address}, a loopback, private or reserved address; destinations must be public (or listed in STREAM_ALLOW_HOSTS).`);
  }
  return addresses[0]!.address;
}
