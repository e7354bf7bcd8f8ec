import { describe, expect, it } from "vitest";
import { isLive, pktWindow, statusOf, windowDays } from "./window";

// PKT is UTC+5 all year: 00:00 PKT on 1 Dec is 19:00 UTC on 30 Nov.
const w = { ...pktWindow("2026-12-01", "2026-12-03"), isActive: true };
const at = (iso: string) => new Date(iso);

describe("pktWindow", () => {
  it("runs from 00:00 PKT on the first day through 23:59:59.999 PKT on the last", () => {
    expect(w.startDate.toISOString()).toBe("2026-11-30T19:00:00.000Z");
    expect(w.endDate.toISOString()).toBe("2026-12-03T18:59:59.999Z");
  });

  it("round-trips to the same PKT days", () => {
    expect(windowDays(w)).toEqual({ startDate: "2026-12-01", endDate: "2026-12-03" });
  });

  it("crosses a month and a year end", () => {
    expect(pktWindow("2026-12-31", "2027-01-01").endDate.toISOString()).toBe("2027-01-01T18:59:59.999Z");
  });
});

describe("the window rule at PKT day boundaries", () => {
  it.each([
    ["2026-11-30T18:59:59.999Z", false, "scheduled"], // 23:59:59.999 PKT the day before
    ["2026-11-30T19:00:00.000Z", true, "live"], // 00:00 PKT on the first day (still 30 Nov in UTC)
    ["2026-12-02T12:00:00.000Z", true, "live"],
    ["2026-12-03T18:59:59.999Z", true, "live"], // the last millisecond of the last PKT day
    ["2026-12-03T19:00:00.000Z", false, "expired"], // 00:00 PKT the day after (still 3 Dec in UTC)
  ])("at %s: live %s (%s)", (iso, live, status) => {
    expect(isLive(w, at(iso))).toBe(live);
    expect(statusOf(w, at(iso))).toBe(status);
  });

  it("an inactive announcement is archived whatever the date", () => {
    expect(statusOf({ ...w, isActive: false }, at("2026-12-02T12:00:00Z"))).toBe("archived");
    expect(isLive({ ...w, isActive: false }, at("2026-12-02T12:00:00Z"))).toBe(false);
  });
});
