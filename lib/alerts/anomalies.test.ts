import { describe, expect, it } from "vitest";
import { isOffHoursPkt } from "./rules";

describe("isOffHoursPkt", () => {
  it("is working time from 08:00 to 19:00 PKT on weekdays, edges included at the start only", () => {
    // Wednesday 11 March 2026.
    expect(isOffHoursPkt(new Date("2026-03-11T03:00:00Z"))).toBe(false); // 08:00 PKT
    expect(isOffHoursPkt(new Date("2026-03-11T02:59:00Z"))).toBe(true); // 07:59 PKT
    expect(isOffHoursPkt(new Date("2026-03-11T13:59:00Z"))).toBe(false); // 18:59 PKT
    expect(isOffHoursPkt(new Date("2026-03-11T14:00:00Z"))).toBe(true); // 19:00 PKT
  });
  it("uses the PKT day, not the UTC one, and weekends are off hours", () => {
    // Friday 13 March 2026 22:00 UTC is Saturday 03:00 PKT.
    expect(isOffHoursPkt(new Date("2026-03-13T22:00:00Z"))).toBe(true);
    // Sunday 15 March 2026 20:00 UTC is Monday 01:00 PKT (off hours), 04:00 UTC Monday is 09:00 PKT.
    expect(isOffHoursPkt(new Date("2026-03-16T04:00:00Z"))).toBe(false);
    expect(isOffHoursPkt(new Date("2026-03-14T06:00:00Z"))).toBe(true); // Saturday 11:00 PKT
  });
});
