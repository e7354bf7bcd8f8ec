// JSON Schema → fast-check arbitrary, for the property-based run over the API
// (lib/contract/fuzz.integration.test.ts). The inputs are generated from the OpenAPI
// document's schemas (zod 4's own JSON Schema rendering of the schemas the wrapper
// validates with), as schemathesis does, and only for the keywords the document uses.
// Two modes: "valid" gives values the schema accepts; "hostile" also gives, at any node,
// values it refuses or that probe the parser behind it (wrong types, empty and huge
// strings, control and astral characters, SQL- and HTML-ish text, garbled ids and
// cursors, missing required fields, unknown extra fields). Test support, not app code.
import fc from "fast-check";

/** The JSON Schema keywords this mapper reads (2020-12, as OpenAPI 3.1 uses). */
export type JsonSchema = {
  $ref?: string;
  type?: JsonType | JsonType[];
  enum?: readonly unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  items?: JsonSchema | boolean;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema | boolean>;
  required?: readonly string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: readonly (JsonSchema | boolean)[];
  oneOf?: readonly (JsonSchema | boolean)[];
  allOf?: readonly (JsonSchema | boolean)[];
  [keyword: string]: unknown;
};
export type JsonType = "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";

export type SchemaArbitraryOptions = {
  /** The document a `$ref` points into (`#/components/schemas/Alert`). */
  root?: unknown;
  /** "valid" (the default): values the schema accepts. "hostile": out-of-schema values mixed in at every node. */
  mode?: "valid" | "hostile";
  /** In hostile mode, one node in this many is replaced by a hostile value (default 3). */
  hostileOneIn?: number;
  /** Longest string generated where the schema sets no maxLength (default 40). */
  maxStringLength?: number;
  /** Longest of the "huge" hostile strings (default 10 000 characters). */
  hugeStringLength?: number;
  /** Extra strings the hostile mode mixes in and joins into phrases (a search language's terms, say). */
  dictionary?: readonly string[];
  /** How many `$ref`s deep generation follows before it gives the smallest value (recursive schemas; default 4). */
  maxRefDepth?: number;
};

type Context = Required<Omit<SchemaArbitraryOptions, "root">> & { root: unknown; refDepth: number };

/** An arbitrary of the values `schema` describes (or, in hostile mode, of values around them). */
export function schemaArbitrary(schema: JsonSchema | boolean, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const ctx: Context = {
    root: options.root,
    mode: options.mode ?? "valid",
    hostileOneIn: options.hostileOneIn ?? 3,
    maxStringLength: options.maxStringLength ?? 40,
    hugeStringLength: options.hugeStringLength ?? 10_000,
    dictionary: options.dictionary ?? [],
    maxRefDepth: options.maxRefDepth ?? 4,
    refDepth: 0,
  };
  return build(schema, ctx);
}

/** Follows a local `$ref` ("#/components/schemas/Alert") into `root`. */
export function resolveRef(root: unknown, ref: string): JsonSchema | boolean {
  if (!ref.startsWith("#")) throw new Error(`Only local $refs are supported: ${ref}`);
  const target = ref
    .slice(1)
    .split("/")
    .filter((part) => part !== "")
    .map((part) => decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);
  if (target === undefined || (typeof target !== "object" && typeof target !== "boolean")) throw new Error(`$ref ${ref} does not resolve`);
  return target as JsonSchema | boolean;
}

function build(schema: JsonSchema | boolean, ctx: Context): fc.Arbitrary<unknown> {
  const valid = buildValid(schema, ctx);
  if (ctx.mode === "valid") return valid;
  return fc.oneof({ arbitrary: valid, weight: ctx.hostileOneIn - 1 }, { arbitrary: hostileFor(schema, ctx), weight: 1 });
}

