// The JSON Schema → fast-check mapper the API fuzz run generates its inputs with: every
// value it calls valid validates against its schema (ajv 2020, set up as
// lib/contract/check.ts does), for hand-made schemas of each keyword and for every
// schema in the OpenAPI document; the hostile mode really leaves the schema, in each of
// the ways it promises.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { garbledCursor, garbledUuid, HOSTILE_STRINGS, resolveRef, schemaArbitrary, type JsonSchema } from "./arbitraries";
import { openApiDocument } from "./document";

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

/** fc.assert that every generated value validates, naming ajv's complaint on failure. */
function assertValid(schema: JsonSchema, options: Parameters<typeof schemaArbitrary>[1] = {}, validate = newAjv().compile(schema), numRuns = 200) {
  fc.assert(
    fc.property(schemaArbitrary(schema, options), (value) => {
      const ok = validate(value);
      if (!ok) throw new Error(`${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
    }),
    { numRuns },
  );
}

// zod 4's renderings, as the document shows them.
const ZOD_UUID = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$";
const ZOD_DATE = "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))$";

const KEYWORDS: Array<[string, JsonSchema]> = [
  ["string enum", { type: "string", enum: ["newest", "oldest"] }],
  ["const", { type: "string", const: "on" }],
  ["uuid with zod's pattern", { type: "string", format: "uuid", pattern: ZOD_UUID }],
  ["date with zod's pattern", { type: "string", format: "date", pattern: ZOD_DATE }],
  ["date-time", { type: "string", format: "date-time" }],
  ["email", { type: "string", format: "email" }],
  ["pattern", { type: "string", pattern: "^\\d+\\.\\d+$" }],
  ["minLength and maxLength", { type: "string", minLength: 3, maxLength: 5 }],
  ["a long maxLength", { type: "string", minLength: 1, maxLength: 20000 }],
  ["integer bounds", { type: "integer", minimum: 1, maximum: 200 }],
  ["exclusive bounds", { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }],
  ["exclusive integer bounds", { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 3 }],
  ["unbounded number", { type: "number" }],
  ["boolean", { type: "boolean" }],
  ["null", { type: "null" }],
  ["array", { type: "array", items: { type: "string", enum: ["a", "b", "c"] }, minItems: 1, maxItems: 3 }],
  ["unique array", { type: "array", items: { type: "integer", minimum: 0, maximum: 4 }, uniqueItems: true, maxItems: 5 }],
  ["object, closed", { type: "object", properties: { name: { type: "string", minLength: 1 }, n: { type: "integer" } }, required: ["name"], additionalProperties: false }],
  ["record", { type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "boolean" } }],
  ["anyOf", { anyOf: [{ type: "boolean" }, { type: "string", const: "on" }, { type: "string", const: "" }] }],
  ["oneOf", { oneOf: [{ type: "integer", minimum: 0, maximum: 9 }, { type: "string", maxLength: 2 }] }],
  ["a type list", { type: ["string", "null"], maxLength: 4 }],
  ["default", { default: 50, type: "integer", minimum: 1, maximum: 200 }],
  ["allOf", { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "integer" } }, required: ["b"] }] }],
  ["anything", {}],
];

describe("schemaArbitrary, valid mode", () => {
  it.each(KEYWORDS)("generates values a %s schema accepts", (_name, schema) => {
    assertValid(schema);
  });

  it("follows $refs into the root, and stops a recursive one", () => {
    const root = {
      components: {
        schemas: {
          "A~B/C": { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] },
          Tree: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } }, required: ["name", "children"] },
        },
      },
    };
    const ajv = newAjv();
    ajv.addSchema(root, "root.json");
    assertValid({ $ref: "#/components/schemas/A~0B~1C" }, { root }, ajv.compile({ $ref: "root.json#/components/schemas/A~0B~1C" }));
    assertValid({ $ref: "#/components/schemas/Tree" }, { root, maxRefDepth: 3 }, ajv.compile({ $ref: "root.json#/components/schemas/Tree" }), 50);
    expect(resolveRef(root, "#/components/schemas/A~0B~1C")).toBe(root.components.schemas["A~B/C"]);
    expect(() => resolveRef(root, "#/components/schemas/Nope")).toThrow(/does not resolve/);
  });

  it("gives the default now and then, and leaves optional properties out now and then", () => {
    const values = fc.sample(schemaArbitrary({ type: "object", properties: { limit: { default: 50, type: "integer", minimum: 1, maximum: 200 } } }), { numRuns: 300, seed: 7 }) as Array<{ limit?: number }>;
    expect(values.some((v) => v.limit === 50)).toBe(true);
    expect(values.some((v) => !("limit" in v))).toBe(true);
    expect(values.some((v) => v.limit !== undefined && v.limit !== 50)).toBe(true);
  });

  it("generates valid values for every schema in the OpenAPI document: parameters, bodies, responses and components", () => {
    const doc = openApiDocument() as unknown as Record<string, unknown>;
    const ajv = newAjv();
    ajv.addSchema(doc, "openapi.json");
    const pointers: string[] = [];
    const walk = (node: unknown, pointer: string) => {
      if (!node || typeof node !== "object") return;
      for (const [key, child] of Object.entries(node)) {
        const here = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
        if (key === "schema" && child && typeof child === "object") pointers.push(here);
        else walk(child, here);
      }
    };
    walk(doc.paths, "/paths");
    walk((doc.components as Record<string, unknown>).responses, "/components/responses");
    for (const name of Object.keys((doc.components as { schemas: Record<string, unknown> }).schemas)) pointers.push(`/components/schemas/${name}`);
    expect(pointers.length).toBeGreaterThan(60);
    for (const pointer of pointers) {
      const schema = resolveRef(doc, `#${pointer}`);
      if (typeof schema === "boolean") continue;
      assertValid(schema, { root: doc }, ajv.compile({ $ref: `openapi.json#${pointer}` }), 25);
    }
  });
});

