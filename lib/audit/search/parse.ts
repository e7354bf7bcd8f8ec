// The audit search language (issue 10), parsed into a typed query. It runs in the
// browser as well as on the server (the search box highlights the bad term as you
// type), so it imports nothing server-only: the enums come from Prisma's browser-safe
// enums file, the PKT day arithmetic is plain calendar maths.
//
//   action:leave_request.approved  action:user.*  -action:login
//   actor:"Ayesha Khan"  actor:ayesha@acme.test  entity:leave_request  entity_id:42
//   category:security  type:export  risk:>=high  risk:high,critical  status:failure
//   ip:10.0.0.0/8  created:>=2026-01-01  created:2026-01-01..2026-01-31  "free text"
//   hours:off (outside PKT working hours, weekends included)  hours:working
//
// Terms are ANDed; commas OR values within one key; a leading `-` negates a term.
// A hand-written tokenizer (no parser library) keeps exact positions for errors.
import { AuditCategory, AuditEventType, AuditOutcome, RiskLevel } from "@/lib/generated/prisma/enums";

export const RISK_ORDER = [RiskLevel.low, RiskLevel.medium, RiskLevel.high, RiskLevel.critical] as const;
const EVENT_TYPES = Object.values(AuditEventType);
const CATEGORIES = Object.values(AuditCategory);
const OUTCOMES = Object.values(AuditOutcome);

export const SEARCH_KEYS = ["action", "actor", "entity", "entity_id", "category", "type", "risk", "status", "ip", "created", "hours"] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];

/** When in the PKT week an entry was made: within working hours (lib/time.ts) or outside them. */
export const HOURS_VALUES = ["working", "off"] as const;
export type HoursValue = (typeof HOURS_VALUES)[number];

/** Bounds that keep one search cheap to parse and to run. */
export const MAX_QUERY_LENGTH = 2000;
export const MAX_TERMS = 40;

export type Comparison = ">=" | ">" | "<=" | "<";
/** An action name, or every action that starts with `value` (`user.*`). */
export type ActionPattern = { value: string; prefix: boolean };
export type RiskMatch = { op: "in"; levels: RiskLevel[] } | { op: Comparison; level: RiskLevel };
/** Inclusive PKT calendar days (yyyy-MM-dd); null is open-ended. Never both null. */
export type DayRange = { from: string | null; to: string | null };

export type SearchTerm =
  | { key: "action"; negated: boolean; values: ActionPattern[] }
  | { key: "actor" | "entity" | "entity_id"; negated: boolean; values: string[] }
  | { key: "category"; negated: boolean; values: AuditCategory[] }
  | { key: "type"; negated: boolean; values: AuditEventType[] }
  | { key: "status"; negated: boolean; values: AuditOutcome[] }
  | { key: "risk"; negated: boolean; risk: RiskMatch }
  /** IPv4/IPv6 addresses or CIDR blocks, lower-cased. */
  | { key: "ip"; negated: boolean; values: string[] }
  | { key: "created"; negated: boolean; range: DayRange }
  | { key: "hours"; negated: boolean; values: HoursValue[] }
  /** Free text: one word or quoted phrase, matched anywhere in descriptions and labels. */
  | { key: "text"; negated: boolean; value: string };

export type SearchQuery = { terms: SearchTerm[] };

export type SearchErrorCode =
  | "too_long"
  | "too_many_terms"
  | "unknown_key"
  | "empty_value"
  | "unterminated_quote"
  | "unexpected_character"
  | "bad_character"
  | "bad_wildcard"
  | "unknown_value"
  | "bad_operator"
  | "bad_date"
  | "bad_range"
  | "bad_ip";

/** Where the input is wrong: `position`/`length` (UTF-16 offsets) span the offending part of `term`, the whole raw term. */
export type SearchError = { code: SearchErrorCode; position: number; length: number; term: string; reason: string; suggestion?: string };

export type ParseResult = { ok: true; ast: SearchQuery } | { ok: false; error: SearchError };

