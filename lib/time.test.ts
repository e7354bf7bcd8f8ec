import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DISPLAY_TZ,
  snoozePresetPkt,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatDuration,
  formatShortDateTime,
  formatTime,
  fromPktLocalInput,
  fromPktWallMs,
  PKT_ISO_OFFSET,
  pktDayKey,
  pktWeekdayHour,
  startOfPktDay,
  toPktLocalInput,
  toPktWallMs,
} from "./time";

// Pakistan Standard Time is UTC+5 all year (no daylight saving).
describe("display in Asia/Karachi", () => {
  it("uses Asia/Karachi", () => {
    expect(DISPLAY_TZ).toBe("Asia/Karachi");
  });

  it("formats an instant as PKT wall time", () => {
    const t = new Date("2026-11-23T09:05:00Z");
    expect(formatDateTime(t)).toBe("23 Nov 2026, 14:05 PKT");
    expect(formatTime(t)).toBe("14:05 PKT");
    expect(formatDate(t)).toBe("23 Nov 2026");
  });

  it("shortens a time of this PKT year, and names the year otherwise", () => {
    const now = new Date("2026-12-07T06:00:00Z");
    expect(formatShortDateTime(new Date("2026-11-23T09:05:00Z"), now)).toBe("23 Nov, 14:05");
    expect(formatShortDateTime(new Date("2025-11-23T09:05:00Z"), now)).toBe("23 Nov 2025, 14:05");
    // 31 Dec 19:30 UTC is already next year in PKT.
    expect(formatShortDateTime(new Date("2026-12-31T19:30:00Z"), new Date("2027-01-01T00:00:00Z"))).toBe("1 Jan, 00:30");
  });

  it("moves to the next day after 19:00 UTC", () => {
    const t = new Date("2026-12-31T19:30:00Z");
    expect(formatDateTime(t)).toBe("1 Jan 2027, 00:30 PKT");
    expect(formatDate(t)).toBe("1 Jan 2027");
  });

  it("is the same in June (no daylight saving)", () => {
    expect(formatDateTime(new Date("2026-06-15T12:00:00Z"))).toBe("15 Jun 2026, 17:00 PKT");
  });

  it("accepts ISO strings and epoch milliseconds", () => {
    expect(formatDateTime("2026-11-23T09:05:00.000Z")).toBe("23 Nov 2026, 14:05 PKT");
    expect(formatTime(Date.UTC(2026, 10, 23, 0, 0))).toBe("05:00 PKT");
  });

  it("shows a fallback for missing or invalid values", () => {
    for (const value of [null, undefined, "", "not a date", Number.NaN]) {
      expect(formatDateTime(value)).toBe("—");
      expect(formatTime(value)).toBe("—");
      expect(formatDate(value)).toBe("—");
      expect(formatCalendarDate(value)).toBe("—");
    }
    expect(formatDateTime(null, "never")).toBe("never");
  });

  it("shows calendar dates (@db.Date) as stored, without shifting them", () => {
    expect(formatCalendarDate(new Date("2026-11-23T00:00:00Z"))).toBe("23 Nov 2026");
    expect(formatCalendarDate("2026-02-28")).toBe("28 Feb 2026");
  });
});

describe("PKT days", () => {
  it("keys an instant by its PKT calendar day", () => {
    expect(pktDayKey(new Date("2026-11-23T18:59:59.999Z"))).toBe("2026-11-23");
    expect(pktDayKey(new Date("2026-11-23T19:00:00.000Z"))).toBe("2026-11-24");
  });

  it("starts a PKT day at 19:00 UTC the day before", () => {
    expect(startOfPktDay("2026-11-24").toISOString()).toBe("2026-11-23T19:00:00.000Z");
    expect(startOfPktDay("2027-01-01").toISOString()).toBe("2026-12-31T19:00:00.000Z");
  });

  it("round-trips: the start of an instant's PKT day has the same key and is at most 24 h earlier", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
        const key = pktDayKey(d);
        const start = startOfPktDay(key);
        expect(pktDayKey(start)).toBe(key);
        expect(d.getTime() - start.getTime()).toBeGreaterThanOrEqual(0);
        expect(d.getTime() - start.getTime()).toBeLessThan(24 * 3_600_000);
      }),
    );
  });
});