function buildValid(schema: JsonSchema | boolean, ctx: Context): fc.Arbitrary<unknown> {
  if (schema === true) return anyJson(ctx);
  if (schema === false) throw new Error("The schema `false` accepts nothing");
  if (schema.$ref !== undefined) {
    if (ctx.root === undefined) throw new Error(`No root to resolve ${schema.$ref} in`);
    if (ctx.refDepth >= ctx.maxRefDepth) return smallest(resolveRef(ctx.root, schema.$ref), ctx);
    const { $ref, ...siblings } = schema;
    const target = resolveRef(ctx.root, $ref);
    const merged = typeof target === "boolean" || Object.keys(siblings).length === 0 ? target : { ...target, ...siblings };
    return build(merged, { ...ctx, refDepth: ctx.refDepth + 1 });
  }
  const withDefault = (arb: fc.Arbitrary<unknown>) =>
    schema.default === undefined ? arb : fc.oneof({ arbitrary: arb, weight: 3 }, { arbitrary: fc.constant(structuredClone(schema.default)), weight: 1 });

  if (schema.const !== undefined) return fc.constant(structuredClone(schema.const));
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum.map((v) => structuredClone(v)));

  const { anyOf, oneOf, allOf, ...rest } = schema;
  const branches = anyOf ?? oneOf;
  if (branches) {
    const keep = withoutAnnotations(rest);
    // The parent's own keywords (a default, a description) apply to every branch.
    return withDefault(fc.oneof(...branches.map((b) => build(typeof b === "boolean" || Object.keys(keep).length === 0 ? b : { ...keep, ...b }, ctx))));
  }
  if (allOf) return build(allOf.reduce<JsonSchema>((acc, part) => mergeSchemas(acc, part, ctx), { ...rest }), ctx);

  const types = typesOf(schema);
  if (types.length === 0) return withDefault(anyJson(ctx));
  if (types.length > 1) return withDefault(fc.oneof(...types.map((type) => buildValid({ ...schema, type }, ctx))));
  return withDefault(ofType(types[0]!, schema, ctx));
}

function typesOf(schema: JsonSchema): JsonType[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return ["object"];
  if (schema.items !== undefined) return ["array"];
  if (schema.pattern !== undefined || schema.format !== undefined || schema.minLength !== undefined || schema.maxLength !== undefined) return ["string"];
  if (schema.minimum !== undefined || schema.maximum !== undefined) return ["number"];
  return [];
}

const ANNOTATIONS = new Set(["description", "title", "examples", "deprecated", "readOnly", "writeOnly", "id", "$schema", "$comment"]);
function withoutAnnotations(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !ANNOTATIONS.has(k))) as JsonSchema;
}

/** allOf, for the shapes zod renders (objects and plain constraints): properties and required lists combine. */
function mergeSchemas(a: JsonSchema, part: JsonSchema | boolean, ctx: Context): JsonSchema {
  if (part === true) return a;
  if (part === false) throw new Error("allOf with `false` accepts nothing");
  const b = part.$ref !== undefined ? resolveRef(ctx.root, part.$ref) : part;
  if (typeof b === "boolean") return mergeSchemas(a, b, ctx);
  return {
    ...a,
    ...b,
    ...(a.properties || b.properties ? { properties: { ...a.properties, ...b.properties } } : {}),
    ...(a.required || b.required ? { required: [...new Set([...(a.required ?? []), ...(b.required ?? [])])] } : {}),
  };
}

function ofType(type: JsonType, schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return validString(schema, ctx);
    case "integer":
      return validInteger(schema);
    case "number":
      return validNumber(schema);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return validArray(schema, ctx);
    case "object":
      return validObject(schema, ctx);
  }
}

/** Length in code points, as JSON Schema counts it. */
const codePoints = (s: string) => [...s].length;

const DAY_MIN = Date.UTC(1970, 0, 1);
const DAY_MAX = Date.UTC(2199, 11, 31);
const someDate = fc.integer({ min: DAY_MIN, max: DAY_MAX }).map((ms) => new Date(ms));

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  date: someDate.map((d) => d.toISOString().slice(0, 10)),
  "date-time": someDate.map((d) => d.toISOString()),
  email: fc.emailAddress(),
};

function validString(schema: JsonSchema, ctx: Context): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, ctx.maxStringLength);
  const fits = (s: string) => codePoints(s) >= min && codePoints(s) <= max;
  const pattern = schema.pattern !== undefined ? new RegExp(schema.pattern, "u") : undefined;
  const matches = (s: string) => !pattern || pattern.test(s);
  const format = schema.format !== undefined ? FORMATS[schema.format] : undefined;
  // A format (uuid, date) is the stronger shape; its pattern, when rendered too, is checked.
  if (format) return format.filter((s) => fits(s) && matches(s));
  if (pattern) return fc.stringMatching(pattern).filter(fits);
  const lengths = { minLength: min, maxLength: Math.min(max, Math.max(min, ctx.maxStringLength)) };
  return fc
    .oneof(
      { arbitrary: fc.string(lengths), weight: 3 },
      { arbitrary: fc.string({ ...lengths, unit: "grapheme-composite" }), weight: 1 },
      { arbitrary: fc.string({ ...lengths, unit: "grapheme" }), weight: 1 },
    )
    .filter(fits);
}

