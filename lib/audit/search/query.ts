import "server-only";
// The read side of the audit log: a parsed search (parse.ts) as SQL over audit_logs,
// always within the viewer's reach, and the keyset-paginated list the page, the API and
// the export share. Every value is a bind parameter; only fixed SQL is written here.
import { can } from "@/lib/auth/permissions";
import { REACH, reachLevel, type Viewer } from "@/lib/auth/scope";
import { CUSTOM_PLAN, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditCategory, AuditEventType, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";
import { startOfPktDay } from "@/lib/time";
import { SENSITIVE_FIELD_PATTERN } from "@/lib/audit/write/rules";
import { isUuid } from "@/lib/uuid";
import { defineCursor, keyPart, parseInOrder, type SortOrder } from "@/lib/pagination/cursor";
import { keysetPage, keysetSql } from "@/lib/pagination/keyset";
import { VIEW_SENSITIVE } from "./masking";
import { addDays, riskLevels, type SearchQuery, type SearchTerm } from "./parse";
import { judgeTextMonths, rangesSql, searchRanges, splitRanges, type TextMonths, type TimeRange } from "./text-months";

/** `value` as a LIKE pattern that matches it literally (with `ESCAPE '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What free text searches: description, record name and actor name, as the word index joins them. */
const JOINED_TEXT = Prisma.raw(`(action_description || ' ' || object_name || ' ' || user_name)`);

/**
 * A free-text term's words as audit_search_words() splits text: ASCII letters
 * lowercased, any other run of characters a break; a word followed by `*` matches any
 * word it starts (`pay*`), the others whole words. Only [a-z0-9] survive, so each is
 * safe inside a tsquery. A term that is all punctuation or non-ASCII has none. Words
 * past 100 characters narrow nothing worth having (and the index leaves out words past
 * 2,047 bytes), so they are left to the exact check.
 */
export function searchWords(value: string): Array<{ word: string; prefix: boolean }> {
  const words: Array<{ word: string; prefix: boolean }> = [];
  for (const m of value.replace(/[A-Z]/g, (c) => c.toLowerCase()).matchAll(/([a-z0-9]+)(\*?)/g)) {
    if (m[1]!.length <= 100) words.push({ word: m[1]!, prefix: m[2] === "*" });
  }
  return words;
}

/** Every word of the free-text terms among `terms`, as searchWords splits them. */
function termsWords(terms: SearchTerm[]): Array<{ word: string; prefix: boolean }> {
  return terms.flatMap((t) => (t.key === "text" ? searchWords(t.value) : []));
}

/** The word index's condition for a free-text term, or null when the term has no words. */
function wordsSql(value: string): Prisma.Sql | null {
  const words = searchWords(value);
  if (words.length === 0) return null;
  const query = words.map((w) => (w.prefix ? `${w.word}:*` : w.word)).join(" & ");
  return Prisma.sql`audit_search_words(${JOINED_TEXT}) @@ to_tsquery('simple', ${query})`;
}

/**
 * `condition` (the free-text terms' own), reached only by rows whose joined text,
 * lowercased as ASCII, contains every word of the terms: a word of
 * audit_search_words() is a piece of exactly that text, so the test only skips rows
 * the condition would refuse, and it is a fraction of the cost of the word split and
 * the case-insensitive match (CASE keeps PostgreSQL from evaluating those first).
 */
function withWordsPrefilter(text: SearchTerm[], condition: Prisma.Sql): Prisma.Sql {
  const words = termsWords(text).map((w) => w.word);
  if (words.length === 0) return condition;
  const folded = Prisma.sql`lower(${JOINED_TEXT} COLLATE "C")`;
  return Prisma.sql`CASE WHEN ${Prisma.join(words.map((w) => Prisma.sql`strpos(${folded}, ${w}) > 0`), " AND ")} THEN ${condition} ELSE false END`;
}

/** The text a free-text term must contain: the term without the `*` that marks a prefix. */
export function exactText(value: string): string {
  return value.replace(/([A-Za-z0-9])\*+/g, "$1");
}

const or = (parts: Prisma.Sql[]) => (parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " OR ")})`);

/**
 * Whose entries the viewer may read, over audit_logs columns. Team is the viewer's
 * direct reports (lib/auth/scope.ts teamMemberWhere: users.manager_id = viewer), as
 * actor or as the person the entry is about; a team reach includes the viewer's own
 * entries when their role also holds the own permission, as peopleInReach does.
 */
export function auditScopeWhere(viewer: Viewer): Prisma.Sql {
  const level = reachLevel(viewer, REACH.audit);
  const own = Prisma.sql`(user_id = ${viewer.id}::uuid OR subject_user_id = ${viewer.id}::uuid)`;
  switch (level) {
    case "all":
      return Prisma.sql`TRUE`;
    case "own":
      return own;
    case "team": {
      // An initplan array, so each side can use its (user, time) index.
      const team = Prisma.sql`ARRAY(SELECT u.id FROM users u WHERE u.manager_id = ${viewer.id}::uuid)`;
      const members = Prisma.sql`(user_id = ANY(${team}) OR subject_user_id = ANY(${team}))`;
      return can(viewer.role, REACH.audit.own) ? Prisma.sql`(${own} OR ${members})` : members;
    }
    default:
      return Prisma.sql`FALSE`;
  }
}

function enumIn(column: string, type: string, values: Array<AuditCategory | AuditEventType | AuditOutcome | RiskLevel>): Prisma.Sql {
  // Column and type names are fixed strings from this file, never input.
  return Prisma.sql`${Prisma.raw(column)} = ANY(CAST(${values} AS ${Prisma.raw(`"${type}"[]`)}))`;
}

function termSql(term: SearchTerm): Prisma.Sql {
  switch (term.key) {
    case "action":
      return or(term.values.map((a) => (a.prefix ? Prisma.sql`action_type LIKE ${`${escapeLike(a.value)}%`} ESCAPE '\\'` : Prisma.sql`action_type = ${a.value}`)));
    case "actor":
      // An id, an email (has @) or a whole name, matched as recorded at the time (the
      // snapshot), ignoring case; a renamed person is still found by their old name.
      return or(
        term.values.map((v) => {
          if (isUuid(v)) return Prisma.sql`user_id = ${v.toLowerCase()}::uuid`;
          if (v.includes("@")) return Prisma.sql`lower(user_email) = lower(${v})`;
          return Prisma.sql`lower(user_name) = lower(${v})`;
        }),
      );
    case "entity":
      return Prisma.sql`object_type = ANY(${term.values})`;
    case "entity_id":
      return Prisma.sql`object_id = ANY(${term.values})`;
    case "category":
      return enumIn("event_category", "AuditCategory", term.values);
    case "type":
      return enumIn("event_type", "AuditEventType", term.values);
    case "status":
      return enumIn("status", "AuditOutcome", term.values);
    case "risk":
      return enumIn("risk_level", "RiskLevel", riskLevels(term.risk));
    case "ip":
      // ip_address is free text (whatever the request carried); a value that is not an
      // address matches no block instead of failing the cast. NULL falls to ELSE.
      return or(term.values.map((v) => Prisma.sql`(CASE WHEN pg_input_is_valid(ip_address, 'inet') THEN ip_address::inet <<= ${v}::inet ELSE false END)`));
    case "created": {
      const parts: Prisma.Sql[] = [];
      if (term.range.from) parts.push(Prisma.sql`event_timestamp >= ${startOfPktDay(term.range.from)}`);
      if (term.range.to) parts.push(Prisma.sql`event_timestamp < ${startOfPktDay(addDays(term.range.to, 1))}`);
      return Prisma.sql`(${Prisma.join(parts, " AND ")})`;
    }
    case "text": {
      const text = exactText(term.value);
      const pattern = `%${escapeLike(text)}%`;
      // The joined text holds the term exactly; a term with a space could span two
      // columns there (the joiner is a space), so such a term is checked per column too.
      const exact = text.includes(" ")
        ? Prisma.sql`(${JOINED_TEXT} ILIKE ${pattern} ESCAPE '\\'
            AND (action_description ILIKE ${pattern} ESCAPE '\\' OR object_name ILIKE ${pattern} ESCAPE '\\' OR user_name ILIKE ${pattern} ESCAPE '\\'))`
        : Prisma.sql`${JOINED_TEXT} ILIKE ${pattern} ESCAPE '\\'`;
      // The word index (migration 20261202000000_audit_search_words) narrows to the
      // entries holding every word of the term (whole, or as a prefix with `*`); the
      // exact check decides. Whole words keep the index fast: a prefix is a range of
      // the index's keys, gathered before anything is skipped.
      const words = wordsSql(term.value);
      return words ? Prisma.sql`(${words} AND ${exact})` : exact;
    }
  }
}

/**
 * A search as a WHERE condition over audit_logs columns (unqualified: use it where
 * audit_logs is the only table in scope), ANDed with the viewer's reach.
 */
export function searchWhere(ast: SearchQuery, viewer: Viewer): Prisma.Sql {
  const parts = [auditScopeWhere(viewer)];
  for (const term of ast.terms) {
    const sql = termSql(term);
    // NOT over a condition that can be NULL would drop the row; every term above is
    // NULL-safe (nullable columns are compared through CASE or = on a NULL-free side).
    parts.push(term.negated ? Prisma.sql`NOT coalesce(${sql}, false)` : sql);
  }
  return Prisma.join(parts, " AND ");
}

/**
 * masking.ts's mustMask in SQL, over the paged row `a`: whether this viewer reads the
 * entry's values masked. Rows carry no values, only this flag, so the list, the API and
 * the export say which entries will open masked. Constant for a viewer who may see
 * sensitive values, so their reads (the auditor's export) pay nothing for it.
 */
export function maskedSql(viewer: Viewer): Prisma.Sql {
  if (can(viewer.role, VIEW_SENSITIVE)) return Prisma.sql`false`;
  const keys = (column: string) =>
    Prisma.sql`EXISTS (SELECT 1 FROM jsonb_object_keys(CASE WHEN jsonb_typeof(${Prisma.raw(column)}) = 'object' THEN ${Prisma.raw(column)} ELSE '{}'::jsonb END) k WHERE k ~* ${SENSITIVE_FIELD_PATTERN})`;
  return Prisma.sql`(a.is_sensitive OR ${keys("a.old_values")} OR ${keys("a.new_values")} OR ${keys("a.additional_data")})`;
}

export const MAX_AUDIT_PAGE = 200;

/** The search's cursor: the last row's (event_timestamp, id) and the order it was read in. */
export const auditCursor = defineCursor("audit", { at: keyPart.time, id: keyPart.id, order: keyPart.order });

export type AuditListOptions = {
  viewer: Viewer;
  ast: SearchQuery;
  /** From a previous page's nextCursor; it carries its order. */
  cursor?: string | null;
  /** Rows per page, 1–200 (default 50). */
  limit?: number;
  /** Newest first (default) or oldest first. */
  order?: SortOrder;
  /** How many newest candidates a free-text search looks through before the index (tests lower it; 0 goes to the index at once). */
  textProbeRows?: number;
  /** Free text expected to match at most this many entries goes to the index first (tests: -1 always probes first). */
  indexFirstRows?: number;
};

export type AuditListRow = {
  id: string;
  at: Date;
  eventType: AuditEventType;
  category: AuditCategory;
  action: string;
  description: string;
  module: string;
  actor: { id: string | null; name: string; email: string; role: string };
  entity: { type: string; id: string; name: string };
  subject: { id: string; name: string } | null;
  risk: RiskLevel;
  status: AuditOutcome;
  ip: string | null;
  sensitive: boolean;
  /** This viewer reads the entry's values masked (masking.ts). */
  masked: boolean;
};

export type AuditListPage = { rows: AuditListRow[]; nextCursor: string | null };

type RawRow = {
  id: string;
  event_timestamp: Date;
  event_type: AuditEventType;
  event_category: AuditCategory;
  action_type: string;
  action_description: string;
  module_name: string;
  user_id: string | null;
  actor_name: string;
  user_email: string;
  user_role: string;
  object_type: string;
  object_id: string;
  object_name: string;
  subject_user_id: string | null;
  subject_name: string | null;
  risk_level: RiskLevel;
  status: AuditOutcome;
  ip_address: string | null;
  is_sensitive: boolean;
  masked: boolean;
};

/**
 * One page of the viewer's search results, keyset-paginated on (event_timestamp, id):
 * no OFFSET and no count, so page 1,000 costs what page 1 costs.
 */
export async function listAuditEntries({ viewer, ast, cursor, limit = 50, order, textProbeRows = TEXT_PROBE_ROWS, indexFirstRows = INDEX_FIRST_ROWS }: AuditListOptions): Promise<AuditListPage> {
  const after = parseInOrder(auditCursor, cursor, order);
  const dir: SortOrder = after?.order ?? order ?? "desc";
  const take = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 50), 1), MAX_AUDIT_PAGE);

  const position = after ? keysetSql(dir, ["event_timestamp", "id"], [Prisma.sql`${after.at}::timestamptz`, Prisma.sql`${after.id}::uuid`]) : Prisma.sql`TRUE`;
  const orderBy = dir === "desc" ? Prisma.sql`event_timestamp DESC, id DESC` : Prisma.sql`event_timestamp ASC, id ASC`;
  const page = (from: Prisma.Sql) => pageWithLabels(viewer, from, dir, planMarkFor(ast));

  // Free text: common words match many entries and are found among the newest
  // candidates of the other terms (read in index order, stopping at a page's worth);
  // rare ones are not, and the word index finds them. The planner's estimate (from
  // the word index's statistics) says which to try first: a search it expects to
  // match few entries goes straight to the index; otherwise the probe, then the index.
  const text = ast.terms.filter((t) => t.key === "text" && !t.negated);
  if (text.length > 0) {
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
    if (plan && plan.ranges.length === 0) return { rows: [], nextCursor: null };
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
    if (probed.length > take) return pageResult(probed, take, dir);
    // Not there: the matches are few (or none). OFFSET 0 keeps the LIMIT out of the
    // scan, so PostgreSQL collects them through the word index and sorts those few,
    // rather than walking the time index through every entry in search of them.
    const matchesIn = (range: Prisma.Sql, limit: number) =>
      page(Prisma.sql`
        SELECT * FROM (SELECT * FROM audit_logs WHERE ${searchWhere(ast, viewer)} AND ${range} AND ${position} OFFSET 0) matches
        ORDER BY ${orderBy} LIMIT ${limit}`);
    if (!plan || fewInAll) return pageResult(await matchesIn(inRanges, take + 1), take, dir);
    const rows: RawRow[] = [];
    for (const slice of slices) {
      rows.push(...(await matchesIn(rangesSql(slice), take + 1 - rows.length)));
      if (rows.length > take) break;
    }
    return pageResult(rows, take, dir);
  }
  return pageResult(await page(Prisma.sql`SELECT * FROM audit_logs WHERE ${searchWhere(ast, viewer)} AND ${position} ORDER BY ${orderBy} LIMIT ${take + 1}`), take, dir);
}

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

function pageResult(raw: RawRow[], take: number, dir: SortOrder): AuditListPage {
  const page = keysetPage(raw, take, (last) => auditCursor.encode({ at: last.event_timestamp, id: last.id, order: dir }));
  return { rows: page.rows.map(toRow), nextCursor: page.next };
}

/**
 * CUSTOM_PLAN (lib/db.ts) for a search whose best plan depends on its values: an
 * action prefix's index range, how many entries a word matches. Other searches
 * (equalities, ranges) keep their cached plans and skip planning 24 partitions anew.
 */
export function planMarkFor(ast: SearchQuery): Prisma.Sql {
  const dependsOnValues = ast.terms.some((t) => t.key === "text" || (t.key === "action" && t.values.some((v) => v.prefix)));
  return dependsOnValues ? CUSTOM_PLAN : Prisma.empty;
}

/** The rows of `from` (a page of audit_logs rows, in order), with actor and subject names resolved. */
async function pageWithLabels(viewer: Viewer, from: Prisma.Sql, dir: SortOrder, mark: Prisma.Sql): Promise<RawRow[]> {
  // Page first, then resolve labels for that page only.
  return db.$queryRaw<RawRow[]>`${mark}
    SELECT a.id::text AS id, a.event_timestamp, a.event_type, a.event_category, a.action_type, a.action_description, a.module_name,
           a.user_id::text AS user_id, coalesce(nullif(a.user_name, ''), actor.name, '') AS actor_name, a.user_email, a.user_role,
           a.object_type, a.object_id, a.object_name, a.subject_user_id::text AS subject_user_id, subject.name AS subject_name,
           a.risk_level, a.status, a.ip_address, a.is_sensitive, ${maskedSql(viewer)} AS masked
    FROM (${from}) a
    LEFT JOIN users actor ON actor.id = a.user_id
    LEFT JOIN users subject ON subject.id = a.subject_user_id
    ORDER BY ${dir === "desc" ? Prisma.sql`a.event_timestamp DESC, a.id DESC` : Prisma.sql`a.event_timestamp ASC, a.id ASC`}`;
}

function toRow(r: RawRow): AuditListRow {
  return {
    id: r.id,
    at: r.event_timestamp,
    eventType: r.event_type,
    category: r.event_category,
    action: r.action_type,
    description: r.action_description,
    module: r.module_name,
    actor: { id: r.user_id, name: r.actor_name, email: r.user_email, role: r.user_role },
    entity: { type: r.object_type, id: r.object_id, name: r.object_name },
    // The subject's account may be gone; the entry still names whom it was about.
    subject: r.subject_user_id ? { id: r.subject_user_id, name: r.subject_name ?? "a former user" } : null,
    risk: r.risk_level,
    status: r.status,
    ip: r.ip_address,
    sensitive: r.is_sensitive,
    masked: r.masked,
  };
}
