// A report's period: whole PKT days, as people and schedules give it.
import { ServiceError } from "@/lib/errors";
import { pktDayKey, startOfPktDay } from "@/lib/time";
import type { Cadence } from "./document";

export const MAX_REPORT_DAYS = 366;

/** A period of whole PKT days, `from` to `to` inclusive ("2026-11-01" to "2026-11-30"). */
export function periodOfDays(from: string, to: string): { from: Date; to: Date } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !day.test(to)) throw new ServiceError("Give the period as two days, yyyy-mm-dd.");
  const start = startOfPktDay(from);
  const end = new Date(startOfPktDay(to).getTime() + 86_400_000); // PKT keeps no summer time
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new ServiceError("Give the period as two days, yyyy-mm-dd.");
  if (end <= start) throw new ServiceError("The period ends before it starts.");
  if (end.getTime() - start.getTime() > MAX_REPORT_DAYS * 86_400_000) throw new ServiceError(`A report covers at most ${MAX_REPORT_DAYS} days.`);
  return { from: start, to: end };
}

const DAY = 86_400_000;
const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The last whole period before `now`, as PKT days: the calendar month before this one,
 * or the Monday-to-Sunday week before this one.
 */
export function lastPeriod(cadence: Cadence, now: Date): { from: string; to: string } {
  const today = pktDayKey(now);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  if (cadence === "monthly") {
    return { from: dayKey(Date.UTC(y, m - 2, 1)), to: dayKey(Date.UTC(y, m - 1, 0)) };
  }
  const midnight = Date.UTC(y, m - 1, d);
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = midnight - (weekday + 7) * DAY;
  return { from: dayKey(monday), to: dayKey(monday + 6 * DAY) };
}
