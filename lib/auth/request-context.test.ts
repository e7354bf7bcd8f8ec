import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// lib/env validates on import; these tests need none of the real secrets.
vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1:1/unused");
vi.stubEnv("AUTH_SECRET", "x".repeat(32));
vi.stubEnv("AUDIT_HMAC_KEY", "x".repeat(32));

const { installRequestStamp } = await import("./request-stamp");
const { contextFromHeaders, requestPathFromHeaders } = await import("./request-context");

/** What the app would record for a request, seen from a real server on loopback. */
let server: http.Server;
let port: number;
const seen: Array<{ ip: string | null | undefined; path: string | undefined }> = [];

beforeAll(async () => {
  installRequestStamp();
  server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    seen.push({ ip: contextFromHeaders(headers).ip, path: requestPathFromHeaders(headers) });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function send(path: string, headers: Record<string, string>) {
  await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers, body: "x" });
  return seen.at(-1)!;
}

describe("request facts (TRUSTED_PROXY_HOPS unset: no proxy)", () => {
  it("records the connection's address, not a forged X-Forwarded-For or X-Real-IP", async () => {
    const facts = await send("/leave", { "x-forwarded-for": "6.6.6.6, 7.7.7.7", "x-real-ip": "8.8.8.8" });
    expect(facts.ip).toBe("127.0.0.1");
  });

  it("records the path that was requested, never the Referer", async () => {
    const facts = await send("/admin/people?tab=roles", { referer: "http://evil.test/forged-path" });
    expect(facts.path).toBe("/admin/people");
  });

  it("is not fooled by a client sending look-alike internal headers", async () => {
    const facts = await send("/tasks", { "x-hr-peer-address": "6.6.6.6", "x-hr-request-path": "/forged", "x-invoke-path": "/forged" });
    expect(facts).toEqual({ ip: "127.0.0.1", path: "/tasks" });
  });
});
