import { z } from "zod";
import type { RequestCursor } from "./queries";

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** The "my requests" page cursor from the URL (?at=…&id=…); anything invalid means the newest page. */
export function parseRequestCursor(params: Record<string, string | undefined>): RequestCursor | undefined {
  const parsed = cursorSchema.safeParse({ at: params.at, id: params.id });
  return parsed.success ? { at: new Date(parsed.data.at), id: parsed.data.id } : undefined;
}
