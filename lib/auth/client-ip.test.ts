import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const PEER = "203.0.113.9";

describe("clientIp", () => {
  it("with no trusted proxy is the connection's address, whatever X-Forwarded-For says", () => {
    expect(clientIp({ peer: PEER, forwardedFor: "6.6.6.6", trustedHops: 0 })).toBe(PEER);
    expect(clientIp({ peer: PEER, forwardedFor: null, trustedHops: 0 })).toBe(PEER);
    expect(clientIp({ peer: null, forwardedFor: "6.6.6.6", trustedHops: 0 })).toBeNull();
  });

  it("behind N trusted proxies is the Nth X-Forwarded-For entry from the right, never the client's own leftmost", () => {
    const chain = "6.6.6.6, 198.51.100.23, 10.0.0.2";
    expect(clientIp({ peer: "10.0.0.3", forwardedFor: chain, trustedHops: 1 })).toBe("10.0.0.2");
    expect(clientIp({ peer: "10.0.0.3", forwardedFor: chain, trustedHops: 2 })).toBe("198.51.100.23");
    // One proxy that appends the address it saw: the client's forged entry stays to the left.
    expect(clientIp({ peer: "10.0.0.3", forwardedFor: "6.6.6.6, 198.51.100.23", trustedHops: 1 })).toBe("198.51.100.23");
  });

  it("is unknown when fewer entries arrived than there are trusted proxies (the request bypassed one)", () => {
    expect(clientIp({ peer: PEER, forwardedFor: "198.51.100.23", trustedHops: 2 })).toBeNull();
    expect(clientIp({ peer: PEER, forwardedFor: null, trustedHops: 1 })).toBeNull();
    expect(clientIp({ peer: PEER, forwardedFor: " , ", trustedHops: 1 })).toBeNull();
  });

  it("reads entries split over several headers, trims them, and unwraps IPv4-mapped IPv6", () => {
    expect(clientIp({ peer: "::ffff:127.0.0.1", forwardedFor: null, trustedHops: 0 })).toBe("127.0.0.1");
    expect(clientIp({ peer: PEER, forwardedFor: "6.6.6.6,  ::ffff:198.51.100.23 ", trustedHops: 1 })).toBe("198.51.100.23");
    expect(clientIp({ peer: PEER, forwardedFor: "2001:db8::1", trustedHops: 1 })).toBe("2001:db8::1");
  });

  it("never returns more than fits the audit column", () => {
    expect(clientIp({ peer: "x".repeat(200), forwardedFor: null, trustedHops: 0 })!.length).toBe(64);
  });
});
