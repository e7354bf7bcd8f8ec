import { describe, expect, it } from "vitest";
import { pktDayKey } from "@/lib/time";
import { isApprovalDelayed, isIdleAfterCheckin, isMissingCheckout, isOverdueTask, isOverloaded, workloadPercent } from "./rules";

const MIN = 60_000;
const HOUR = 60 * MIN;
// Fixed instants, never today's date. 08:30 PKT on Thursday 12 March 2026.
const NOW = new Date("2026-03-12T03:30:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("missing_checkout", () => {
  const buffer = 12;
  it("holds exactly at the buffer and after it, not a minute before", () => {
    expect(isMissingCheckout({ checkInAt: ago(12 * HOUR), checkOutAt: null }, NOW, buffer)).toBe(true);
    expect(isMissingCheckout({ checkInAt: ago(12 * HOUR + MIN), checkOutAt: null }, NOW, buffer)).toBe(true);
    expect(isMissingCheckout({ checkInAt: ago(12 * HOUR - MIN), checkOutAt: null }, NOW, buffer)).toBe(false);
  });
  it("never holds for a closed session", () => {
    expect(isMissingCheckout({ checkInAt: ago(30 * HOUR), checkOutAt: ago(20 * HOUR) }, NOW, buffer)).toBe(false);
  });
  it("counts elapsed time across PKT midnight: checked in 20:30 PKT yesterday is missing at 08:30 PKT", () => {
    const checkIn = new Date("2026-03-11T15:30:00.000Z"); // 20:30 PKT on the 11th
    expect(pktDayKey(checkIn)).not.toBe(pktDayKey(NOW));
    expect(isMissingCheckout({ checkInAt: checkIn, checkOutAt: null }, NOW, buffer)).toBe(true);
    expect(isMissingCheckout({ checkInAt: new Date(checkIn.getTime() + MIN), checkOutAt: null }, NOW, buffer)).toBe(false);
  });
});

describe("overdue_task", () => {
  it("is overdue a minute after the due time, not at it or before", () => {
    expect(isOverdueTask({ status: "TODO", dueDate: NOW }, NOW)).toBe(false);
    expect(isOverdueTask({ status: "TODO", dueDate: ago(MIN) }, NOW)).toBe(true);
    expect(isOverdueTask({ status: "IN_PROGRESS", dueDate: ago(-MIN) }, NOW)).toBe(false);
  });
  it("never for completed or reviewed work", () => {
    expect(isOverdueTask({ status: "COMPLETED", dueDate: ago(10 * HOUR) }, NOW)).toBe(false);
    expect(isOverdueTask({ status: "REVIEWED", dueDate: ago(10 * HOUR) }, NOW)).toBe(false);
  });
  it("a task due at PKT midnight is overdue one minute into the new PKT day", () => {
    const midnight = new Date("2026-03-11T19:00:00.000Z"); // 00:00 PKT on the 12th
    expect(isOverdueTask({ status: "TODO", dueDate: midnight }, new Date(midnight.getTime() + MIN))).toBe(true);
    expect(isOverdueTask({ status: "TODO", dueDate: midnight }, new Date(midnight.getTime() - MIN))).toBe(false);
  });
});

describe("idle_after_checkin", () => {
  const t = { idleHours: 3, bufferHours: 12 };
  it("holds exactly at the idle threshold since the last activity, not a minute before", () => {
    expect(isIdleAfterCheckin({ checkInAt: ago(5 * HOUR), checkOutAt: null, lastActivityAt: ago(3 * HOUR) }, NOW, t)).toBe(true);
    expect(isIdleAfterCheckin({ checkInAt: ago(5 * HOUR), checkOutAt: null, lastActivityAt: ago(3 * HOUR + MIN) }, NOW, t)).toBe(true);
    expect(isIdleAfterCheckin({ checkInAt: ago(5 * HOUR), checkOutAt: null, lastActivityAt: ago(3 * HOUR - MIN) }, NOW, t)).toBe(false);
  });
  it("measures from check-in when nothing was logged", () => {
    expect(isIdleAfterCheckin({ checkInAt: ago(3 * HOUR), checkOutAt: null, lastActivityAt: null }, NOW, t)).toBe(true);
    expect(isIdleAfterCheckin({ checkInAt: ago(3 * HOUR - MIN), checkOutAt: null, lastActivityAt: null }, NOW, t)).toBe(false);
  });
  it("a running timer is activity; past the check-out buffer it is a missing check-out instead", () => {
    expect(isIdleAfterCheckin({ checkInAt: ago(5 * HOUR), checkOutAt: null, lastActivityAt: null, timerRunning: true }, NOW, t)).toBe(false);
    expect(isIdleAfterCheckin({ checkInAt: ago(12 * HOUR), checkOutAt: null, lastActivityAt: null }, NOW, t)).toBe(false);
    expect(isIdleAfterCheckin({ checkInAt: ago(12 * HOUR - MIN), checkOutAt: null, lastActivityAt: null }, NOW, t)).toBe(true);
  });
  it("across PKT midnight: in at 22:00 PKT, nothing logged, idle at 01:00 PKT", () => {
    const checkIn = new Date("2026-03-11T17:00:00.000Z"); // 22:00 PKT on the 11th
    const at = new Date("2026-03-11T20:00:00.000Z"); // 01:00 PKT on the 12th
    expect(pktDayKey(checkIn)).not.toBe(pktDayKey(at));
    expect(isIdleAfterCheckin({ checkInAt: checkIn, checkOutAt: null, lastActivityAt: null }, at, t)).toBe(true);
    expect(isIdleAfterCheckin({ checkInAt: checkIn, checkOutAt: null, lastActivityAt: null }, new Date(at.getTime() - MIN), t)).toBe(false);
  });
});

describe("approval_delay", () => {
  it("holds exactly at the delay, not a minute before, and only while pending", () => {
    expect(isApprovalDelayed({ status: "pending", createdAt: ago(72 * HOUR) }, NOW, 72)).toBe(true);
    expect(isApprovalDelayed({ status: "pending", createdAt: ago(72 * HOUR + MIN) }, NOW, 72)).toBe(true);
    expect(isApprovalDelayed({ status: "pending", createdAt: ago(72 * HOUR - MIN) }, NOW, 72)).toBe(false);
    expect(isApprovalDelayed({ status: "approved", createdAt: ago(200 * HOUR) }, NOW, 72)).toBe(false);
  });
});

describe("workload_overload", () => {
  it("exceeds the threshold by a minute of estimate, not at it", () => {
    // 40 h capacity at 100 %: 2400 minutes is full, 2401 is over.
    expect(isOverloaded(2400, 40, 100)).toBe(false);
    expect(isOverloaded(2401, 40, 100)).toBe(true);
    expect(isOverloaded(2399, 40, 100)).toBe(false);
    // 150 %: 3600 minutes is the line.
    expect(isOverloaded(3600, 40, 150)).toBe(false);
    expect(isOverloaded(3601, 40, 150)).toBe(true);
  });
  it("no capacity is never an overload; percent is rounded", () => {
    expect(isOverloaded(10_000, 0, 100)).toBe(false);
    expect(workloadPercent(2400, 40)).toBe(100);
    expect(workloadPercent(2430, 40)).toBe(101);
    expect(workloadPercent(100, 0)).toBe(0);
  });
});
