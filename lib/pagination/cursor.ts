// The one keyset cursor codec (ARCHITECTURE.md, convention 6). A cursor is the sort key
// of the last row a page showed, as opaque base64url JSON `{ v, l, k }`: the format's
// version, the list it belongs to, and the key's values in sort order. Each list
// declares its key from the parts below; decoding checks all of it with zod, because a
// cursor comes back from a URL anyone can edit, and a cursor that fails is refused
// (InvalidCursorError: 400 from the API, a notice and the first page on a page), never
// read as something else.
import { z } from "zod";
import { ServiceError } from "@/lib/errors";

/** Raised when the wire form changes: a cursor of another version is refused, never guessed at. */
const VERSION = 1;

/**
 * Above any cursor a list writes: the longest key, a 200-character name, is at most
 * about 1,300 bytes of JSON (every character escaped), 1,750 in base64url.
 */
export const MAX_CURSOR_LENGTH = 2048;

type CursorFailure =
  | "too_long"
  | "malformed" // not canonical base64url of a JSON object
  | "version"
  | "other_list" // a cursor another list wrote
  | "key" // the key's values are missing, extra or not valid
  | "order"; // a cursor of the other sort order (lists whose key carries one)

/** A cursor a list cannot read. A ServiceError of code "invalid", so the API answers 400 with the one error body. */
export class InvalidCursorError extends ServiceError {
  constructor(
    readonly reason: CursorFailure,
    message = "That page link is not valid; start again from the first page.",
  ) {
    super(message, "invalid");
    this.name = "InvalidCursorError";
  }
}

/** What a key is made of; each part maps its JSON form in the cursor to its value. */
export const keyPart = {
  /** A timestamp as toISOString() writes it: UTC, milliseconds (every column is timestamptz(3)). */
  time: z.codec(z.iso.datetime({ precision: 3 }), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() }),
  id: z.uuid(),
  flag: z.boolean(),
  text: (max: number) => z.string().max(max),
  order: z.enum(["asc", "desc"]),
} as const;

export type SortOrder = z.output<typeof keyPart.order>;

type KeyShape = Record<string, z.ZodType>;
type CursorKey<S extends KeyShape> = { [F in keyof S]: z.output<S[F]> };
type DecodedCursor<K> = { ok: true; key: K } | { ok: false; reason: CursorFailure };

type CursorCodec<K> = {
  encode(key: K): string;
  decode(text: string): DecodedCursor<K>;
  /** The key of a cursor from a request; undefined for none (absent or empty); InvalidCursorError for a bad one. */
  parse(text: string | null | undefined): K | undefined;
};

/**
 * The codec of one list's cursor. `list` names the list (a cursor of one list is refused
 * by another); `shape` lists the key's parts in sort order, last the unique tie-break.
 */
export function defineCursor<S extends KeyShape>(list: string, shape: S): CursorCodec<CursorKey<S>> {
  const fields = Object.keys(shape);
  const parts = fields.map((f) => shape[f]!) as [z.ZodType, ...z.ZodType[]];
  const wire = z.strictObject({ v: z.literal(VERSION), l: z.literal(list), k: z.tuple(parts) });

  const decode = (text: string): DecodedCursor<CursorKey<S>> => {
    if (text.length > MAX_CURSOR_LENGTH) return { ok: false, reason: "too_long" };
    const json = readJson(text);
    if (json === undefined) return { ok: false, reason: "malformed" };
    if (json.v !== VERSION) return { ok: false, reason: "version" };
    if (json.l !== list) return { ok: false, reason: "other_list" };
    const parsed = z.safeDecode(wire, json as z.input<typeof wire>);
    if (!parsed.success) return { ok: false, reason: "key" };
    const values = parsed.data.k as unknown[];
    return { ok: true, key: Object.fromEntries(fields.map((f, i) => [f, values[i]])) as CursorKey<S> };
  };

  return {
    encode(key) {
      const json = z.encode(wire, { v: VERSION, l: list, k: fields.map((f) => key[f]) as z.output<typeof wire>["k"] });
      const text = Buffer.from(JSON.stringify(json), "utf8").toString("base64url");
      // A key too long to come back would be a dead "next" link; better a loud failure here.
      if (text.length > MAX_CURSOR_LENGTH) throw new Error(`A ${list} cursor of ${text.length} characters is over ${MAX_CURSOR_LENGTH}.`);
      return text;
    },
    decode,
    parse(text) {
      if (!text) return undefined;
      const decoded = decode(text);
      if (!decoded.ok) throw new InvalidCursorError(decoded.reason);
      return decoded.key;
    },
  };
}

/** The most common key: a timestamp and the row id that breaks its ties. */
export function timeIdCursor(list: string) {
  return defineCursor(list, { at: keyPart.time, id: keyPart.id });
}

/**
 * For a list whose key carries the order it was read in: the key, refused when the
 * request asks for the other order (the position would mean another row).
 */
export function parseInOrder<K extends { order: SortOrder }>(codec: CursorCodec<K>, text: string | null | undefined, order: SortOrder | undefined): K | undefined {
  const key = codec.parse(text);
  if (key && order && key.order !== order) throw new InvalidCursorError("order", "That page link belongs to the other sort order; start again from the first page.");
  return key;
}

/** The JSON object inside canonical base64url text, or undefined. */
function readJson(text: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  // Node skips what it cannot read; only text that encodes back the same is a cursor we wrote.
  if (bytes.toString("base64url") !== text) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