// ── Tokenizer ──

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const KEY_RE = /^[A-Za-z_]+(?=:)/;

/** One value of a term as written: its text, span, and whether it was quoted or followed by `*`. */
type RawValue = { text: string; start: number; end: number; quoted: boolean; star: boolean };

class Fail {
  constructor(readonly error: SearchError) {}
}

class Scanner {
  pos = 0;
  termStart = 0;
  constructor(readonly input: string) {}

  fail(code: SearchErrorCode, start: number, end: number, reason: string, suggestion?: string): never {
    throw new Fail({ code, position: start, length: Math.max(end - start, 0), term: this.termText(), reason, ...(suggestion ? { suggestion } : {}) });
  }

  /** The raw term being read: from its start to the next whitespace outside quotes. */
  termText(): string {
    let i = this.termStart;
    let inQuote = false;
    while (i < this.input.length) {
      const c = this.input[i]!;
      if (inQuote) {
        if (c === "\\") i++;
        else if (c === '"') inQuote = false;
      } else if (c === '"') inQuote = true;
      else if (isSpace(c)) break;
      i++;
    }
    return this.input.slice(this.termStart, Math.min(i, this.input.length));
  }

  skipSpace() {
    while (isSpace(this.input[this.pos])) this.pos++;
  }

  atTermEnd() {
    return this.pos >= this.input.length || isSpace(this.input[this.pos]);
  }

