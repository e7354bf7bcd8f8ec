// The response schemas the operations share, with component names (`meta.id`) so the
// OpenAPI document refers to each shape once.
import { z } from "zod";
import { API_ERROR_CODES } from "@/lib/api/errors";

/** An instant as the API writes it: ISO 8601 in UTC (`2026-12-07T05:39:25.000Z`). */
export const instant = z.iso.datetime().meta({ description: "An instant, ISO 8601 in UTC." });

/** The opaque cursor of the next page, or null on the last one. */
export const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." });

/** Any stored JSON (a record's before and after values, flags, details). */
export const anyJson = z.unknown().meta({ description: "Stored JSON, as recorded." });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string().meta({ description: "What went wrong, in words a person can act on." }),
      details: z.unknown().optional().meta({ description: "Machine-readable detail: `issues` for invalid input, `missingScope`, `retryAfterSeconds`, a search term's position." }),
    }),
  })
  .meta({ id: "Error", description: "The one error body of the API." });
