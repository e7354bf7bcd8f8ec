import { describe, expect, it } from "vitest";
import { lastPeriod, periodOfDays } from "./period";

describe("a schedule's last whole period (PKT)", () => {
  it("is the calendar month before this one, across a year", () => {
    expect(lastPeriod("monthly", new Date("2026-12-07T10:00:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(lastPeriod("monthly", new Date("2027-01-01T00:00:00Z"))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(lastPeriod("monthly", new Date("2028-03-15T00:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });

  it("is the month of the PKT day: 20:00 UTC on the last day is already the next month in Karachi", () => {
    expect(lastPeriod("monthly", new Date("2026-11-30T18:59:00Z"))).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(lastPeriod("monthly", new Date("2026-11-30T19:00:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });

  it("is the Monday-to-Sunday week before this one", () => {
    // Monday 7 December 2026.
    expect(lastPeriod("weekly", new Date("2026-12-07T10:00:00Z"))).toEqual({ from: "2026-11-30", to: "2026-12-06" });
    // Sunday 6 December: the week of 30 Nov is not over yet.
    expect(lastPeriod("weekly", new Date("2026-12-06T10:00:00Z"))).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    // 19:30 UTC on Sunday is 00:30 on Monday in Karachi.
    expect(lastPeriod("weekly", new Date("2026-12-06T19:30:00Z"))).toEqual({ from: "2026-11-30", to: "2026-12-06" });
    const { from, to } = periodOfDays("2026-11-30", "2026-12-06");
    expect(to.getTime() - from.getTime()).toBe(7 * 86_400_000);
  });
});
