// API budgets: every answer carries RateLimit-Policy and RateLimit; past a budget the
// caller gets 429 with Retry-After in the one error body, per token and per person.
import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/test/factories";
import { ApiError } from "./errors";
import { ratePolicies, takeRatePoints } from "./rate-limit";

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("API rate limits", () => {
  it("counts down per caller and refuses past the budget with 429, Retry-After and the policy", async () => {
    const policy = { name: "test", points: 3, windowSeconds: 60 };
    const first = await takeRatePoints("user:a", [policy]);
    expect(first).toEqual({ "RateLimit-Policy": '"test";q=3;w=60', RateLimit: expect.stringMatching(/^"test";r=2;t=(59|60)$/) });
    await takeRatePoints("user:a", [policy]);
    await takeRatePoints("user:a", [policy]);
    const refused = await takeRatePoints("user:a", [policy]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: "rate_limited", headers: { "Retry-After": expect.stringMatching(/^\d+$/), RateLimit: expect.stringMatching(/^"test";r=0;t=\d+$/) } });
    // Another caller has a budget of its own.
    expect((await takeRatePoints("user:b", [policy])).RateLimit).toMatch(/^"test";r=2;/);
  });

  it("gives exports a budget of their own (10 an hour per token), said on every answer", async () => {
    const auditor = await createUser({ role: "auditor" });
    const { token } = await createToken({ ...auditor.ctx, name: "exports", scopes: ["audit:read", "audit:export"], expiresInDays: 1 });
    const { GET: exportRoute } = await import("@/app/api/audit-logs/export/route");
    const { GET: listRoute } = await import("@/app/api/audit-logs/route");
    const list = await listRoute(new Request("http://127.0.0.1/api/audit-logs?limit=1", bearer(token)));
    expect(list.status).toBe(200);
    expect(list.headers.get("ratelimit-policy")).toBe('"default";q=600;w=60');
    expect(list.headers.get("ratelimit")).toMatch(/^"default";r=599;t=\d+$/);
    const exports = ratePolicies().export.points;
    expect(exports).toBe(10);
    for (let i = 1; i <= exports; i++) {
      const res = await exportRoute(new Request("http://127.0.0.1/api/audit-logs/export?format=json&q=action:nothing.here", bearer(token)));
      expect(res.status).toBe(200);
      await res.text();
      expect(res.headers.get("ratelimit")).toMatch(new RegExp(`"export";r=${exports - i};`));
    }
    const refused = await exportRoute(new Request("http://127.0.0.1/api/audit-logs/export?format=json", bearer(token)));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(refused.headers.get("ratelimit-policy")).toBe('"default";q=600;w=60, "export";q=10;w=3600');
    const body = (await refused.json()) as { error: { code: string; message: string; details: { policies: string[] } } };
    expect(body.error).toMatchObject({ code: "rate_limited", details: { policies: ["export"] } });
    expect(body.error.message).toContain("10 requests per hour (export)");
    // The list still answers: only the export budget is spent.
    expect((await listRoute(new Request("http://127.0.0.1/api/audit-logs?limit=1", bearer(token)))).status).toBe(200);
  });
});
