// The audit list's keyset cursor: the (event_timestamp, id) of the last row shown and
// the order it was read in, as opaque base64url JSON. Opaque so callers pass it back
// untouched; validated with zod because it comes back from a URL.
import { z } from "zod";

export type AuditOrder = "desc" | "asc";
export type AuditCursor = { at: Date; id: string; order: AuditOrder };

const MAX_CURSOR_LENGTH = 200;
const cursorSchema = z.object({ t: z.iso.datetime(), i: z.uuid(), o: z.enum(["desc", "asc"]) }).strict();

export function encodeAuditCursor(cursor: AuditCursor): string {
  const json = JSON.stringify({ t: cursor.at.toISOString(), i: cursor.id, o: cursor.order });
  return Buffer.from(json, "utf8").toString("base64url");
}

/** The cursor, or null when the text is not one this codec wrote. */
export function decodeAuditCursor(text: string): AuditCursor | null {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(value);
  return parsed.success ? { at: new Date(parsed.data.t), id: parsed.data.i.toLowerCase(), order: parsed.data.o } : null;
}
