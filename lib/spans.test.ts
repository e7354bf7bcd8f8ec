import { describe, expect, it } from "vitest";
import { overlapWhere } from "./spans";

describe("overlapWhere", () => {
  const start = new Date("2026-03-02T04:00:00Z");
  const end = new Date("2026-03-02T12:00:00Z");

  it("finds the owner's other spans that start before the end and end after the start, or not at all", () => {
    expect(overlapWhere({ start: "startedAt", end: "endedAt" }, { id: "log-1", userId: "u-1" }, start, end)).toEqual({
      userId: "u-1",
      id: { not: "log-1" },
      startedAt: { lt: end },
      OR: [{ endedAt: null }, { endedAt: { gt: start } }],
    });
  });

  it("treats an open span as reaching past any time", () => {
    const where = overlapWhere({ start: "checkInAt", end: "checkOutAt" }, { id: "s-1", userId: "u-1" }, start, null);
    expect(where.checkInAt.lt.getTime()).toBeGreaterThan(Date.UTC(9999, 0, 1));
  });
});