  /** A quoted string at `pos` (which holds `"`); `\"` and `\\` escape. */
  quoted(): { text: string; start: number; end: number } {
    const start = this.pos;
    let text = "";
    let i = start + 1;
    while (i < this.input.length) {
      const c = this.input[i]!;
      if (c === "\\" && i + 1 < this.input.length) {
        text += this.input[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') {
        this.pos = i + 1;
        return { text, start, end: i + 1 };
      }
      text += c;
      i++;
    }
    this.fail("unterminated_quote", start, this.input.length, "This quote is never closed; add a closing \".");
  }

  /** One value, up to whitespace (or a comma, in a key's list). */
  value(inList: boolean): RawValue {
    const start = this.pos;
    if (this.input[this.pos] === '"') {
      const q = this.quoted();
      let star = false;
      if (this.input[this.pos] === "*") {
        star = true;
        this.pos++;
      }
      const next = this.input[this.pos];
      if (!(this.atTermEnd() || (inList && next === ","))) {
        this.fail("unexpected_character", this.pos, this.pos + 1, `Unexpected ${JSON.stringify(next)} after a closing quote; separate terms with a space.`);
      }
      return { text: q.text, start, end: this.pos, quoted: true, star };
    }
    while (!this.atTermEnd() && !(inList && this.input[this.pos] === ",")) this.pos++;
    const text = this.input.slice(start, this.pos);
    return { text, start, end: this.pos, quoted: false, star: false };
  }
}

// ── Values ──

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest allowed word, when it is close enough to be a likely typo. */
export function didYouMean(word: string, allowed: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of allowed) {
    const score = candidate.startsWith(w) && w.length >= 3 ? 0.5 : levenshtein(w, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore <= Math.max(1, Math.min(3, Math.floor(w.length / 3))) ? best : undefined;
}

function enumValue<T extends string>(s: Scanner, key: string, v: RawValue, allowed: readonly T[]): T {
  const word = v.text.toLowerCase();
  if ((allowed as readonly string[]).includes(word)) return word as T;
  const guess = didYouMean(word, allowed);
  s.fail(
    "unknown_value",
    v.start,
    v.end,
    `${key}: ${JSON.stringify(v.text)} is not one of ${allowed.join(", ")}.${guess ? ` Did you mean ${guess}?` : ""}`,
    guess,
  );
}

const COMPARISON_RE = /^(>=|<=|>|<)/;

function splitComparison(v: RawValue): { op: Comparison | null; rest: string; restStart: number } {
  if (v.quoted) return { op: null, rest: v.text, restStart: v.start };
  const m = COMPARISON_RE.exec(v.text);
  if (!m) return { op: null, rest: v.text, restStart: v.start };
  return { op: m[1] as Comparison, rest: v.text.slice(m[1]!.length), restStart: v.start + m[1]!.length };
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as yyyy-MM-dd, or null. */
export function checkDay(text: string): string | null {
  const m = DAY_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? text : null;
}

/** The calendar day `n` days after `day` (yyyy-MM-dd). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + n));
  const pad = (x: number, w = 2) => String(x).padStart(w, "0");
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function day(s: Scanner, text: string, start: number): string {
  const d = checkDay(text);
  if (!d) s.fail("bad_date", start, start + text.length, `created: ${JSON.stringify(text)} is not a date; write yyyy-mm-dd, e.g. 2026-01-31.`);
  return d;
}

function createdRange(s: Scanner, v: RawValue): DayRange {
  const { op, rest, restStart } = splitComparison(v);
  if (op) {
    const d = day(s, rest, restStart);
    if (op === ">=") return { from: d, to: null };
    if (op === ">") return { from: addDays(d, 1), to: null };
    if (op === "<=") return { from: null, to: d };
    return { from: null, to: addDays(d, -1) };
  }
  const dots = rest.indexOf("..");
  if (dots === -1) {
    const d = day(s, rest, restStart);
    return { from: d, to: d };
  }
  const [a, b] = [rest.slice(0, dots), rest.slice(dots + 2)];
  const from = a === "*" ? null : day(s, a, restStart);
  const to = b === "*" ? null : day(s, b, restStart + dots + 2);
  if (from === null && to === null) s.fail("bad_range", v.start, v.end, "created: give at least one end of the range.");
  if (from !== null && to !== null && from > to) s.fail("bad_range", v.start, v.end, `created: the range starts (${from}) after it ends (${to}).`);
  return { from, to };
}

function riskMatch(s: Scanner, values: RawValue[]): RiskMatch {
  const first = values[0]!;
  const { op, rest, restStart } = splitComparison(first);
  if (!op) return { op: "in", levels: dedupe(values.map((v) => enumValue(s, "risk", v, RISK_ORDER))) };
  if (values.length > 1) s.fail("bad_operator", first.start, values.at(-1)!.end, `risk: a comparison takes one level (risk:${op}high), not a list.`);
  const level = enumValue(s, "risk", { ...first, text: rest, start: restStart }, RISK_ORDER);
  const i = RISK_ORDER.indexOf(level);
  if ((op === ">" && i === RISK_ORDER.length - 1) || (op === "<" && i === 0)) {
    s.fail("bad_range", first.start, first.end, `risk: nothing is ${op === ">" ? "above critical" : "below low"}.`);
  }
  return { op, level };
}

/** The risk levels a match admits, lowest first. */
export function riskLevels(match: RiskMatch): RiskLevel[] {
  if (match.op === "in") return RISK_ORDER.filter((l) => match.levels.includes(l));
  const i = RISK_ORDER.indexOf(match.level);
  return RISK_ORDER.filter((_, j) => (match.op === ">=" ? j >= i : match.op === ">" ? j > i : match.op === "<=" ? j <= i : j < i));
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(text: string): boolean {
  const m = IPV4_RE.exec(text);
  return !!m && m.slice(1).every((p) => Number(p) <= 255 && (p.length === 1 || p[0] !== "0"));
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text)) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const parts = [...groups(halves[0]!), ...(halves.length === 2 ? groups(halves[1]!) : [])];
  let width = 0;
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes(".")) {
      if (!isIpv4(p)) return false;
      width += 2;
    } else if (/^[0-9a-f]{1,4}$/i.test(p)) width += 1;
    else return false;
  }
  return halves.length === 2 ? width < 8 : width === 8;
}

