// Free text as SQL: the words of a term as the word index splits them, the index's
// condition, the cheap ASCII prefilter in front of it, and the exact check.
import { Prisma } from "@/lib/generated/prisma/client";
import type { SearchTerm } from "./parse";

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
export function termsWords(terms: SearchTerm[]): Array<{ word: string; prefix: boolean }> {
  return terms.flatMap((t) => (t.key === "text" ? searchWords(t.value) : []));
}

/** The word index's condition for a free-text term, or null when the term has no words. */
export function wordsSql(value: string): Prisma.Sql | null {
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
export function withWordsPrefilter(text: SearchTerm[], condition: Prisma.Sql): Prisma.Sql {
  const words = termsWords(text).map((w) => w.word);
  if (words.length === 0) return condition;
  const folded = Prisma.sql`lower(${JOINED_TEXT} COLLATE "C")`;
  return Prisma.sql`CASE WHEN ${Prisma.join(words.map((w) => Prisma.sql`strpos(${folded}, ${w}) > 0`), " AND ")} THEN ${condition} ELSE false END`;
}

/** The text a free-text term must contain: the term without the `*` that marks a prefix. */
export function exactText(value: string): string {
  return value.replace(/([A-Za-z0-9])\*+/g, "$1");
}

/**
 * A free-text term: the word index narrows (migration 20261202000000_audit_search_words:
 * the entries holding every word of the term, whole or as a prefix with `*`), the exact
 * text decides.
 */
export function textTermSql(value: string): Prisma.Sql {
  const text = exactText(value);
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
  const words = wordsSql(value);
  return words ? Prisma.sql`(${words} AND ${exact})` : exact;
}
