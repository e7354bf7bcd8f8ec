// The lifecycle window (spec 000): an announcement shows while it is active and now
// lies in [start_date, end_date]. Authors choose PKT calendar days; the window runs
// from 00:00 PKT on the first day through 23:59:59.999 PKT on the last, stored in UTC.
import { pktDayKey, startOfPktDay } from "@/lib/time";
import type { AnnouncementStatus } from "./schemas";

const DAY_MS = 24 * 3_600_000;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The stored instants of a window of PKT calendar days (both inclusive). */
export function pktWindow(startDay: string, endDay: string): { startDate: Date; endDate: Date } {
  return { startDate: startOfPktDay(startDay), endDate: new Date(startOfPktDay(nextDay(endDay)).getTime() - 1) };
}

/** The PKT calendar days a stored window covers (for forms). */
export function windowDays(a: { startDate: Date; endDate: Date }): { startDate: string; endDate: string } {
  return { startDate: pktDayKey(a.startDate), endDate: pktDayKey(a.endDate) };
}

type Windowed = { isActive: boolean; startDate: Date; endDate: Date };

export function isLive(a: Windowed, now: Date): boolean {
  return a.isActive && a.startDate <= now && a.endDate >= now;
}

export function statusOf(a: Windowed, now: Date): AnnouncementStatus {
  if (!a.isActive) return "archived";
  if (a.startDate > now) return "scheduled";
  if (a.endDate < now) return "expired";
  return "live";
}

/** A `where` for one status at `now` (Prisma shape, no import of the client needed). */
export function statusWhere(status: AnnouncementStatus, now: Date) {
  switch (status) {
    case "archived":
      return { isActive: false };
    case "scheduled":
      return { isActive: true, startDate: { gt: now } };
    case "expired":
      return { isActive: true, endDate: { lt: now } };
    case "live":
      return { isActive: true, startDate: { lte: now }, endDate: { gte: now } };
  }
}

/** A new announcement's default window: today through a week from today (PKT). */
export function defaultWindowDays(now = new Date()): { today: string; startDate: string; endDate: string } {
  const today = pktDayKey(now);
  return { today, startDate: today, endDate: pktDayKey(new Date(now.getTime() + 7 * DAY_MS)) };
}

/** Today's PKT calendar day. */
export function todayPkt(now = new Date()): string {
  return pktDayKey(now);
}
