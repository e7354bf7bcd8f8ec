import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentFraming, jsonbText, stripNul, toPlainJson } from "./canonical";

// The verifier hashes jsonb exactly as PostgreSQL prints it, without parsing; this
// property is what makes that safe: for any JSON the app may store, the writer's
// jsonbText() equals PostgreSQL's own output after the round trip.
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

async function roundTrip(text: string): Promise<string> {
  const { rows } = await client.query<{ t: string }>("SELECT $1::jsonb::text AS t", [text]);
  return rows[0]!.t;
}

describe("jsonbText matches PostgreSQL's jsonb output", () => {
  it("for arbitrary JSON values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const plain = toPlainJson(value);
        const text = jsonbText(plain);
        expect(await roundTrip(text)).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it("for awkward strings, keys and numbers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ unit: "binary", maxLength: 12 }), fc.oneof(fc.string({ unit: "binary" }), fc.double(), fc.integer(), fc.bigInt().map(String))),
        async (value) => {
          const text = jsonbText(toPlainJson(value));
          expect(await roundTrip(text)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("for values JavaScript prints in exponent form, and dates", async () => {
    const value = toPlainJson({ big: 1e21, small: 1e-7, negZero: -0, nan: Number.NaN, when: new Date("2026-11-23T04:05:06.789Z"), nul: "a\u0000b" });
    const text = jsonbText(value);
    expect(await roundTrip(text)).toBe(text);
    expect(text).toBe('{"big": "1e+21", "nan": null, "nul": "ab", "when": "2026-11-23T04:05:06.789Z", "small": "1e-7", "negZero": 0}');
  });
});

describe("contentFraming matches PostgreSQL's composite row output", () => {
  it("for any column texts, NULLs included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: null }), { minLength: 1, maxLength: 8 }), async (raw) => {
        const texts = raw.map((t) => (t === null ? null : stripNul(t)));
        const placeholders = texts.map((_, i) => `$${i + 1}::text`).join(", ");
        const { rows } = await client.query<{ t: string }>(`SELECT ROW(${placeholders})::text AS t`, texts);
        expect(rows[0]!.t).toBe(contentFraming(texts));
      }),
      { numRuns: 300 },
    );
  });
});

