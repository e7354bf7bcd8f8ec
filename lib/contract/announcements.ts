// Announcements: the feed, one announcement, authoring, receipts and reach.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { ANNOUNCEMENT_STATUSES, AUDIENCES, announcementIdSchema, createAnnouncementSchema, listQuerySchema, receiptSchema, receiptsQuerySchema, updateAnnouncementSchema } from "@/lib/announcements/schemas";
import { REACH_SHOWS, reachQuerySchema } from "@/lib/announcements/reach";
import { instant, nextCursor } from "./schemas";

const day = z.string().meta({ description: "A PKT calendar day, yyyy-MM-dd." });

const announcementFields = {
  id: z.uuid(),
  title: z.string(),
  body: z.string().meta({ description: "Markdown." }),
  audience: z.enum([...AUDIENCES, "custom"]).meta({ description: "The spec's value, or `custom` for an audience given as a rule (audienceRule)." }),
  audienceLabel: z.string().meta({ description: "Who it is for, in words (\"Engineering, except Interns\")." }),
  startDay: day,
  endDay: day,
  startDate: instant.meta({ description: "When it starts showing (00:00 PKT of startDay)." }),
  endDate: instant.meta({ description: "When it stops showing (end of endDay, PKT)." }),
  isActive: z.boolean(),
  pinned: z.boolean(),
  requiresAck: z.boolean(),
  sendEmail: z.boolean().meta({ description: "Also emailed to each person in the audience when it goes live." }),
  ackBy: instant.nullable().meta({ description: "Acknowledge by (the end of a PKT day); then those who have not are reminded." }),
  escalateUnacknowledged: z.boolean().meta({ description: "At ackBy, the managers of those who have not acknowledged are alerted." }),
  status: z.enum(ANNOUNCEMENT_STATUSES),
  authorName: z.string(),
  createdAt: instant,
  updatedAt: instant,
  readAt: instant.nullable().meta({ description: "When you read it." }),
  acknowledgedAt: instant.nullable().meta({ description: "When you acknowledged it." }),
};
const announcement = z.object(announcementFields).meta({ id: "Announcement" });
const reachCounts = z
  .object({ targeted: z.number().int(), emailed: z.number().int().meta({ description: "Emails the mail server took." }), delivered: z.number().int(), read: z.number().int(), acknowledged: z.number().int() })
  .meta({ id: "ReachCounts" });

const AUTHORS = "Only Admins and HR Operations manage announcements.";

export const listAnnouncements = defineOperation({
  method: "GET", path: "/api/announcements", operationId: "listAnnouncements", tag: "Announcements",
  summary: "List announcements",
  description: "Your feed: the live announcements shown to you, pinned first. `view=all` (authors only) lists every announcement with its reach, filtered by `status` and `audience`.",
  scope: "announcements:read", permission: "announcements:view",
  query: listQuerySchema,
  response: {
    status: 200,
    description: "A page of announcements (with `reach` for `view=all`).",
    schema: z.object({ data: z.array(z.object({ ...announcementFields, reach: reachCounts.optional().meta({ description: "With `view=all` only." }) })), nextCursor }),
  },
});

export const createAnnouncement = defineOperation({
  method: "POST", path: "/api/announcements", operationId: "createAnnouncement", tag: "Announcements",
  summary: "Create an announcement",
  description: "Admins and HR Operations. The window is PKT calendar days, both inclusive.",
  scope: "announcements:write", permission: "announcements:manage", deniedMessage: AUTHORS, sameOrigin: true,
  body: createAnnouncementSchema,
  response: { status: 201, description: "Created.", schema: z.object({ data: announcement }), headers: { Location: "The new announcement's URL." } },
});

export const getAnnouncement = defineOperation({
  method: "GET", path: "/api/announcements/{id}", operationId: "getAnnouncement", tag: "Announcements",
  summary: "Read an announcement",
  description: "One announcement shown to you (authors: any). One not shown to you is a 404.",
  scope: "announcements:read", permission: "announcements:view",
  params: announcementIdSchema,
  response: { status: 200, description: "The announcement.", schema: z.object({ data: z.object({ ...announcementFields, targeted: z.boolean().meta({ description: "Whether its audience includes you." }) }) }) },
  errors: ["not_found"],
});