function bounds(schema: JsonSchema): { min?: number; max?: number; minExcluded: boolean; maxExcluded: boolean } {
  // 2020-12 gives exclusive bounds as numbers; draft 4 as booleans beside minimum/maximum.
  const exMin = schema.exclusiveMinimum;
  const exMax = schema.exclusiveMaximum;
  const min = typeof exMin === "number" ? (schema.minimum === undefined ? exMin : Math.max(exMin, schema.minimum)) : schema.minimum;
  const max = typeof exMax === "number" ? (schema.maximum === undefined ? exMax : Math.min(exMax, schema.maximum)) : schema.maximum;
  return {
    min,
    max,
    minExcluded: exMin === true || (typeof exMin === "number" && min === exMin),
    maxExcluded: exMax === true || (typeof exMax === "number" && max === exMax),
  };
}

const INT_LIMIT = 1_000_000_000;

function validInteger(schema: JsonSchema): fc.Arbitrary<number> {
  const b = bounds(schema);
  const min = b.min === undefined ? -INT_LIMIT : b.minExcluded ? Math.floor(b.min) + 1 : Math.ceil(b.min);
  const max = b.max === undefined ? INT_LIMIT : b.maxExcluded ? Math.ceil(b.max) - 1 : Math.floor(b.max);
  if (min > max) throw new Error(`No integer between ${String(b.min)} and ${String(b.max)}`);
  const step = schema.multipleOf;
  if (step && Number.isInteger(step)) {
    return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => n * step);
  }
  return fc.integer({ min, max });
}

function validNumber(schema: JsonSchema): fc.Arbitrary<number> {
  const b = bounds(schema);
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    min: b.min ?? -1e12,
    max: b.max ?? 1e12,
    minExcluded: b.minExcluded,
    maxExcluded: b.maxExcluded,
  }).map((n) => (Object.is(n, -0) ? 0 : n));
}

function validArray(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown[]> {
  const item = schema.items === undefined ? anyJson(ctx) : build(schema.items, ctx);
  const minLength = schema.minItems ?? 0;
  const maxLength = schema.maxItems ?? minLength + 5;
  if (schema.uniqueItems) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

function validObject(schema: JsonSchema, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = (schema.required ?? []).filter((k) => Object.hasOwn(properties, k));
  const shape = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, build(s, ctx)]));
  const known = fc.record(shape, { requiredKeys: required, noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
  // Required names the schema lists without describing them: any value.
  const unlisted = (schema.required ?? []).filter((k) => !Object.hasOwn(properties, k));
  const withUnlisted = unlisted.length === 0 ? known : fc.tuple(known, fc.tuple(...unlisted.map(() => anyJson(ctx)))).map(([o, values]) => ({ ...o, ...Object.fromEntries(unlisted.map((k, i) => [k, values[i]])) }));
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || extra === true) return withUnlisted;
  const keys = (schema.propertyNames ? build(schema.propertyNames, ctx) : fc.string({ minLength: 1, maxLength: 12 })).filter((k): k is string => typeof k === "string" && !Object.hasOwn(properties, k));
  return fc.tuple(withUnlisted, fc.dictionary(keys, build(extra, ctx), { maxKeys: 4, noNullPrototype: true })).map(([o, more]) => ({ ...more, ...o }));
}

/** The smallest value of a schema (no optional keys, fewest items): where recursion stops. */
function smallest(schema: JsonSchema | boolean, ctx: Context): fc.Arbitrary<unknown> {
  if (typeof schema === "boolean") return fc.constant(null);
  if (schema.$ref !== undefined) {
    if (ctx.refDepth >= ctx.maxRefDepth + 8) throw new Error(`${schema.$ref}: a required recursion never ends`);
    return smallest(resolveRef(ctx.root, schema.$ref), { ...ctx, refDepth: ctx.refDepth + 1 });
  }
  if (schema.const !== undefined || schema.enum !== undefined || schema.anyOf || schema.oneOf) return buildValid(schema, { ...ctx, mode: "valid" });
  const type = typesOf(schema)[0];
  if (type === "array") {
    const n = schema.minItems ?? 0;
    return n === 0 || schema.items === undefined ? fc.constant([]) : fc.array(smallest(schema.items, ctx), { minLength: n, maxLength: n });
  }
  if (type === "object") {
    const props = schema.properties ?? {};
    const required = (schema.required ?? []).filter((k) => Object.hasOwn(props, k));
    return fc.record(Object.fromEntries(required.map((k) => [k, smallest(props[k]!, ctx)])), { noNullPrototype: true });
  }
  return buildValid(schema, { ...ctx, mode: "valid", refDepth: ctx.refDepth });
}

