// One schema per input, shared by the form, the server actions and the API.
import { z } from "zod";
import { AUDIENCES, audienceRuleSchema } from "./audience";

export { AUDIENCE_LABELS, AUDIENCES, type AudienceValue } from "./audience";

export const AUDIENCE_ERROR = `Audience must be one of: ${AUDIENCES.join(", ")}.`;

/** Lowercased and trimmed, then one of the fixed values (spec 000 "Audience Targeting"). */
export const audienceSchema = z
  .string({ error: AUDIENCE_ERROR })
  .trim()
  .toLowerCase()
  .pipe(z.enum(AUDIENCES, { error: AUDIENCE_ERROR }))
  // The document shows the values (it would show the pipe's input, any string, otherwise).
  .meta({ enum: [...AUDIENCES], description: "Who sees it: `all` or one role (case and surrounding spaces are ignored)." });

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

const day = z.iso.date({ error: "Enter a date as YYYY-MM-DD." });
// Checkboxes arrive as "on" from a form, booleans from JSON.
const flag = z.union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")]).transform((v) => v === true || v === "on" || v === "true");

const fields = {
  title: z.string({ error: "Enter a title." }).trim().min(3, "The title needs at least 3 characters.").max(TITLE_MAX, `The title can be at most ${TITLE_MAX} characters.`),
  body: z.string({ error: "Write the announcement." }).trim().min(1, "Write the announcement.").max(BODY_MAX, `The text can be at most ${BODY_MAX.toLocaleString("en")} characters.`),
  audience: audienceSchema,
  /** First PKT calendar day it shows (from 00:00 PKT). */
  startDate: day,
  /** Last PKT calendar day it shows (through 23:59:59.999 PKT). */
  endDate: day,
  isActive: flag,
  pinned: flag,
  requiresAck: flag,
  /** Also email each person in the audience (default: when pinned or asking for acknowledgement). */
  sendEmail: flag,
  /** With requiresAck: the PKT day by which to acknowledge (through its end); then those who have not are reminded. */
  ackBy: z.union([day, z.literal("")]).transform((v) => v || undefined),
  /** With ackBy: alert the managers of those who have not acknowledged by then. */
  escalateUnacknowledged: flag,
};

const ACK_BY_ERROR = { message: "An acknowledgement deadline needs \"Requires acknowledgement\" and a day within the window.", path: ["ackBy"] };
const ackByFits = (v: { ackBy?: string; requiresAck?: boolean; startDate?: string; endDate?: string }) =>
  !v.ackBy || (v.requiresAck !== false && (!v.startDate || v.ackBy >= v.startDate) && (!v.endDate || v.ackBy <= v.endDate));

const endNotBeforeStart = (v: { startDate?: string; endDate?: string }) => !v.startDate || !v.endDate || v.endDate >= v.startDate;
const WINDOW_ERROR = { message: "The end date cannot be before the start date.", path: ["endDate"] };

const ONE_AUDIENCE = { message: "Give the audience as `audience` (one of the spec's values) or as `audienceRule`, not both.", path: ["audience"] };
const oneAudience = (v: { audience?: unknown; audienceRule?: unknown }) => !(v.audience !== undefined && v.audienceRule !== undefined);

export const createAnnouncementSchema = z
  .object({
    ...fields,
    audience: fields.audience.optional(),
    audienceRule: audienceRuleSchema.optional(),
    isActive: fields.isActive.default(true),
    pinned: fields.pinned.default(false),
    requiresAck: fields.requiresAck.default(false),
    sendEmail: fields.sendEmail.optional(),
    ackBy: fields.ackBy.optional(),
    escalateUnacknowledged: fields.escalateUnacknowledged.optional(),
  })
  .refine(endNotBeforeStart, WINDOW_ERROR)
  .refine(oneAudience, ONE_AUDIENCE)
  .refine((v) => v.audience !== undefined || v.audienceRule !== undefined, { message: "Choose who it is for.", path: ["audience"] })
  .refine((v) => ackByFits({ ...v, requiresAck: v.requiresAck === true }), ACK_BY_ERROR);
export type CreateAnnouncementInput = z.input<typeof createAnnouncementSchema>;

/** PATCH: any subset; `isActive: false` archives. */
export const updateAnnouncementSchema = z
  .object({
    title: fields.title.optional(),
    body: fields.body.optional(),
    audience: fields.audience.optional(),
    audienceRule: audienceRuleSchema.optional(),
    startDate: fields.startDate.optional(),
    endDate: fields.endDate.optional(),
    isActive: fields.isActive.optional(),
    pinned: fields.pinned.optional(),
    requiresAck: fields.requiresAck.optional(),
    sendEmail: fields.sendEmail.optional(),
    ackBy: fields.ackBy.optional(),
    escalateUnacknowledged: fields.escalateUnacknowledged.optional(),
  })
  .strict()
  .refine(endNotBeforeStart, WINDOW_ERROR)
  .refine(oneAudience, ONE_AUDIENCE)
  .refine((v) => Object.keys(v).length > 0, "Nothing to change.");
export type UpdateAnnouncementInput = z.input<typeof updateAnnouncementSchema>;

export const announcementIdSchema = z.object({ id: z.uuid({ error: "Not an announcement id." }) });

/** The edit form: the id plus every field. */
export const editAnnouncementFormSchema = z.object({ id: z.uuid() }).and(createAnnouncementSchema);

export const archiveAnnouncementSchema = z.object({ id: z.uuid(), isActive: flag });

export const RECEIPT_ACTIONS = ["delivered", "read", "acknowledge"] as const;
export const receiptSchema = z.object({ action: z.enum(RECEIPT_ACTIONS, { error: `Action must be one of: ${RECEIPT_ACTIONS.join(", ")}.` }) });
export const receiptActionSchema = z.object({ id: z.uuid(), action: receiptSchema.shape.action });
export const deliveredActionSchema = z.object({ ids: z.array(z.uuid()).min(1).max(100) });

export const ANNOUNCEMENT_STATUSES = ["live", "scheduled", "expired", "archived"] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

// Opaque: the list's codec checks it and refuses a bad one (400 from the API, a notice on the page).
const cursor = z.string().optional();

/** The authors' list (and GET /api/announcements?view=all). */
export const manageFilterSchema = z.object({
  status: z.enum(ANNOUNCEMENT_STATUSES).optional().catch(undefined),
  audience: z.enum(AUDIENCES).optional().catch(undefined),
  cursor,
});
export type ManageFilter = z.output<typeof manageFilterSchema>;

export const listQuerySchema = z.object({
  view: z.enum(["feed", "all"]).default("feed"),
  status: z.enum(ANNOUNCEMENT_STATUSES).optional(),
  audience: audienceSchema.optional(),
  cursor,
});

export const receiptsQuerySchema = z.object({ format: z.enum(["json", "csv"]).default("json") });
