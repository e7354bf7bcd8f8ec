import { describe, expect, it } from "vitest";
import { formatWaiting } from "./labels";

describe("formatWaiting", () => {
  it("shows hours and minutes under two days and whole days from two days", () => {
    expect(formatWaiting(5 * 60_000)).toBe("5m");
    expect(formatWaiting((3 * 60 + 5) * 60_000)).toBe("3h 05m");
    expect(formatWaiting((47 * 60 + 59) * 60_000)).toBe("47h 59m");
    expect(formatWaiting(48 * 3_600_000)).toBe("2 days");
    expect(formatWaiting(288 * 3_600_000 + 60_000)).toBe("12 days");
    expect(formatWaiting(-1)).toBe("—");
  });
});
