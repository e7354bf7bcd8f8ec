import { describe, expect, it } from "vitest";
import { bucketDays, bucketLabel, bucketRange } from "./timeline";

describe("chart buckets", () => {
  it("names hours, days and weeks as a person reads them", () => {
    expect(bucketLabel("2026-11-03T14:00", "hour")).toBe("3 Nov 14:00");
    expect(bucketLabel("2026-11-03", "day")).toBe("3 Nov");
    expect(bucketLabel("2026-11-03", "week")).toBe("w/c 3 Nov");
  });

  it("gives the days a bucket covers, across a month and a year end", () => {
    expect(bucketDays("2026-11-03T14:00", "hour")).toEqual({ from: "2026-11-03", to: "2026-11-03" });
    expect(bucketDays("2026-11-03", "day")).toEqual({ from: "2026-11-03", to: "2026-11-03" });
    expect(bucketDays("2026-11-28", "week")).toEqual({ from: "2026-11-28", to: "2026-12-04" });
    expect(bucketDays("2026-12-28", "week")).toEqual({ from: "2026-12-28", to: "2027-01-03" });
    expect(bucketRange("2026-12-28", "week")).toBe("28 Dec to 3 Jan");
    expect(bucketRange("2026-11-03T09:00", "hour")).toBe("3 Nov 09:00");
  });
});
