import { describe, expect, it } from "vitest";
import { uuidv7 } from "./uuid";

describe("uuidv7", () => {
  it("is an RFC 9562 version 7 UUID carrying the time in its first 48 bits", () => {
    const now = Date.UTC(2026, 10, 23, 9, 5);
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(now);
  });

  it("never repeats, across more ids than one block of pooled random bytes holds", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => uuidv7(0)));
    expect(ids.size).toBe(20_000);
  });
});