/** An IPv4/IPv6 address or CIDR block, as PostgreSQL's inet accepts it. */
export function checkIp(text: string): boolean {
  const slash = text.indexOf("/");
  const addr = slash === -1 ? text : text.slice(0, slash);
  const v4 = isIpv4(addr);
  if (!v4 && !isIpv6(addr)) return false;
  if (slash === -1) return true;
  const bits = text.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128);
}

function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}

// ── Terms ──

function readTerm(s: Scanner): SearchTerm {
  const input = s.input;
  s.termStart = s.pos;
  let negated = false;
  if (input[s.pos] === "-") {
    negated = true;
    s.pos++;
    if (s.atTermEnd()) s.fail("empty_value", s.termStart, s.pos, "A `-` must be followed by the term it excludes, e.g. -action:login.");
  }
  const key = input[s.pos] === '"' ? null : KEY_RE.exec(input.slice(s.pos))?.[0];
  if (!key) {
    const v = s.value(false);
    if (v.star) s.fail("unexpected_character", v.end - 1, v.end, "A `*` after a quoted phrase only works in action:.");
    if (v.text === "") s.fail("empty_value", v.start, v.end, "An empty phrase matches nothing; remove it.");
    return { key: "text", negated, value: v.text };
  }
  const keyStart = s.pos;
  const name = key.toLowerCase();
  if (!(SEARCH_KEYS as readonly string[]).includes(name)) {
    const guess = didYouMean(name, SEARCH_KEYS);
    s.fail("unknown_key", keyStart, keyStart + key.length, `Unknown key ${JSON.stringify(key)}. Keys: ${SEARCH_KEYS.join(", ")}.${guess ? ` Did you mean ${guess}?` : ""} Quote text that contains a colon.`, guess);
  }
  s.pos += key.length + 1;
  const k = name as SearchKey;
  const inList = k !== "created";
  const values: RawValue[] = [];
  for (;;) {
    const v = s.value(inList);
    if (v.text === "" && !v.quoted) {
      // Nothing written: point at the key (or the dangling comma) so the mark is visible.
      const at = values.length ? v.start - 1 : keyStart;
      s.fail("empty_value", at, v.end, `${k}: needs a value${values.length ? " after the comma" : ""}.`);
    }
    if (v.text === "") s.fail("empty_value", v.start, v.end, `${k}: an empty value matches nothing.`);
    if (v.star && k !== "action") s.fail("unexpected_character", v.end - 1, v.end, "A `*` after a quoted value only works in action:.");
    values.push(v);
    if (input[s.pos] === ",") {
      s.pos++;
      continue;
    }
    break;
  }
  return buildTerm(s, k, negated, values);
}

function buildTerm(s: Scanner, key: SearchKey, negated: boolean, values: RawValue[]): SearchTerm {
  switch (key) {
    case "action":
      return {
        key,
        negated,
        values: dedupeBy(
          values.map((v) => {
            if (v.quoted) return { value: v.text, prefix: v.star };
            const star = v.text.indexOf("*");
            if (star !== -1 && star !== v.text.length - 1) s.fail("bad_wildcard", v.start + star, v.start + star + 1, "action: a `*` may only end the value (action:user.*); quote a literal *.");
            if (star === 0) s.fail("bad_wildcard", v.start, v.end, "action: write the start of the action before `*` (action:user.*).");
            return star === -1 ? { value: v.text, prefix: false } : { value: v.text.slice(0, -1), prefix: true };
          }),
          (a) => `${a.prefix ? "p" : "e"}${a.value}`,
        ),
      };
    case "actor":
    case "entity":
    case "entity_id":
      return { key, negated, values: dedupe(values.map((v) => v.text)) };
    case "category":
      return { key, negated, values: dedupe(values.map((v) => enumValue(s, key, v, CATEGORIES))) };
    case "type":
      return { key, negated, values: dedupe(values.map((v) => enumValue(s, key, v, EVENT_TYPES))) };
    case "status":
      return { key, negated, values: dedupe(values.map((v) => enumValue(s, key, v, OUTCOMES))) };
    case "risk":
      return { key, negated, risk: riskMatch(s, values) };
    case "ip":
      return {
        key,
        negated,
        values: dedupe(
          values.map((v) => {
            if (!checkIp(v.text)) s.fail("bad_ip", v.start, v.end, `ip: ${JSON.stringify(v.text)} is not an IP address or CIDR block (10.0.0.0/8, 203.0.113.7, 2001:db8::/32).`);
            return v.text.toLowerCase();
          }),
        ),
      };
    case "created":
      return { key, negated, range: createdRange(s, values[0]!) };
    case "hours":
      return { key, negated, values: dedupe(values.map((v) => enumValue(s, key, v, HOURS_VALUES))) };
  }
}