describe("datetime-local inputs in PKT", () => {
  it("reads a PKT wall time as the right UTC instant and writes it back", () => {
    const t = fromPktLocalInput("2026-11-23T14:05");
    expect(t.toISOString()).toBe("2026-11-23T09:05:00.000Z");
    expect(toPktLocalInput(t)).toBe("2026-11-23T14:05");
    expect(fromPktLocalInput("2026-11-24T00:30").toISOString()).toBe("2026-11-23T19:30:00.000Z");
  });

  it("is empty for a missing value", () => {
    expect(toPktLocalInput(null)).toBe("");
    expect(toPktLocalInput("nonsense")).toBe("");
  });

  it("round-trips every minute: instant → input → instant and input → instant → input", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }), (minute) => {
        const instant = new Date(minute * 60_000);
        const input = toPktLocalInput(instant);
        expect(input).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
        expect(fromPktLocalInput(input).getTime()).toBe(instant.getTime());
        expect(toPktLocalInput(fromPktLocalInput(input))).toBe(input);
      }),
    );
  });

  it("drops seconds: an input holds whole minutes", () => {
    expect(toPktLocalInput(new Date("2026-11-23T09:05:59.999Z"))).toBe("2026-11-23T14:05");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0m"],
    [29_999, "0m"],
    [30_000, "1m"],
    [45 * 60_000, "45m"],
    [60 * 60_000, "1h 00m"],
    [65 * 60_000, "1h 05m"],
    [(9 * 60 + 30) * 60_000, "9h 30m"],
    [-1, "—"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("the cached PKT formatter", () => {
  it("prints exactly what date-fns-tz prints, for any instant from 1970 to 2100", async () => {
    const { formatInTimeZone } = await import("date-fns-tz");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const d = new Date(ms);
        expect(formatDateTime(d)).toBe(`${formatInTimeZone(d, DISPLAY_TZ, "d MMM yyyy, HH:mm")} PKT`);
        expect(formatTime(d)).toBe(`${formatInTimeZone(d, DISPLAY_TZ, "HH:mm")} PKT`);
        expect(formatDate(d)).toBe(formatInTimeZone(d, DISPLAY_TZ, "d MMM yyyy"));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the fixed PKT shift", () => {
  it("agrees with the time-zone database on any instant since 2009", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2009, 11, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const wall = new Date(toPktWallMs(ms));
        const key = `${wall.getUTCFullYear()}-${String(wall.getUTCMonth() + 1).padStart(2, "0")}-${String(wall.getUTCDate()).padStart(2, "0")}`;
        expect(key).toBe(pktDayKey(new Date(ms)));
        expect(fromPktWallMs(toPktWallMs(ms))).toBe(ms);
        expect(pktWeekdayHour(new Date(ms)).hour).toBe(Number(toPktLocalInput(new Date(ms)).slice(11, 13)));
      }),
    );
    expect(PKT_ISO_OFFSET).toBe("+05:00");
  });
});

describe("snoozePresetPkt", () => {
  it("is tomorrow at 09:00 PKT, and the next Monday at 09:00 PKT (a week on when today is Monday)", () => {
    const wednesday = new Date("2026-03-11T05:00:00.000Z"); // 10:00 PKT
    expect(snoozePresetPkt("tomorrow", wednesday).toISOString()).toBe("2026-03-12T04:00:00.000Z");
    expect(snoozePresetPkt("monday", wednesday).toISOString()).toBe("2026-03-16T04:00:00.000Z");
    const monday = new Date("2026-03-16T03:00:00.000Z"); // 08:00 PKT, before the hour
    expect(snoozePresetPkt("monday", monday).toISOString()).toBe("2026-03-23T04:00:00.000Z");
    const sundayNight = new Date("2026-03-15T18:30:00.000Z"); // 23:30 PKT Sunday
    expect(snoozePresetPkt("tomorrow", sundayNight).toISOString()).toBe("2026-03-16T04:00:00.000Z");
    expect(snoozePresetPkt("monday", sundayNight).toISOString()).toBe("2026-03-16T04:00:00.000Z");
    const lateUtcSameDay = new Date("2026-03-11T20:00:00.000Z"); // 01:00 PKT Thursday
    expect(snoozePresetPkt("tomorrow", lateUtcSameDay).toISOString()).toBe("2026-03-13T04:00:00.000Z");
  });
});
