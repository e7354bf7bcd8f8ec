import { formatInTimeZone, fromZonedTime } from "date-fns-tz";

// Everything is stored in UTC and shown in Pakistan time through these helpers only.
export const DISPLAY_TZ = "Asia/Karachi";

type When = Date | string | number | null | undefined;

// Pakistan has kept UTC+5 all year since 2009 (no daylight saving), so PKT wall-clock
// arithmetic on instants is one fixed shift, made here and nowhere else (time.test.ts
// holds it to the time-zone database).
const PKT_OFFSET_MS = 5 * 3_600_000;

/** An instant (epoch ms) as PKT wall-clock ms, whose getUTC…() fields are PKT's. */
export function toPktWallMs(instant: number): number {
  return instant + PKT_OFFSET_MS;
}

/** PKT wall-clock ms back to the instant. */
export function fromPktWallMs(wall: number): number {
  return wall - PKT_OFFSET_MS;
}

/** The PKT weekday (0 = Sunday) and hour of an instant. */
export function pktWeekdayHour(at: Date): { weekday: number; hour: number } {
  const wall = new Date(toPktWallMs(at.getTime()));
  return { weekday: wall.getUTCDay(), hour: wall.getUTCHours() };
}

/**
 * PKT working hours: [08:00, 19:00), Monday to Friday. One definition for the audit
 * anomaly scan (an off-hours privilege change), sign-in flags and the audit search's `hours:` term.
 */
export const PKT_WORKING_HOURS = { start: 8, end: 19 } as const;

/** Whether an instant falls within PKT working hours (a weekday, 08:00 to before 19:00). */
export function isPktWorkingHours(at: Date): boolean {
  const { weekday, hour } = pktWeekdayHour(at);
  return weekday >= 1 && weekday <= 5 && hour >= PKT_WORKING_HOURS.start && hour < PKT_WORKING_HOURS.end;
}

/** PKT's offset as ISO 8601 writes it: "+05:00". */
export const PKT_ISO_OFFSET = formatInTimeZone(new Date(0), DISPLAY_TZ, "xxx");

function toDate(value: When): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

// One formatter, built once: audited writes format times on every call, and building
// a zoned date through date-fns-tz costs several times more. Output is identical
// (lib/time.test.ts compares them on random instants).
const wallFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: DISPLAY_TZ, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23",
});

/** The PKT wall-clock fields of an instant. */
function wall(d: Date) {
  const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of wallFormat.formatToParts(d)) {
    if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
  }
  return f;
}

/** "23 Nov 2026, 14:05 PKT" */
export function formatDateTime(value: When, fallback = "—"): string {
  const d = toDate(value);
  if (!d) return fallback;
  const w = wall(d);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}, ${two(w.hour)}:${two(w.minute)} PKT`;
}

/** "7 Dec, 14:05" in the current PKT year, "7 Dec 2025, 14:05" otherwise (a column headed PKT). */
export function formatShortDateTime(value: When, now: Date = new Date(), fallback = "—"): string {
  const d = toDate(value);
  if (!d) return fallback;
  const w = wall(d);
  const year = w.year === wall(now).year ? "" : ` ${w.year}`;
  return `${w.day} ${MONTHS[w.month - 1]}${year}, ${two(w.hour)}:${two(w.minute)}`;
}

/** "14:05 PKT" */
export function formatTime(value: When, fallback = "—"): string {
  const d = toDate(value);
  if (!d) return fallback;
  const w = wall(d);
  return `${two(w.hour)}:${two(w.minute)} PKT`;
}

/** "23 Nov 2026" (calendar dates such as leave days are shown as stored). */
export function formatDate(value: When, fallback = "—"): string {
  const d = toDate(value);
  if (!d) return fallback;
  const w = wall(d);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** Calendar date for @db.Date columns, which carry no time zone. */
export function formatCalendarDate(value: When, fallback = "—"): string {
  const d = toDate(value);
  return d ? formatInTimeZone(d, "UTC", "d MMM yyyy") : fallback;
}

/** ISO date (yyyy-MM-dd) of the PKT day that contains `value`. */
export function pktDayKey(value: Date): string {
  return formatInTimeZone(value, DISPLAY_TZ, "yyyy-MM-dd");
}

/** The UTC instant at which the given PKT calendar day (yyyy-MM-dd) starts. */
export function startOfPktDay(dayKey: string): Date {
  return fromZonedTime(`${dayKey}T00:00:00`, DISPLAY_TZ);
}

/** A `datetime-local` input value (PKT wall time) to a UTC instant. */
export function fromPktLocalInput(value: string): Date {
  return fromZonedTime(value, DISPLAY_TZ);
}

/** A UTC instant to a `datetime-local` input value in PKT wall time. */
export function toPktLocalInput(value: When): string {
  const d = toDate(value);
  return d ? formatInTimeZone(d, DISPLAY_TZ, "yyyy-MM-dd'T'HH:mm") : "";
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const minutes = Math.round(ms / 60000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m.toString().padStart(2, "0")}m` : `${m}m`;
}

/** Tomorrow at 17:00 PKT as a datetime-local value: the usual first guess for a due time. */
export function tomorrowEndOfDayPktInput(now = new Date()): string {
  return `${pktDayKey(new Date(now.getTime() + 24 * 3_600_000))}T17:00`;
}

/** An instant as ISO 8601 in PKT with its offset, to the millisecond: "2026-01-15T10:00:00.123+05:00" (exports). */
export function formatIsoPkt(value: Date): string {
  return formatInTimeZone(value, DISPLAY_TZ, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}

/** A file-name-safe PKT stamp: "2026-01-15T100000PKT". */
export function pktFileStamp(value: Date): string {
  return `${formatInTimeZone(value, DISPLAY_TZ, "yyyy-MM-dd'T'HHmmss")}PKT`;
}

/** Outside PKT working hours (weekends included): anomaly scans and sign-in flags. */
export function isOffHoursPkt(at: Date): boolean {
  return !isPktWorkingHours(at);
}

/** Snooze presets (issue 24): tomorrow at 09:00 PKT, and the next Monday at 09:00 PKT (a week on when today is Monday). */
export function snoozePresetPkt(preset: "tomorrow" | "monday", now = new Date()): Date {
  const today = startOfPktDay(pktDayKey(now));
  const { weekday } = pktWeekdayHour(now); // 0 = Sunday
  const days = preset === "tomorrow" ? 1 : (8 - weekday) % 7 || 7;
  // PKT keeps one offset all year: a day is 24 hours.
  return new Date(today.getTime() + days * 24 * 3_600_000 + 9 * 3_600_000);
}