function dedupeBy<T>(values: T[], id: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(id(v)) ? false : (seen.add(id(v)), true)));
}

/** Parses a search; never throws. An empty input is a query with no terms (everything in scope). */
export function parseQuery(input: string): ParseResult {
  const s = new Scanner(input);
  try {
    // Checked before reading terms, so these name the whitespace-separated word they are in.
    const wordStart = (i: number) => {
      while (i > 0 && !isSpace(input[i - 1])) i--;
      return i;
    };
    if (input.length > MAX_QUERY_LENGTH) {
      s.termStart = wordStart(MAX_QUERY_LENGTH);
      s.fail("too_long", MAX_QUERY_LENGTH, input.length, `A search may be at most ${MAX_QUERY_LENGTH} characters long.`);
    }
    const nul = input.indexOf("\u0000");
    if (nul !== -1) {
      s.termStart = wordStart(nul);
      s.fail("bad_character", nul, nul + 1, "A search cannot contain a NUL character.");
    }
    const terms: SearchTerm[] = [];
    s.skipSpace();
    while (s.pos < input.length) {
      if (terms.length === MAX_TERMS) {
        s.termStart = s.pos;
        s.fail("too_many_terms", s.pos, input.length, `A search may have at most ${MAX_TERMS} terms.`);
      }
      terms.push(readTerm(s));
      s.skipSpace();
    }
    return { ok: true, ast: { terms } };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

// ── Printing ──

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A value bare when it reads back unchanged, quoted otherwise. */
function printValue(text: string, opts: { list: boolean; literalStar?: boolean; leading?: boolean }): string {
  const bare =
    text !== "" &&
    !/[\s"]/.test(text) &&
    !(opts.list && text.includes(",")) &&
    !(opts.literalStar && text.includes("*")) &&
    !COMPARISON_RE.test(text);
  return bare ? text : quote(text);
}

function printTerm(t: SearchTerm): string {
  const neg = t.negated ? "-" : "";
  switch (t.key) {
    case "text": {
      // Bare text must not read as a negation, a key or a quoted phrase.
      const bare = !/[\s":]/.test(t.value) && !t.value.startsWith("-") && t.value !== "";
      return neg + (bare ? t.value : quote(t.value));
    }
    case "action":
      return `${neg}action:${t.values.map((a) => (a.prefix ? `${printValue(a.value, { list: true, literalStar: true })}*` : printValue(a.value, { list: true, literalStar: true }))).join(",")}`;
    case "risk":
      return `${neg}risk:${t.risk.op === "in" ? t.risk.levels.join(",") : `${t.risk.op}${t.risk.level}`}`;
    case "created": {
      const { from, to } = t.range;
      const v = from !== null && to !== null ? (from === to ? from : `${from}..${to}`) : from !== null ? `>=${from}` : `<=${to}`;
      return `${neg}created:${v}`;
    }
    default:
      return `${neg}${t.key}:${(t.values as string[]).map((v) => printValue(v, { list: true })).join(",")}`;
  }
}

/** The canonical search string for a query (for URLs): parseQuery(formatQuery(q)) gives q back. */
export function formatQuery(ast: SearchQuery): string {
  return ast.terms.map(printTerm).join(" ");
}
