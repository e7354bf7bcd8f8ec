import "server-only";
// Planning a free-text search: which months to search (the sealed months' counts,
// text-months.ts), whether the newest candidates can fill a page (the probe) or the
// word index should collect the matches, and in what order to read the months.
import { REACH, reachLevel, type Viewer } from "@/lib/access/scope";
import { CUSTOM_PLAN, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SortOrder } from "@/lib/pagination/cursor";
import type { SearchQuery, SearchTerm } from "./parse";
import { judgeTextMonths, rangesSql, searchRanges, splitRanges, type TextMonths, type TimeRange } from "./text-months";
import { searchWhere } from "./where";
import { termsWords, withWordsPrefilter, wordsSql } from "./words";

/**
 * How many of the newest non-text matches a free-text search looks through at most
 * before the word index (it stops as soon as a page is full). At ten million entries
 * (bench:search) two words that meet in one entry of 150 fill a page within the first
 * 8,000; reading all 20,000 costs about 20 ms, the price a rare term pays first.
 */
export const TEXT_PROBE_ROWS = 20_000;

/**
 * A free-text search the planner expects to match at most this many entries goes to
 * the word index first: fetching that many costs less than probing, and a probe of
 * TEXT_PROBE_ROWS would rarely fill a page from so few (bench:search: a record's
 * name, 250 entries in ten million, estimated at about 3,000).
 */
export const INDEX_FIRST_ROWS = 10_000;

/**
 * What the partitions and the sealed months say of a search whose entries must hold
 * every one of `words` (text-months.ts): the months to leave out, how often the words
 * meet, and where to look. Null for fewer than two words, or when an attached
 * partition is not one of the monthly ones (then nothing is narrowed).
 */
export async function textSearchPlan(words: string[]): Promise<{ months: TextMonths; ranges: TimeRange[] } | null> {
  const distinct = [...new Set(words)];
  if (distinct.length < 2) return null;
  // Only partitions still attached as the ones counted: a month archived and dropped,
  // or dropped and made anew, has a different oid (or none) and is not judged.
  const [row] = await db.$queryRaw<Array<{ until: Date; odd: number; partitions: Array<{ start: string; end: string }>; months: Array<{ start: string; end: string; entries: number; common: string[] | null; pairs: string[] | null }> }>>`
    WITH parts AS (
      SELECT * FROM (
        SELECT c.oid, audit_partition_start(c.relname) AS lo
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'audit_logs'::regclass) p
       WHERE lo IS NOT NULL)
    SELECT clock_timestamp() + interval '1 day' AS until,
           (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = 'audit_logs'::regclass) - (SELECT count(*)::int FROM parts) AS odd,
           (SELECT coalesce(json_agg(json_build_object('start', lo, 'end', lo + interval '1 month')), '[]') FROM parts) AS partitions,
           (SELECT coalesce(json_agg(json_build_object(
                     'start', m.range_start, 'end', m.range_end, 'entries', m.entries,
                     'common', (SELECT array_agg(w.word) FROM audit_text_words w WHERE w.partition = m.partition AND w.word = ANY(${distinct}::text[])),
                     'pairs', (SELECT array_agg(p.word_a || ' ' || p.word_b || ' ' || p.entries) FROM audit_text_pairs p
                                WHERE p.partition = m.partition AND p.word_a = ANY(${distinct}::text[]) AND p.word_b = ANY(${distinct}::text[])))), '[]')
              FROM audit_text_months m JOIN parts ON parts.oid = m.relid) AS months`;
  if (!row || row.odd !== 0) return null;
  const months = judgeTextMonths(
    row.months.map((m) => ({
      start: new Date(m.start),
      end: new Date(m.end),
      entries: Number(m.entries),
      common: m.common ?? [],
      pairs: new Map((m.pairs ?? []).map((p) => {
        const [a, b, n] = p.split(" ");
        return [`${a} ${b}`, Number(n)] as const;
      })),
    })),
    distinct,
  );
  const partitions = row.partitions.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
  return { months, ranges: searchRanges(partitions, months.excluded, row.until) };
}

/** PostgreSQL's estimate of how many audit_logs rows match `where` (EXPLAIN, nothing run). */
async function estimatedRows(where: Prisma.Sql): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ "QUERY PLAN": Array<{ Plan?: { "Plan Rows"?: number } }> }>>`${CUSTOM_PLAN}EXPLAIN (FORMAT JSON) SELECT 1 FROM audit_logs WHERE ${where}`;
  return row?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? Number.POSITIVE_INFINITY;
}

export type FreeTextSearch = {
  viewer: Viewer;
  ast: SearchQuery;
  /** The search's free-text terms (not negated). */
  text: SearchTerm[];
  /** The keyset condition (after the cursor) and the order to read in. */
  position: Prisma.Sql;
  orderBy: Prisma.Sql;
  dir: SortOrder;
  /** A page's size; up to one row more is returned, to tell whether there is a next page. */
  take: number;
  textProbeRows: number;
  indexFirstRows: number;
};

