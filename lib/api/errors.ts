// The one error body of the JSON API: `{ error: { code, message, details? } }`, and the
// mapping from what a handler throws to a status. Expected failures say what went wrong;
// anything else is logged with an id and answered with a generic message naming it.
import type { z } from "zod";
import { SearchQueryError } from "@/lib/audit/search/errors";
import { logUnexpectedError, RateLimitedError, ServiceError, type ErrorLogger } from "@/lib/errors";

/** Every code the API answers with; the OpenAPI document lists them as the error enum. */
export const API_ERROR_CODES = [
  "unauthenticated",
  "invalid_token",
  "forbidden",
  "insufficient_scope",
  "invalid_input",
  "invalid_query",
  "not_found",
  "method_not_allowed",
  "unsupported_media_type",
  "payload_too_large",
  "conflict",
  "rate_limited",
  "internal",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; details?: unknown } };

export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** Thrown by a handler to answer with this status and body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorResponse(e: ApiError): Response {
  const body: ApiErrorBody = { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
  return Response.json(body, { status: e.status, headers: { ...NO_STORE, ...e.headers } });
}

export type InputPart = "query" | "params" | "body";
const NOT_VALID: Record<InputPart, string> = {
  query: "Some query parameters are not valid.",
  params: "Some path parameters are not valid.",
  body: "Some fields are not valid.",
};

/** Field-level issues of a failed zod parse: `{ issues: [{ field, message }] }`. */
export function validationError(error: z.ZodError, where: InputPart): ApiError {
  const issues = error.issues.map((i) => ({ field: i.path.map(String).join(".") || where, message: i.message }));
  // A body's first issue is what a form shows the person, so it is the message.
  const message = where === "body" ? (issues[0]?.message ?? NOT_VALID.body) : NOT_VALID[where];
  return new ApiError(400, "invalid_input", message, { issues });
}

const NUL_MESSAGE = "Text cannot contain a NUL character (U+0000).";

/**
 * The input's NUL characters (U+0000), refused as invalid input wherever they are: a
 * value or a key, known field or not. PostgreSQL stores and compares no text with one,
 * so it would otherwise fail in the database, as a 500, after the wrapper let it in.
 */
export function nulCharacterError(input: unknown, where: InputPart): ApiError | undefined {
  const issues: Array<{ field: string; message: string }> = [];
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === "string") {
      if (value.includes("\u0000")) issues.push({ field: path.join(".") || where, message: NUL_MESSAGE });
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes("\u0000")) issues.push({ field: [...path, key].join("."), message: NUL_MESSAGE });
        else visit(child, [...path, key]);
      }
    }
  };
  visit(input, []);
  if (issues.length === 0) return undefined;
  return new ApiError(400, "invalid_input", where === "body" ? NUL_MESSAGE : NOT_VALID[where], { issues });
}

const SERVICE_STATUS: Record<ServiceError["code"], [number, ApiErrorCode]> = {
  invalid: [400, "invalid_input"],
  forbidden: [403, "forbidden"],
  not_found: [404, "not_found"],
  conflict: [409, "conflict"],
  rate_limited: [429, "rate_limited"],
};

/** What a thrown value becomes on the wire. */
export function toApiError(error: unknown, log?: ErrorLogger): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof SearchQueryError) {
    const { position, length, term, reason, suggestion } = error.detail;
    return new ApiError(400, "invalid_query", reason, { position, length, term, reason, ...(suggestion ? { suggestion } : {}) });
  }
  if (error instanceof RateLimitedError) {
    return new ApiError(429, "rate_limited", error.message, { retryAfterSeconds: error.retryAfterSeconds }, { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (error instanceof ServiceError) {
    const [status, code] = SERVICE_STATUS[error.code] ?? [400, "invalid_input"];
    return new ApiError(status, code, error.message);
  }
  const errorId = logUnexpectedError("api", error, log);
  return new ApiError(500, "internal", `Something went wrong on our side (error id ${errorId}).`, { errorId });
}
