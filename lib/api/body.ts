import "server-only";
import type { z } from "zod";
import { ApiError } from "./errors";

/**
 * A request body (JSON, or a urlencoded form such as pusher-js posts) parsed with
 * `schema`; a malformed or invalid one is a 400 in the one error body, naming each field.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  let input: unknown;
  try {
    input = type.includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(await request.text()))
      : await request.json();
  } catch {
    throw new ApiError(400, "invalid_input", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message }));
    throw new ApiError(400, "invalid_input", issues[0]?.message ?? "Some fields are not valid.", { issues });
  }
  return parsed.data;
}