// Free text: common words match many entries and are found among the newest
// candidates of the other terms (read in index order, stopping at a page's worth);
// rare ones are not, and the word index finds them. The planner's estimate (from
// the word index's statistics) says which to try first: a search it expects to
// match few entries goes straight to the index; otherwise the probe, then the index.
export async function freeTextRows<Row>(search: FreeTextSearch, page: (from: Prisma.Sql) => Promise<Row[]>): Promise<Row[]> {
  const { viewer, ast, text, position, orderBy, dir, take, textProbeRows, indexFirstRows } = search;
  const rest = { terms: ast.terms.filter((t) => !text.includes(t)) };
  // The sealed months' counts (text-months.ts): months in which the words never meet
  // are left out, and how often the words meet elsewhere says whether a probe of the
  // newest entries could fill a page. Only the months left are planned and searched.
  // The counts are over everyone's entries, so only a viewer who may read every entry
  // uses them: for anyone else, how fast a search answers would say whether words
  // meet in entries they may not read.
  const plan = reachLevel(viewer, REACH.audit) === "all"
    ? await textSearchPlan(termsWords(text).filter((w) => !w.prefix).map((w) => w.word))
    : null;
  if (plan && plan.ranges.length === 0) return [];
  const inRanges = plan ? rangesSql(plan.ranges) : Prisma.sql`TRUE`;
  const seldomMeet = plan?.months.density != null && plan.months.density * textProbeRows < take + 1;
  // Estimated on the word index's conditions alone: the planner takes each exact
  // check (ILIKE) for an independent filter and would multiply the estimate down.
  const indexed = text.map((t) => (t.key === "text" ? wordsSql(t.value) : null));
  const skipProbe = textProbeRows === 0 || (indexFirstRows >= 0 && seldomMeet);
  // Few in all, by the planner's estimate: collected in one go, whichever months.
  const fewInAll =
    !skipProbe &&
    plan?.months.density == null &&
    indexed.every((w) => w !== null) &&
    (await estimatedRows(Prisma.sql`${searchWhere(rest, viewer)} AND ${Prisma.join(indexed as Prisma.Sql[], " AND ")} AND ${inRanges} AND ${position}`)) <= indexFirstRows;
  const few = skipProbe || fewInAll;
  // Where to look, in the order of the results: the months not yet sealed first
  // (newest first; the sealed ones first when oldest first), so words that meet
  // there fill a page without the index collecting every match of every month.
  const [sealed, open] = plan?.months.sealedThrough ? splitRanges(plan.ranges, plan.months.sealedThrough) : [[], plan?.ranges ?? []];
  const slices = (dir === "desc" ? [open, sealed] : [sealed, open]).filter((r) => r.length > 0);
  // The probe reads the newest candidates of the first slice in time order, as one
  // plain range (months left out hold no matches, so reading them is only waste;
  // fewer partitions to plan): a page found there is the page, as every later slice
  // comes after it.
  const first = slices[0];
  const spanOf = (column: Prisma.Sql) => (first ? Prisma.sql`${column} >= ${first[0]!.start} AND ${column} < ${first.at(-1)!.end}` : Prisma.sql`TRUE`);
  const span = spanOf(Prisma.sql`event_timestamp`);
  // The candidates carry only what the text and scope checks read (sorting whole
  // rows cost a third of the probe); the page's rows are fetched by key afterwards,
  // within the same span (else all two dozen partitions are planned for the join).
  const probed = few
    ? []
    : await page(Prisma.sql`
        SELECT a.* FROM (
          SELECT id, event_timestamp FROM (
            SELECT id, event_timestamp, action_description, object_name, user_name, user_id, subject_user_id
              FROM audit_logs WHERE ${searchWhere(rest, viewer)} AND ${span} AND ${position} ORDER BY ${orderBy} LIMIT ${textProbeRows}
          ) recent
          WHERE ${withWordsPrefilter(text, searchWhere({ terms: text }, viewer))}
          ORDER BY ${orderBy} LIMIT ${take + 1}
        ) found
        JOIN audit_logs a ON a.id = found.id AND a.event_timestamp = found.event_timestamp AND ${spanOf(Prisma.sql`a.event_timestamp`)}`);
  // A full page plus one found among the newest candidates is exactly the page the
  // whole search would give: every earlier match was among those candidates.
  if (probed.length > take) return probed;
  // Not there: the matches are few (or none). OFFSET 0 keeps the LIMIT out of the
  // scan, so PostgreSQL collects them through the word index and sorts those few,
  // rather than walking the time index through every entry in search of them.
  const matchesIn = (range: Prisma.Sql, limit: number) =>
    page(Prisma.sql`
      SELECT * FROM (SELECT * FROM audit_logs WHERE ${searchWhere(ast, viewer)} AND ${range} AND ${position} OFFSET 0) matches
      ORDER BY ${orderBy} LIMIT ${limit}`);
  if (!plan || fewInAll) return matchesIn(inRanges, take + 1);
  const rows: Row[] = [];
  for (const slice of slices) {
    rows.push(...(await matchesIn(rangesSql(slice), take + 1 - rows.length)));
    if (rows.length > take) break;
  }
  return rows;
}
