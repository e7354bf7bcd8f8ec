import { formatCalendarDate, pktDayKey } from "@/lib/time";

// Leave dates are calendar days (@db.Date), stored as midnight UTC with no time-zone
// meaning; "today" is the PKT calendar day.

const DAY_MS = 86_400_000;
export const MAX_LEAVE_DAYS = 60;
export const MAX_BACKDATE_DAYS = 30;

/** "2026-12-02" as the Date a @db.Date column stores. */
export function toDbDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** A @db.Date value back to "2026-12-02". */
export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayKey(new Date(toDbDate(day).getTime() + days * DAY_MS));
}

/** Calendar days covered, both ends included. */
export function daysCovered(start: string, end: string): number {
  return Math.round((toDbDate(end).getTime() - toDbDate(start).getTime()) / DAY_MS) + 1;
}

/** The earliest start date a request may have today ("2026-11-02"). */
export function earliestLeaveStart(now = new Date()): string {
  return addDays(pktDayKey(now), -MAX_BACKDATE_DAYS);
}

/** "from 2 Dec 2026 to 4 Dec 2026", or "on 2 Dec 2026" for a single day. */
export function leaveSpan(start: Date, end: Date): string {
  const from = formatCalendarDate(start);
  const to = formatCalendarDate(end);
  return from === to ? `on ${from}` : `from ${from} to ${to}`;
}