/** Any small JSON value (for `{}` and unknown shapes). */
function anyJson(ctx: Context): fc.Arbitrary<unknown> {
  return ctx.mode === "hostile" ? fc.oneof(fc.jsonValue({ maxDepth: 2, depthSize: "small" }), hostileStrings(ctx)) : fc.jsonValue({ maxDepth: 2, depthSize: "small" });
}

// ─── Hostile values ────────────────────────────────────────────────────────

/** Texts that have broken parsers, queries and pages elsewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  "", " ", "  \t ", "\n", "\r\n", "\u0000", "\u0000abc", "abc\u0000", "\u001b[31m", "\u0007", "\u007f",
  "null", "undefined", "NaN", "Infinity", "-Infinity", "true", "false", "[]", "{}", "[object Object]",
  "0", "-0", "-1", "1.5", "1e309", "-1e309", "0x1f", "1_000", "٣", "１２", "9007199254740993", "99999999999999999999999999",
  "' OR '1'='1", "'; DROP TABLE users; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(1)", "%", "_", "%%", "\\", "\\\\", "\\x00", "$1", "E'\\x41'",
  "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "&lt;b&gt;", "]]>", "<!--",
  "=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3",
  "../../../etc/passwd", "..%2f..%2f", "%00", "%ZZ", "%E0%A4%A", "?a=1&b=2", "#x", "/", "//", ";",
  "${jndi:ldap://x/a}", "{{7*7}}", "#{7*7}", "%s%s%s%n",
  "\u202e\u0644\u0627", "\u200b", "\ufeff", "\ufffd", "\ud83d\ude00", "👩‍👩‍👧‍👦", "𝕳𝖊𝖑𝖑𝖔", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "日本語", "مرحبا", "İstanbul", "ß", "ǅ",
  "\ud800", "a\udc00b",
];

const CONTROL_CHARS = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

function hostileStrings(ctx: Context): fc.Arbitrary<string> {
  const huge = fc
    .tuple(fc.string({ minLength: 1, maxLength: 6, unit: "binary" }), fc.integer({ min: 1_000, max: Math.max(1_000, ctx.hugeStringLength) }))
    .map(([chunk, n]) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n));
  const words = [...HOSTILE_STRINGS, ...ctx.dictionary];
  const phrase = fc
    .tuple(fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 5 }), fc.constantFrom(" ", "  ", "", "\t"))
    .map(([parts, separator]) => parts.join(separator));
  // Plain text with one character that has broken something somewhere: NUL (PostgreSQL
  // text takes none), another control character, a lone surrogate, a bidi override, a quote.
  const spiked = fc
    .tuple(fc.string({ maxLength: 10 }), fc.oneof({ arbitrary: fc.constant("\u0000"), weight: 2 }, { arbitrary: fc.constantFrom("\u0001", "\u001b", "\u0085", "\ud800", "\u202e", "'", "\"", "\\", "%", "\n"), weight: 3 }), fc.string({ maxLength: 10 }))
    .map(([a, ch, b]) => `${a}${ch}${b}`);
  return fc.oneof(
    { arbitrary: fc.constantFrom(...words), weight: 4 },
    { arbitrary: spiked, weight: 3 },
    { arbitrary: phrase, weight: 2 },
    { arbitrary: fc.string({ maxLength: 30, unit: "binary" }), weight: 2 },
    { arbitrary: fc.string({ maxLength: 20, unit: fc.oneof(CONTROL_CHARS, fc.constantFrom("a", " ", "'", "\"")) }), weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: garbledUuid, weight: 2 },
    { arbitrary: garbledCursor, weight: 2 },
    { arbitrary: garbledDay, weight: 1 },
  );
}

/** A UUID that is not quite one (a character off, cut short, braced, prefixed, no dashes, version 0). */
export const garbledUuid: fc.Arbitrary<string> = fc.tuple(fc.uuid(), fc.nat(), fc.constantFrom("g", " ", "%", "Z", "\u0000", "é")).map(([id, n, ch]) => {
  const at = n % id.length;
  switch (n % 9) {
    case 0: return id.slice(0, at) + ch + id.slice(at + 1);
    case 1: return id.slice(0, at);
    case 2: return `{${id}}`;
    case 3: return `${id}\n`;
    case 4: return id.replaceAll("-", "");
    case 5: return `${id}${ch}`;
    case 6: return `urn:uuid:${id}`;
    case 7: return `${id.slice(0, 14)}0${id.slice(15)}`; // version 0
    default: return ` ${id} `;
  }
});

