import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAuditCursor, encodeAuditCursor } from "./cursor";

const ID = "0190aaaa-0000-7000-8000-000000000001";

describe("audit cursor codec", () => {
  it("round-trips a position and its order as opaque base64url", () => {
    const cursor = { at: new Date("2026-01-31T18:30:00.123Z"), id: ID, order: "asc" as const };
    const text = encodeAuditCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditCursor(text)).toEqual(cursor);
  });

  it("refuses anything it did not write", () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const text of [
      "",
      "not a cursor",
      "%%%",
      b64("x"),
      b64({ t: "2026-01-31T00:00:00.000Z", i: ID }),
      b64({ t: "yesterday", i: ID, o: "desc" }),
      b64({ t: "2026-01-31T00:00:00.000Z", i: "1; DROP TABLE users", o: "desc" }),
      b64({ t: "2026-01-31T00:00:00.000Z", i: ID, o: "sideways" }),
      b64({ t: "2026-01-31T00:00:00.000Z", i: ID, o: "desc", extra: 1 }),
      "A".repeat(500),
    ]) {
      expect(decodeAuditCursor(text)).toBeNull();
    }
    fc.assert(fc.property(fc.string(), (s) => decodeAuditCursor(s) === null || typeof decodeAuditCursor(s) === "object"));
  });
});
