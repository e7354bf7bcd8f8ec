// Inputs of the audit read API (issue 10), one zod schema each, shared by the route
// handlers and anything else that takes the same parameters.
import { z } from "zod";
import { AccessStatus, AccessType, AuditEventType, AuthMethod, DataCategory, LoginStatus } from "@/lib/generated/prisma/enums";
import { checkDay, MAX_QUERY_LENGTH } from "./parse";

export const MAX_PAGE = 200;

const day = z
  .string()
  .refine((s) => checkDay(s) !== null, "Use a real calendar day, yyyy-MM-dd (read in PKT).")
  .meta({ format: "date", description: "A calendar day, yyyy-MM-dd, read in PKT (1900 or later)." });

export const pageSchema = z.object({
  // Opaque: the list's codec checks it (length included) and refuses a bad one with 400.
  cursor: z.string().optional().meta({ description: "The previous page's `nextCursor`, as it was given (opaque)." }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).meta({ description: "Rows per page." }),
  order: z.enum(["newest", "oldest"]).default("newest").meta({ description: "By time, newest or oldest first." }),
});

const q = z.string().max(MAX_QUERY_LENGTH + 1000).default("").meta({ description: "A search in the audit search language; empty matches everything in reach." });

/** GET /api/audit-logs/search */
export const auditSearchQuerySchema = pageSchema.extend({ q });

/** The spec's list filters (9.1) plus the search language. */
const listFilters = {
  q,
  event_type: z.enum(Object.values(AuditEventType) as [AuditEventType, ...AuditEventType[]]).optional(),
  user_id: z.uuid().optional(),
  date_from: day.optional(),
  date_to: day.optional(),
};
const datesInOrder = (v: { date_from?: string; date_to?: string }) => !v.date_from || !v.date_to || v.date_from <= v.date_to;
const datesMessage = { path: ["date_to"], message: "date_to is before date_from." };

/** GET /api/audit-logs */
export const auditListQuerySchema = pageSchema.extend(listFilters).refine(datesInOrder, datesMessage);

/** GET /api/audit-analytics: the list's filters, no paging. */
export const auditAnalyticsQuerySchema = z.object(listFilters).refine(datesInOrder, datesMessage);

export type AuditListQuery = z.output<typeof auditListQuerySchema>;

export const EXPORT_FORMATS = ["csv", "json", "ndjson", "bundle"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /api/audit-logs/export */
export const auditExportQuerySchema = z.object({ q, format: z.enum(EXPORT_FORMATS).default("csv") });

/** GET /api/audit-logs/tail: a live search; `after` resumes like Last-Event-ID (which wins when both are sent). */
export const auditTailQuerySchema = z
  .object({
    q,
    after: z.string().max(400).optional().meta({ description: "An event id this tail sent: resume after it (for a new EventSource, which cannot set Last-Event-ID itself)." }),
  })
  .strict();

const person = z.uuid("user_id is a person's id (a UUID).");

/** GET /api/audit-sessions: sign-in sessions, filtered (spec 001 §9.1: user_id, login_date). */
export const sessionsQuerySchema = pageSchema
  .extend({
    user_id: person.optional(),
    /** The PKT calendar day the session began. */
    login_date: day.optional(),
    status: z.enum(LoginStatus).optional(),
    method: z.enum(AuthMethod).optional(),
    /** Only sessions flagged suspicious when they opened (`true`), or only the others (`false`). */
    suspicious: z.enum(["true", "false"]).optional().meta({ description: "`true`: only sessions flagged suspicious when they opened; `false`: only the others." }),
    /** Name, email or address contains (case-insensitive). */
    q: z.string().trim().max(200).optional(),
  })
  .strict();
export type SessionsQuery = z.output<typeof sessionsQuerySchema>;

/** GET /api/data-access-logs: who read what, filtered (spec 001 §9.1: data_category, access_type). */
export const dataAccessQuerySchema = pageSchema
  .extend({
    user_id: person.optional().meta({ description: "Only reads by this person." }),
    subject_id: z.uuid("subject_id is a person's id (a UUID).").optional().meta({ description: "Only reads of this person's data (\"who looked at this person's record\")." }),
    data_category: z.enum(DataCategory).optional(),
    access_type: z.enum(AccessType).optional(),
    access_status: z.enum(AccessStatus).optional(),
    date_from: day.optional(),
    date_to: day.optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage);
export type DataAccessQuery = z.output<typeof dataAccessQuerySchema>;

/** GET /api/audit-logs/actors: the actor filter's type-ahead. */
export const auditActorsQuerySchema = z.object({ q: z.string().trim().max(200).default("") });
