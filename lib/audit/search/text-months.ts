// What the sealed months say about a free-text search's words (migration
// 20261203000000_audit_text_months): each month that has ended keeps, once counted, its
// common words and how many of its entries hold each two of them. Two common words that
// no entry of a month holds together rule that month out before the word index is
// asked (which would otherwise intersect their two long lists in full to find
// nothing), and the counts say how often the words meet at all, which decides whether
// the newest entries are worth probing first. Never a match by itself: every entry
// still passes the word index and the exact text.
import { Prisma } from "@/lib/generated/prisma/client";

export type TimeRange = { start: Date; end: Date };

export type SealedMonth = {
  start: Date;
  end: Date;
  entries: number;
  /** Which of the search's words are common in the month (their pairs are all counted). */
  common: string[];
  /** Entries holding both words, keyed "a b" with a < b; a pair of common words not here meets in none. */
  pairs: Map<string, number>;
};

export type TextMonths = {
  /** Months no entry of which can hold every word: the search leaves them out. */
  excluded: TimeRange[];
  /**
   * Over the sealed months in which every word is common: at most this share of their
   * entries hold all the words (the rarest pair's count). Null when there is no such month.
   */
  density: number | null;
  /** Where the sealed months end (the newest one's end); null when none is sealed. */
  sealedThrough: Date | null;
};

/** The verdict of the sealed months on entries that must hold every one of `words` (distinct, whole words). */
export function judgeTextMonths(months: SealedMonth[], words: string[]): TextMonths {
  const excluded: TimeRange[] = [];
  let bounded = 0;
  let entries = 0;
  let sealedThrough: Date | null = null;
  for (const month of months) {
    if (!sealedThrough || month.end > sealedThrough) sealedThrough = month.end;
    if (month.entries === 0) {
      excluded.push({ start: month.start, end: month.end });
      continue;
    }
    const common = [...new Set(words.filter((w) => month.common.includes(w)))].sort();
    if (common.length < 2) continue;
    let bound = Number.POSITIVE_INFINITY;
    for (let i = 0; i < common.length; i++) {
      for (let j = i + 1; j < common.length; j++) bound = Math.min(bound, month.pairs.get(`${common[i]} ${common[j]}`) ?? 0);
    }
    if (bound === 0) excluded.push({ start: month.start, end: month.end });
    if (common.length === new Set(words).size) {
      bounded += bound;
      entries += month.entries;
    }
  }
  return { excluded, density: entries > 0 ? bounded / entries : null, sealedThrough };
}

/**
 * Where a search must look, oldest first: the attached partitions' months, less the
 * excluded ones, cut at `until` (no entry is dated after the database's clock; the
 * caller gives it a day's margin), adjacent months joined into one range. Partitions
 * after `until` are empty months made ahead of time; naming only the months that can
 * hold matches keeps PostgreSQL from planning the other two dozen.
 */
export function searchRanges(partitions: TimeRange[], excluded: TimeRange[], until: Date): TimeRange[] {
  const out = new Set(excluded.map((m) => m.start.getTime()));
  const ranges: TimeRange[] = [];
  for (const p of [...partitions].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    if (out.has(p.start.getTime()) || p.start >= until) continue;
    const end = p.end < until ? p.end : until;
    const last = ranges.at(-1);
    if (last && last.end.getTime() === p.start.getTime()) last.end = end;
    else ranges.push({ start: p.start, end });
  }
  return ranges;
}

/** `ranges` cut at `at`: those before it, and those from it on. */
export function splitRanges(ranges: TimeRange[], at: Date): [before: TimeRange[], after: TimeRange[]] {
  const before: TimeRange[] = [];
  const after: TimeRange[] = [];
  for (const r of ranges) {
    if (r.end <= at) before.push(r);
    else if (r.start >= at) after.push(r);
    else {
      before.push({ start: r.start, end: at });
      after.push({ start: at, end: r.end });
    }
  }
  return [before, after];
}

/** audit_logs rows within `ranges` (FALSE for none): plain ranges on the partition key, so PostgreSQL prunes the rest before planning. */
export function rangesSql(ranges: TimeRange[]): Prisma.Sql {
  if (ranges.length === 0) return Prisma.sql`FALSE`;
  const parts = ranges.map((r) => Prisma.sql`(event_timestamp >= ${r.start} AND event_timestamp < ${r.end})`);
  return parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}
