// The chart buckets in words and as days: "3 Nov 14:00", "3 Nov", "w/c 3 Nov", and the
// PKT calendar days a bucket covers (a click on its bar narrows the search to them).
// Bucket starts are PKT wall times as analytics.ts gives them ("2026-11-03T14:00").
import type { AnalyticsBucket } from "./analytics";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86_400_000;

function dayWords(day: string): string {
  const [, m, d] = day.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]}`;
}

export function bucketLabel(start: string, bucket: AnalyticsBucket): string {
  const day = dayWords(start.slice(0, 10));
  if (bucket === "hour") return `${day} ${start.slice(11, 16)}`;
  return bucket === "week" ? `w/c ${day}` : day;
}

/** The first and last PKT day of the bucket (an hour's is its day; a week's, seven days). */
export function bucketDays(start: string, bucket: AnalyticsBucket): { from: string; to: string } {
  const from = start.slice(0, 10);
  if (bucket !== "week") return { from, to: from };
  return { from, to: new Date(Date.parse(`${from}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10) };
}

/** The bucket's days in words: "3 Nov", "3 Nov to 9 Nov". */
export function bucketRange(start: string, bucket: AnalyticsBucket): string {
  const { from, to } = bucketDays(start, bucket);
  return from === to ? (bucket === "hour" ? bucketLabel(start, bucket) : dayWords(from)) : `${dayWords(from)} to ${dayWords(to)}`;
}