/** Page cursors a server never handed out: base64url of JSON that is nearly right, or not JSON at all. */
export const garbledCursor: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ maxLength: 64 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
  fc
    .record({ v: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string({ maxLength: 3 })), k: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)), { maxLength: 3 }) }, { requiredKeys: [] })
    .map((o) => Buffer.from(JSON.stringify(o)).toString("base64url")),
  fc.tuple(fc.base64String({ minLength: 4, maxLength: 40 }), fc.constantFrom(".", "..", "=", "%3D", "+", "/")).map(([s, sep]) => `${s}${sep}${s}`),
);

/** Calendar days that are not (30 February, month 13, year 0, no padding). */
export const garbledDay: fc.Arbitrary<string> = fc.constantFrom(
  "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31", "10000-01-01", "2026-1-1", "2026/12/01", "01-12-2026",
  "2026-12-01T00:00:00Z", "2026-12-01..2026-12-07", "today", "-2026-12-01",
);

/** Values of any JSON type but the schema's own. */
function wrongTypes(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = new Set(typesOf(schema));
  const all: Array<[JsonType, fc.Arbitrary<unknown>]> = [
    ["string", fc.constantFrom("x", "", "1", "true", "null")],
    ["integer", fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2))],
    ["number", fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, -0.000001, 1e300))],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
    ["object", fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3, noNullPrototype: true })],
  ];
  const others = all.filter(([t]) => !types.has(t) && !(t === "integer" && types.has("number")));
  return fc.oneof(...others.map(([, arb]) => arb));
}

function hostileNumbers(schema: JsonSchema): fc.Arbitrary<number> {
  const b = bounds(schema);
  const edges = [b.min, b.max].filter((n): n is number => n !== undefined).flatMap((n) => [n - 1, n + 1, n - 0.5, n + 0.5, n * 10]);
  return fc.constantFrom(...edges, 0, -1, 0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e21);
}

/** Hostile versions of a value of `schema`: wrong types, edge strings, broken objects. */
function hostileFor(schema: JsonSchema | boolean, ctx: Context): fc.Arbitrary<unknown> {
  const s: JsonSchema = typeof schema === "boolean" ? {} : schema.$ref !== undefined && ctx.root !== undefined ? toSchema(resolveRef(ctx.root, schema.$ref)) : schema;
  const types = typesOf(s);
  // Text is where most parsers break: a string gets hostile text three times in four.
  const options: Array<fc.WeightedArbitrary<unknown>> = [
    { arbitrary: wrongTypes(s), weight: 1 },
    { arbitrary: hostileStrings(ctx), weight: types.length === 1 && types[0] === "string" ? 3 : 1 },
  ];
  if (types.includes("integer") || types.includes("number")) options.push({ arbitrary: hostileNumbers(s), weight: 1 });
  if (types.includes("object") && s.properties) options.push({ arbitrary: brokenObject(s, ctx), weight: 2 });
  if (types.includes("array")) options.push({ arbitrary: fc.array(hostileStrings(ctx), { maxLength: (s.maxItems ?? 5) + 2 }), weight: 1 });
  return fc.oneof(...options);
}

const toSchema = (s: JsonSchema | boolean): JsonSchema => (typeof s === "boolean" ? {} : s);

/** An object of the schema's properties with required ones left out and unknown ones added. */
function brokenObject(schema: JsonSchema, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const shape = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, build(s, ctx)]));
  const anyKeys = fc.record(shape, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
  const unknownKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "id", "role", "userId", "status", "createdAt", "$where", ""), fc.string({ minLength: 1, maxLength: 10 })).filter((k) => !Object.hasOwn(properties, k));
  // Pairs, not fc.dictionary: a "__proto__" key must stay an own key, as JSON.parse makes it.
  const extras = fc.uniqueArray(fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 1 })), { maxLength: 3, selector: ([k]) => k });
  return fc.tuple(anyKeys, extras).map(([o, more]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of [...more, ...Object.entries(o)]) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}