export const updateAnnouncement = defineOperation({
  method: "PATCH", path: "/api/announcements/{id}", operationId: "updateAnnouncement", tag: "Announcements",
  summary: "Change or archive an announcement",
  description: "Any subset of the fields; `{ \"isActive\": false }` archives it. Admins and HR Operations.",
  scope: "announcements:write", permission: "announcements:manage", deniedMessage: "Only Admins and HR Operations change announcements.", sameOrigin: true,
  params: announcementIdSchema, body: updateAnnouncementSchema,
  response: { status: 200, description: "The announcement as changed.", schema: z.object({ data: announcement }) },
  errors: ["not_found"],
});

const reachPerson = z
  .object({ name: z.string(), email: z.string(), role: z.string(), department: z.string(), emailedAt: instant.nullable(), deliveredAt: instant.nullable(), readAt: instant.nullable(), acknowledgedAt: instant.nullable() })
  .meta({ id: "ReachPerson" });
const reachGroup = z.object({ name: z.string(), targeted: z.number().int(), read: z.number().int(), acknowledged: z.number().int() }).meta({ id: "ReachGroup" });

const reachAnnouncement = z
  .object({ id: z.uuid(), title: z.string(), audience: z.enum([...AUDIENCES, "custom"]), audienceLabel: z.string(), requiresAck: z.boolean(), sendEmail: z.boolean() })
  .meta({ id: "ReachAnnouncement" });

/** Who may see an announcement's reach, whole (receipts) or a page at a time: its authors. */
const REACH_ACCESS = {
  scope: "announcements:read", permission: "announcements:manage", deniedMessage: "Only Admins and HR Operations see the reach of announcements.",
} as const;

export const getAnnouncementReach = defineOperation({
  method: "GET", path: "/api/announcements/{id}/receipts", operationId: "getAnnouncementReach", tag: "Announcements",
  summary: "See an announcement's reach",
  description: "Counts and each targeted person's receipt (authors). `format=csv` downloads the list.",
  ...REACH_ACCESS,
  params: announcementIdSchema, query: receiptsQuerySchema,
  response: {
    status: 200,
    description: "The reach.",
    schema: z.object({
      data: z.object({
        announcement: reachAnnouncement,
        counts: reachCounts,
        people: z.array(reachPerson),
      }),
    }),
    files: [{ contentType: "text/csv", description: "`format=csv`: one row per targeted person." }],
  },
  errors: ["not_found"],
});

export const getAnnouncementReachPage = defineOperation({
  method: "GET", path: "/api/announcements/{id}/reach", operationId: "getAnnouncementReachPage", tag: "Announcements",
  summary: "See who an announcement reached, a page at a time",
  description: "Counts, the same by department and by role, and the people by state (`show`) and name (`q`), 50 a page (authors). The whole list is `/receipts?format=csv`.",
  ...REACH_ACCESS,
  params: announcementIdSchema, query: reachQuerySchema,
  response: {
    status: 200,
    description: "The reach.",
    schema: z.object({
      data: z.object({
        announcement: reachAnnouncement,
        counts: reachCounts,
        byDepartment: z.array(reachGroup),
        byRole: z.array(reachGroup),
        show: z.enum(REACH_SHOWS),
        people: z.array(reachPerson),
        total: z.number().int().meta({ description: "People matching show and q." }),
        page: z.number().int(),
        pages: z.number().int(),
      }),
    }),
  },
  errors: ["not_found"],
});

export const recordAnnouncementReceipt = defineOperation({
  method: "POST", path: "/api/announcements/{id}/receipts", operationId: "recordAnnouncementReceipt", tag: "Announcements",
  summary: "Mark an announcement delivered, read or acknowledged",
  description: "Your own receipt. Acknowledging needs an announcement that asks for it.",
  scope: "announcements:write", permission: "announcements:view", sameOrigin: true,
  params: announcementIdSchema, body: receiptSchema,
  response: { status: 200, description: "Whether anything changed (a repeat changes nothing).", schema: z.object({ data: z.object({ changed: z.boolean() }) }) },
  errors: ["not_found", "conflict"],
});
