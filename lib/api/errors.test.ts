import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SearchQueryError } from "@/lib/audit/search/errors";
import { parseQuery } from "@/lib/audit/search/parse";
import { RateLimitedError, ServiceError } from "@/lib/errors";
import { ApiError, errorResponse, toApiError, validationError } from "./errors";

async function wire(error: unknown) {
  const res = errorResponse(toApiError(error, () => undefined));
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe("API error mapping", () => {
  it("maps each ServiceError code to its status, keeping the message", async () => {
    const cases = [
      ["invalid", 400, "invalid_input"],
      ["forbidden", 403, "forbidden"],
      ["not_found", 404, "not_found"],
      ["conflict", 409, "conflict"],
    ] as const;
    for (const [code, status, apiCode] of cases) {
      const r = await wire(new ServiceError(`no: ${code}`, code));
      expect(r.status).toBe(status);
      expect(r.body).toEqual({ error: { code: apiCode, message: `no: ${code}` } });
      expect(r.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("answers a rate limit with 429 and Retry-After", async () => {
    const r = await wire(new RateLimitedError("Wait.", 30));
    expect(r.status).toBe(429);
    expect(r.headers.get("Retry-After")).toBe("30");
    expect(r.body.error).toEqual({ code: "rate_limited", message: "Wait.", details: { retryAfterSeconds: 30 } });
  });

  it("answers a refused search with 400 invalid_query pointing at the term", async () => {
    const parsed = parseQuery("action:login risk:>=extreme");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const r = await wire(new SearchQueryError(parsed.error));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_query");
    expect(r.body.error.details).toMatchObject({ position: parsed.error.position, length: parsed.error.length, term: parsed.error.term, reason: parsed.error.reason });
  });

  it("lists zod issues per field", async () => {
    const schema = z.object({ limit: z.coerce.number().int().max(200) });
    const result = schema.safeParse({ limit: "500" });
    expect(result.success).toBe(false);
    const r = await wire(validationError(result.error!, "query"));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_input");
    expect(r.body.error.details.issues).toEqual([{ field: "limit", message: expect.any(String) }]);
  });

  it("passes an ApiError through unchanged", async () => {
    const r = await wire(new ApiError(401, "unauthenticated", "Sign in first."));
    expect(r).toMatchObject({ status: 401, body: { error: { code: "unauthenticated", message: "Sign in first." } } });
  });

  it("logs an unexpected error with an id and shows only that id", async () => {
    const log = vi.fn();
    const e = toApiError(new Error("connection string postgres://secret"), log);
    expect(e.status).toBe(500);
    expect(e.code).toBe("internal");
    const errorId = (e.details as { errorId: string }).errorId;
    expect(e.message).toContain(errorId);
    expect(e.message).not.toContain("secret");
    expect(log).toHaveBeenCalledWith(expect.stringContaining(errorId), expect.any(Error));
  });
});
