import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuditCategory, AuditEventType, AuditOutcome } from "@/lib/generated/prisma/enums";
import { addDays, formatQuery, HOURS_VALUES, MAX_QUERY_LENGTH, MAX_TERMS, parseQuery, RISK_ORDER, riskLevels, type SearchError, type SearchQuery, type SearchTerm } from "./parse";

function ok(input: string): SearchTerm[] {
  const r = parseQuery(input);
  if (!r.ok) throw new Error(`${input}: ${JSON.stringify(r.error)}`);
  return r.ast.terms;
}

function err(input: string): SearchError {
  const r = parseQuery(input);
  if (r.ok) throw new Error(`${input} parsed: ${JSON.stringify(r.ast)}`);
  return r.error;
}

/** The term `key:value,value…`: `key` matches any of `values`. */
const anyOf = (key: string, ...values: string[]) => ({ key, negated: false, values });

/** The error's span as the text it marks. */
const marked = (input: string, e: SearchError) => input.slice(e.position, e.position + e.length);

describe("parseQuery terms", () => {
  it("reads an empty or blank search as no terms", () => {
    expect(ok("")).toEqual([]);
    expect(ok("   \t\n ")).toEqual([]);
  });

  it("reads actions: exact, prefix, OR list, negated, quoted literal star", () => {
    expect(ok("action:leave_request.approved")).toEqual([{ key: "action", negated: false, values: [{ value: "leave_request.approved", prefix: false }] }]);
    expect(ok("action:user.*")).toEqual([{ key: "action", negated: false, values: [{ value: "user.", prefix: true }] }]);
    expect(ok("-action:login,user.*")).toEqual([{ key: "action", negated: true, values: [{ value: "login", prefix: false }, { value: "user.", prefix: true }] }]);
    expect(ok('action:"a*b"')).toEqual([{ key: "action", negated: false, values: [{ value: "a*b", prefix: false }] }]);
    expect(ok('action:"a b"*')).toEqual([{ key: "action", negated: false, values: [{ value: "a b", prefix: true }] }]);
    expect(ok("ACTION:x.y,x.y")).toEqual([{ key: "action", negated: false, values: [{ value: "x.y", prefix: false }] }]);
  });

  it("reads actors by quoted name or email, entities and entity ids", () => {
    expect(ok('actor:"Ayesha Khan"')).toEqual([anyOf("actor", "Ayesha Khan")]);
    expect(ok('actor:ayesha@acme.test,"Bo \\"B\\" Li"')).toEqual([anyOf("actor", "ayesha@acme.test", 'Bo "B" Li')]);
    expect(ok("entity:leave_request entity_id:0190-abc")).toEqual([anyOf("entity", "leave_request"), anyOf("entity_id", "0190-abc")]);
  });

  it("reads enum keys case-insensitively into their canonical values", () => {
    expect(ok("category:Security,data type:EXPORT status:failure")).toEqual([anyOf("category", "security", "data"), anyOf("type", "export"), anyOf("status", "failure")]);
  });

  it("reads risk lists and comparisons, ordered low < medium < high < critical", () => {
    expect(ok("risk:high,critical")).toEqual([{ key: "risk", negated: false, risk: { op: "in", levels: ["high", "critical"] } }]);
    expect(ok("risk:>=high")).toEqual([{ key: "risk", negated: false, risk: { op: ">=", level: "high" } }]);
    expect(riskLevels({ op: ">=", level: "high" })).toEqual(["high", "critical"]);
    expect(riskLevels({ op: ">", level: "low" })).toEqual(["medium", "high", "critical"]);
    expect(riskLevels({ op: "<=", level: "medium" })).toEqual(["low", "medium"]);
    expect(riskLevels({ op: "<", level: "critical" })).toEqual(["low", "medium", "high"]);
    expect(riskLevels({ op: "in", levels: ["critical", "low"] })).toEqual(["low", "critical"]);
  });

  it("reads IPs and CIDR blocks, v4 and v6", () => {
    expect(ok("ip:10.0.0.0/8,203.0.113.7 ip:2001:DB8::/32 ip:::ffff:10.0.0.1")).toEqual([anyOf("ip", "10.0.0.0/8", "203.0.113.7"), anyOf("ip", "2001:db8::/32"), anyOf("ip", "::ffff:10.0.0.1")]);
  });

  it("reads created as inclusive PKT day ranges", () => {
    const range = (q: string) => (ok(q)[0] as Extract<SearchTerm, { key: "created" }>).range;
    expect(range("created:2026-01-31")).toEqual({ from: "2026-01-31", to: "2026-01-31" });
    expect(range("created:>=2026-01-01")).toEqual({ from: "2026-01-01", to: null });
    expect(range("created:>2026-12-31")).toEqual({ from: "2027-01-01", to: null });
    expect(range("created:<2026-03-01")).toEqual({ from: null, to: "2026-02-28" });
    expect(range("created:<=2026-02-01")).toEqual({ from: null, to: "2026-02-01" });
    expect(range("created:2026-01-01..2026-01-31")).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(range("created:2026-01-01..*")).toEqual({ from: "2026-01-01", to: null });
    expect(range("created:*..2024-02-29")).toEqual({ from: null, to: "2024-02-29" });
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("reads hours as working or off (PKT working hours), case-insensitively", () => {
    expect(ok("hours:off")).toEqual([anyOf("hours", "off")]);
    expect(ok("-Hours:WORKING,off,working")).toEqual([{ key: "hours", negated: true, values: ["working", "off"] }]);
    expect(err("hours:of")).toMatchObject({ code: "unknown_value", suggestion: "off" });
  });

  it("reads free text words, quoted phrases, negated text, and colons that are no key", () => {
    expect(ok('leave -"big export" 10:30 a"b')).toEqual([
      { key: "text", negated: false, value: "leave" },
      { key: "text", negated: true, value: "big export" },
      { key: "text", negated: false, value: "10:30" },
      { key: "text", negated: false, value: 'a"b' },
    ]);
    expect(ok('"action:x"')).toEqual([{ key: "text", negated: false, value: "action:x" }]);
  });

  it("combines terms", () => {
    expect(ok("action:leave_request.* risk:>=medium created:>=2026-01-01 -status:success annual")).toHaveLength(5);
  });
});

describe("parseQuery errors", () => {
  const cases: Array<[string, SearchError["code"], number, number, string]> = [
    // input, code, position, length, term
    ["risk:high acton:x", "unknown_key", 10, 5, "acton:x"],
    ["action:", "empty_value", 0, 7, "action:"],
    ["a risk:high,", "empty_value", 11, 1, "risk:high,"],
    ["risk:high,,low", "empty_value", 9, 1, "risk:high,,low"],
    ['actor:""', "empty_value", 6, 2, 'actor:""'],
    ["x - y", "empty_value", 2, 1, "-"],
    ['""', "empty_value", 0, 2, '""'],
    ['actor:"Ayesha Khan', "unterminated_quote", 6, 12, 'actor:"Ayesha Khan'],
    ['"big', "unterminated_quote", 0, 4, '"big'],
    ['actor:"a"b', "unexpected_character", 9, 1, 'actor:"a"b'],
    ['entity:"a"*', "unexpected_character", 10, 1, 'entity:"a"*'],
    ["ok a\u0000b", "bad_character", 4, 1, "a\u0000b"],
    ["action:us*er", "bad_wildcard", 9, 1, "action:us*er"],
    ["action:*", "bad_wildcard", 7, 1, "action:*"],
    ["category:securty", "unknown_value", 9, 7, "category:securty"],
    ["type:exprt", "unknown_value", 5, 5, "type:exprt"],
    ["status:nope", "unknown_value", 7, 4, "status:nope"],
    ["risk:>=hgh", "unknown_value", 7, 3, "risk:>=hgh"],
    ["risk:>=high,critical", "bad_operator", 5, 15, "risk:>=high,critical"],
    ["risk:>critical", "bad_range", 5, 9, "risk:>critical"],
    ["risk:<low", "bad_range", 5, 4, "risk:<low"],
    ["created:2026-02-30", "bad_date", 8, 10, "created:2026-02-30"],
    ["created:>=yesterday", "bad_date", 10, 9, "created:>=yesterday"],
    ["created:2026-01-01..2026-13-01", "bad_date", 20, 10, "created:2026-01-01..2026-13-01"],
    ["created:2026-01-01,2026-01-02", "bad_date", 8, 21, "created:2026-01-01,2026-01-02"],
    ["created:2026-02-01..2026-01-01", "bad_range", 8, 22, "created:2026-02-01..2026-01-01"],
    ["created:*..*", "bad_range", 8, 4, "created:*..*"],
    ["ip:10.0.0.0/33", "bad_ip", 3, 11, "ip:10.0.0.0/33"],
    ["ip:10.0.0.1,256.1.1.1", "bad_ip", 12, 9, "ip:10.0.0.1,256.1.1.1"],
    ["ip:1::2::3", "bad_ip", 3, 7, "ip:1::2::3"],
    ["ip:localhost", "bad_ip", 3, 9, "ip:localhost"],
  ];
  it.each(cases)("%j is %s at %i+%i", (input, code, position, length, term) => {
    const e = err(input);
    expect(e).toMatchObject({ code, position, length, term });
    expect(e.reason.length).toBeGreaterThan(10);
  });

  it("suggests the close key or value", () => {
    expect(err("acton:x")).toMatchObject({ suggestion: "action" });
    expect(err("category:securty")).toMatchObject({ suggestion: "security", reason: expect.stringContaining("Did you mean security?") });
    expect(err("risk:crit")).toMatchObject({ suggestion: "critical" });
    expect(err("status:nope").suggestion).toBeUndefined();
  });

  it("bounds the length and the number of terms", () => {
    const long = "a".repeat(MAX_QUERY_LENGTH + 5);
    expect(err(long)).toMatchObject({ code: "too_long", position: MAX_QUERY_LENGTH, length: 5 });
    const many = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(" ");
    const e = err(many);
    expect(e).toMatchObject({ code: "too_many_terms", term: `w${MAX_TERMS}` });
    expect(marked(many, e)).toBe(`w${MAX_TERMS}`);
  });
});

describe("formatQuery", () => {
  it("prints the canonical form", () => {
    const canonical = (q: string) => formatQuery({ terms: ok(q) });
    expect(canonical("  ACTION:user.*   created:<2026-02-01 Risk:>=high category:Security")).toBe("action:user.* created:<=2026-01-31 risk:>=high category:security");
    expect(canonical('actor:"Ayesha Khan",a@b.test -"big export" "a:b" "-x"')).toBe('actor:"Ayesha Khan",a@b.test -"big export" "a:b" "-x"');
    expect(canonical('action:"a*b","a,b"* created:2026-01-01..2026-01-01')).toBe('action:"a*b","a,b"* created:2026-01-01');
  });
});

// ── Properties ──

const ERROR_CODES = new Set(["too_long", "too_many_terms", "unknown_key", "empty_value", "unterminated_quote", "unexpected_character", "bad_character", "bad_wildcard", "unknown_value", "bad_operator", "bad_date", "bad_range", "bad_ip"]);

/** Either a query or a well-formed error that points inside the input; never a throw. */
function checkOutcome(input: string) {
  const r = parseQuery(input);
  if (r.ok) {
    expect(Array.isArray(r.ast.terms)).toBe(true);
    // Whatever parses prints to a string that parses back to the same query.
    expect(parseQuery(formatQuery(r.ast))).toEqual(r);
    return;
  }
  const e = r.error;
  expect(ERROR_CODES.has(e.code)).toBe(true);
  expect(Number.isInteger(e.position) && Number.isInteger(e.length)).toBe(true);
  expect(e.position).toBeGreaterThanOrEqual(0);
  expect(e.length).toBeGreaterThanOrEqual(0);
  expect(e.position + e.length).toBeLessThanOrEqual(input.length);
  expect(input.includes(e.term)).toBe(true);
  expect(typeof e.reason).toBe("string");
}

const FRAGMENTS = [
  "action:", "actor:", "entity:", "entity_id:", "category:", "type:", "risk:", "status:", "ip:", "created:", "hours:", "acton:", "Risk:", "off", "working",
  "-", '"', "\\", ",", ":", "*", "..", ">=", ">", "<=", "<", " ", "  ", "\t",
  "user.", "leave_request.approved", "login", "Ayesha Khan", "a@b.test", "security", "securty", "export", "high", "critical", "low", "failure",
  "10.0.0.0/8", "2001:db8::/32", "300.1.1.1", "2026-01-31", "2026-02-30", "*..", "x", "%", "_", "é", "\u0000",
];
const grammarish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((parts) => parts.join(""));

const noNul = (s: string) => !s.includes("\u0000");
const text = fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-composite" }).filter(noNul);
const rawText = fc.string({ minLength: 1, maxLength: 12 }).filter(noNul);
const anyText = fc.oneof(text, rawText, fc.constantFrom("a,b", "-x", "x:y", '"q"', "a\\b", "a*", ">=x", " ", "*"));
const day = fc.date({ min: new Date("1900-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const uniq = <T>(arb: fc.Arbitrary<T>, selector?: (v: T) => string) => fc.uniqueArray(arb, { minLength: 1, maxLength: 4, ...(selector ? { selector } : {}) });
const ip = fc.oneof(
  fc.ipV4(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, n]) => `${a}/${n}`),
  fc.ipV6().map((a) => a.toLowerCase()),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, n]) => `${a.toLowerCase()}/${n}`),
);

