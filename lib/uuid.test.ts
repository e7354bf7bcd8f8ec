import { describe, expect, it } from "vitest";
import { isUuid } from "./uuid";
import { uuidv7 } from "./uuidv7";

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

describe("isUuid", () => {
  it("takes a UUID in its text form, either case, and nothing a ::uuid cast would refuse", () => {
    expect(isUuid(uuidv7())).toBe(true);
    expect(isUuid("0190A000-0000-7000-8000-00000000000F")).toBe(true);
    for (const bad of ["", "not-a-uuid", "0190a000-0000-7000-8000-00000000000", "0190a000000070008000000000000001", " 0190a000-0000-7000-8000-000000000001", "0190a000-0000-7000-8000-000000000001'--"]) {
      expect(isUuid(bad), bad).toBe(false);
    }
  });
});