describe("schemaArbitrary, hostile mode", () => {
  const body: JsonSchema = {
    type: "object",
    properties: { id: { type: "string", format: "uuid", pattern: ZOD_UUID }, limit: { type: "integer", minimum: 1, maximum: 200 }, note: { type: "string", maxLength: 10 } },
    required: ["id", "limit"],
    additionalProperties: false,
  };
  const validate = newAjv().compile(body);
  const values = fc.sample(schemaArbitrary(body, { mode: "hostile", hugeStringLength: 5000 }), { numRuns: 2000, seed: 42 });
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : []);

  it("mixes values the schema refuses with values it accepts", () => {
    const valid = values.filter((v) => validate(v)).length;
    expect(valid).toBeGreaterThan(100);
    expect(values.length - valid).toBeGreaterThan(500);
  });

  it("leaves required fields out, adds unknown ones, and gives wrong types", () => {
    expect(values.some((v) => isObject(v) && !("id" in v))).toBe(true);
    expect(values.some((v) => isObject(v) && Object.keys(v).some((k) => !["id", "limit", "note"].includes(k)))).toBe(true);
    expect(values.some((v) => isObject(v) && Object.keys(v).includes("__proto__"))).toBe(true);
    expect(values.some((v) => !isObject(v))).toBe(true);
    expect(values.some((v) => isObject(v) && typeof v.limit === "string")).toBe(true);
    expect(values.some((v) => isObject(v) && typeof v.limit === "number" && (v.limit > 200 || v.limit < 1 || !Number.isInteger(v.limit)))).toBe(true);
  });

  it("gives empty, huge (but bounded), control-character, astral, SQL- and HTML-ish strings, and garbled ids", () => {
    const all = values.flatMap(strings);
    expect(all).toContain("");
    expect(all.some((s) => s.length >= 1000)).toBe(true);
    expect(Math.max(...all.map((s) => s.length))).toBeLessThanOrEqual(5000);
    expect(all.some((s) => /[\u0000-\u001f]/.test(s))).toBe(true);
    expect(all.some((s) => /[\u{10000}-\u{10ffff}]/u.test(s))).toBe(true);
    expect(all.some((s) => s.includes("DROP TABLE") || s.includes("' OR '"))).toBe(true);
    expect(all.some((s) => s.includes("<script>") || s.includes("onerror="))).toBe(true);
    const uuid = new RegExp(ZOD_UUID);
    expect(all.some((s) => /^[0-9a-fA-F{}-]{30,}/.test(s) && !uuid.test(s))).toBe(true);
  });

  it("keeps every value JSON (what goes on the wire)", () => {
    for (const v of values) expect(() => JSON.parse(JSON.stringify(v))).not.toThrow();
  });

  it("garbles ids and cursors so they no longer parse", () => {
    const uuid = new RegExp(ZOD_UUID);
    for (const s of fc.sample(garbledUuid, { numRuns: 200, seed: 1 })) expect(uuid.test(s), s).toBe(false);
    expect(fc.sample(garbledCursor, { numRuns: 50, seed: 1 }).every((s) => typeof s === "string")).toBe(true);
    expect(HOSTILE_STRINGS).toContain("");
  });

  it("draws on the caller's dictionary", () => {
    const words = fc.sample(schemaArbitrary({ type: "string", maxLength: 3000 }, { mode: "hostile", dictionary: ["created:2026-12-01..2026-12-07"] }), { numRuns: 1000, seed: 3 });
    expect(words.some((w) => typeof w === "string" && w.includes("created:2026-12-01..2026-12-07"))).toBe(true);
  });
});
