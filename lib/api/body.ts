import "server-only";
import type { z } from "zod";
import { ApiError, nulCharacterError, validationError } from "./errors";

/** What a route's body is: JSON (the API), or a urlencoded form (what pusher-js posts). */
export type BodyFormat = "json" | "form";

/** 1 MiB: more than any form of this API needs, read no further. */
export const MAX_BODY_BYTES = 1024 * 1024;

const MEDIA_TYPE: Record<BodyFormat, string> = { json: "application/json", form: "application/x-www-form-urlencoded" };

/**
 * The request body parsed with `schema`, for apiRoute's `body` option: 415 for another
 * Content-Type, 413 past `limit` bytes (never buffering more), 400 for malformed JSON or
 * JSON that is not an object, 400 for text with a NUL character (PostgreSQL takes none),
 * and 400 naming each field the schema refuses. A request with no body at all is
 * `undefined`, for the schema to accept (an optional body) or refuse.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, format: BodyFormat = "json", limit = MAX_BODY_BYTES): Promise<z.output<S>> {
  const raw = await readBody(request, format, limit);
  const nul = nulCharacterError(raw, "body");
  if (nul) throw nul;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "body");
  return parsed.data;
}

async function readBody(request: Request, format: BodyFormat, limit: number): Promise<unknown> {
  const type = request.headers.get("content-type");
  const text = await readText(request, limit);
  if (text === "" && type === null) return undefined;
  if (mediaType(type) !== MEDIA_TYPE[format]) {
    throw new ApiError(415, "unsupported_media_type", `Send the body as ${MEDIA_TYPE[format]}.`, undefined, { Accept: MEDIA_TYPE[format] });
  }
  if (format === "form") return Object.fromEntries(new URLSearchParams(text));
  if (text === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_input", "The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ApiError(400, "invalid_input", "The request body must be a JSON object.");
  return value;
}

/** "application/json; charset=utf-8" → "application/json". */
function mediaType(header: string | null): string | undefined {
  return header?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** The body as UTF-8 text, refused as soon as it passes `limit` bytes (a declared length is believed only when it is already too long). */
async function readText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `The request body is larger than ${Math.floor(limit / 1024)} KiB.`);
  if (Number(request.headers.get("content-length")) > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch {
      // The client went away mid-body (a page left while pusher-js authorized, say):
      // nobody reads this answer, and it is not a failure of ours to log.
      throw new ApiError(400, "invalid_input", "The request body did not arrive: the request was cancelled.");
    }
    const { done, value } = read;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "invalid_input", "The request body is not valid UTF-8.");
  }
}