const term: fc.Arbitrary<SearchTerm> = fc.boolean().chain((negated): fc.Arbitrary<SearchTerm> =>
  fc.oneof(
    anyText.map((value) => ({ key: "text" as const, negated, value })),
    uniq(fc.record({ value: anyText, prefix: fc.boolean() }), (a) => `${a.prefix}${a.value}`).map((values) => ({ key: "action" as const, negated, values })),
    fc.tuple(fc.constantFrom("actor" as const, "entity" as const, "entity_id" as const), uniq(anyText)).map(([key, values]) => ({ key, negated, values })),
    uniq(fc.constantFrom(...Object.values(AuditCategory))).map((values) => ({ key: "category" as const, negated, values })),
    uniq(fc.constantFrom(...Object.values(AuditEventType))).map((values) => ({ key: "type" as const, negated, values })),
    uniq(fc.constantFrom(...Object.values(AuditOutcome))).map((values) => ({ key: "status" as const, negated, values })),
    uniq(fc.constantFrom(...RISK_ORDER)).map((levels) => ({ key: "risk" as const, negated, risk: { op: "in" as const, levels } })),
    fc
      .tuple(fc.constantFrom(">=" as const, ">" as const, "<=" as const, "<" as const), fc.constantFrom(...RISK_ORDER))
      .filter(([op, level]) => !(op === ">" && level === "critical") && !(op === "<" && level === "low"))
      .map(([op, level]) => ({ key: "risk" as const, negated, risk: { op, level } })),
    uniq(ip).map((values) => ({ key: "ip" as const, negated, values })),
    uniq(fc.constantFrom(...HOURS_VALUES)).map((values) => ({ key: "hours" as const, negated, values })),
    fc
      .tuple(fc.option(day), fc.option(day))
      .filter(([a, b]) => a !== null || b !== null)
      .map(([a, b]) => (a !== null && b !== null && a > b ? [b, a] : [a, b]))
      .map(([from, to]) => ({ key: "created" as const, negated, range: { from: from ?? null, to: to ?? null } })),
  ),
);
const query: fc.Arbitrary<SearchQuery> = fc.array(term, { maxLength: 8 }).map((terms) => ({ terms }));

describe("parseQuery properties", () => {
  it("gives a query or a typed error for any string, never a throw", () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), checkOutcome), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 40, unit: "binary" }), checkOutcome), { numRuns: 1000 });
  });

  it("gives a query or a typed error for grammar-shaped input, never a throw", () => {
    fc.assert(fc.property(grammarish, checkOutcome), { numRuns: 3000 });
  });

  it("round-trips every query through formatQuery", () => {
    fc.assert(
      fc.property(query, (ast) => {
        expect(parseQuery(formatQuery(ast))).toEqual({ ok: true, ast });
      }),
      { numRuns: 2000 },
    );
  });
});
