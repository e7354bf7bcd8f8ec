import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, servedOverTls } from "./headers";

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only, forbids framing, plugins and <base>", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123==" });
    const directives = Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(directives["script-src"]).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directives["style-src"]).toBe("'self' 'nonce-abc123=='");
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["object-src"]).toBe("'none'");
    expect(directives["base-uri"]).toBe("'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("adds eval only in development and the upgrade only over TLS", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", tls: true })).toContain("upgrade-insecure-requests");
  });
});

describe("newNonce", () => {
  it("is 128 random bits, different every time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("servedOverTls", () => {
  it("is true for an https URL; believes x-forwarded-proto only from a configured proxy (issue 25: HSTS was sent over plain HTTP to anyone who sent the header)", () => {
    expect(servedOverTls(new URL("https://hr.example/"), new Headers(), 0)).toBe(true);
    // No proxy configured: the header is the client's own word.
    expect(servedOverTls(new URL("http://hr.example/"), new Headers({ "x-forwarded-proto": "https" }), 0)).toBe(false);
    expect(servedOverTls(new URL("http://127.0.0.1:3000/"), new Headers(), 0)).toBe(false);
    // One proxy: its value.
    expect(servedOverTls(new URL("http://hr.example/"), new Headers({ "x-forwarded-proto": "https" }), 1)).toBe(true);
    expect(servedOverTls(new URL("http://hr.example/"), new Headers({ "x-forwarded-proto": "http" }), 1)).toBe(false);
    // A client's forged entry left of what our proxy appended does not count.
    expect(servedOverTls(new URL("http://hr.example/"), new Headers({ "x-forwarded-proto": "https, http" }), 1)).toBe(false);
    expect(servedOverTls(new URL("http://hr.example/"), new Headers({ "x-forwarded-proto": "HTTPS, http" }), 2)).toBe(true);
  });
});

describe("contentSecurityPolicy connect-src", () => {
  it("adds the realtime server's WebSocket origin and nothing malformed", () => {
    const policy = contentSecurityPolicy({ nonce: "n", connect: ["ws://127.0.0.1:6001", null, "ws://evil.example; script-src *"] });
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:6001;");
    expect(policy).not.toContain("evil.example");
  });
});
