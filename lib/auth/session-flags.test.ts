import { describe, expect, it } from "vitest";
import { deviceFamily, judgeSession } from "./session-flags";

// Tuesday 1 December 2026, 11:00 PKT (06:00 UTC): working hours.
const WORKDAY = new Date("2026-12-01T06:00:00Z");
// The same Tuesday at 23:00 PKT.
const NIGHT = new Date("2026-12-01T18:00:00Z");
const KNOWN = { earlierSessions: 4, knownAddress: true, knownDevice: true, openElsewhere: false, failuresBefore: 0, at: WORKDAY };

describe("judgeSession", () => {
  it("flags nothing for a known address and device in working hours", () => {
    expect(judgeSession(KNOWN)).toEqual({ securityFlags: [], isSuspicious: false, riskScore: 0 });
  });

  it("flags nothing as new on a first-ever sign-in: there is no history to differ from", () => {
    expect(judgeSession({ ...KNOWN, earlierSessions: 0, knownAddress: false, knownDevice: false }).securityFlags).toEqual([]);
  });

  it("a new address alone is noted, not suspicious; with a new device it is", () => {
    expect(judgeSession({ ...KNOWN, knownAddress: false })).toMatchObject({ securityFlags: ["new_address"], isSuspicious: false });
    expect(judgeSession({ ...KNOWN, knownAddress: false, knownDevice: false })).toMatchObject({ securityFlags: ["new_address", "new_device"], isSuspicious: true });
  });

  it("off hours is noted in PKT, weekends included", () => {
    expect(judgeSession({ ...KNOWN, at: NIGHT })).toMatchObject({ securityFlags: ["off_hours"], isSuspicious: false });
    expect(judgeSession({ ...KNOWN, at: new Date("2026-12-05T06:00:00Z") }).securityFlags).toEqual(["off_hours"]); // a Saturday
  });

  it("another open session from elsewhere, or three failures just before, is suspicious on its own", () => {
    expect(judgeSession({ ...KNOWN, openElsewhere: true })).toMatchObject({ securityFlags: ["concurrent_addresses"], isSuspicious: true });
    expect(judgeSession({ ...KNOWN, failuresBefore: 2 }).securityFlags).toEqual([]);
    expect(judgeSession({ ...KNOWN, failuresBefore: 3 })).toMatchObject({ securityFlags: ["failures_before_success"], isSuspicious: true });
  });

  it("the score weighs the flags and stops at 100", () => {
    const all = judgeSession({ earlierSessions: 1, knownAddress: false, knownDevice: false, openElsewhere: true, failuresBefore: 5, at: NIGHT });
    expect(all.securityFlags).toHaveLength(5);
    expect(all.riskScore).toBe(100);
    expect(judgeSession({ ...KNOWN, knownAddress: false }).riskScore).toBeLessThan(judgeSession({ ...KNOWN, openElsewhere: true }).riskScore);
  });
});

describe("deviceFamily", () => {
  it("is the same device across browser and system updates", () => {
    expect(deviceFamily("Chrome 131 on Windows 10")).toBe("Chrome on Windows");
    expect(deviceFamily("Chrome 132 on Windows 11")).toBe("Chrome on Windows");
    expect(deviceFamily("Firefox 133 on Linux")).toBe("Firefox on Linux");
    expect(deviceFamily("curl 8.5 (script)")).toBe("curl (script)");
  });
});
