import { describe, expect, it } from "vitest";
import type { AuditEntryInput } from "@/lib/audit/write/schemas";
import { buildDemoSessions } from "./demo-sessions";
import type { HistoryEvent } from "./demo-history";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const person = { id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", name: "Faisal Malik", email: "employee@acme.test", role: "employee", department: "" };
// Tuesday 1 December 2026, PKT working hours.
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 1, hour - 5, minute));
const event = (when: Date, actionType: string, eventType: AuditEntryInput["eventType"], sessionId: string, ip = "10.20.0.10", userAgent = CHROME, status?: "failure"): HistoryEvent => ({
  at: when,
  entry: { eventType, category: "security", actionType, description: actionType, actor: person, context: { sessionId, ip, userAgent }, object: { type: "user", id: person.id, name: person.name }, ...(status ? { status } : {}) },
});

describe("buildDemoSessions", () => {
  it("makes a session of each sign-in: device, how it ended, its changes, and the flags the app would raise", () => {
    const events = [
      event(at(9), "auth.login_succeeded", "login", "day1"),
      event(at(9, 5), "attendance_session.checked_in", "create", "day1"),
      event(at(17), "auth.signed_out", "logout", "day1"),
      // Three wrong passwords, then a sign-in from a phone at home.
      event(at(18, 1), "auth.login_failed", "login", "", "39.42.1.2", IPHONE, "failure"),
      event(at(18, 2), "auth.login_failed", "login", "", "39.42.1.2", IPHONE, "failure"),
      event(at(18, 3), "auth.login_failed", "login", "", "39.42.1.2", IPHONE, "failure"),
      event(at(18, 4), "auth.login_succeeded", "login", "day1", "39.42.1.2", IPHONE),
    ];
    const rows = buildDemoSessions(events, at(23));
    const [first, ...rest] = rows;
    expect(first).toMatchObject({
      sessionId: "day1", loginStatus: "success", deviceType: "desktop", browserInfo: "Chrome 141 on Windows 10", terminationReason: "user_signed_out",
      sessionDurationSeconds: 8 * 3600, dataModificationCount: 1, securityFlags: [], isSuspicious: false,
    });
    expect(first!.pageViews).toBeGreaterThan(1);
    expect(rest.filter((r) => r.loginStatus === "failure")).toHaveLength(3);
    expect(rest.at(-1)!.isSuspicious).toBe(true);
    const evening = rows.at(-1)!;
    expect(evening).toMatchObject({ sessionId: "day1-2", deviceType: "mobile", loginStatus: "success", isSuspicious: true, terminationReason: "idle" });
    expect(evening.securityFlags).toEqual(expect.arrayContaining(["new_address", "new_device", "failures_before_success"]));
  });
});
