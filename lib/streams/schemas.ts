// Inputs of the audit stream API and forms (issue 22): one zod schema each, used by the
// route handlers and the server actions alike. Client-safe.
import { z } from "zod";
import { STREAM_FORMATS } from "./contract";

const name = z.string().trim().min(1, "Give the destination a name.").max(120, "At most 120 characters.");
const filter = z.string().max(2000, "A filter is at most 2,000 characters.");
const url = z.string().trim().min(1, "Give the destination's URL.").max(2000, "At most 2,000 characters.");

export const streamIdSchema = z.object({ id: z.uuid("A stream id is a UUID.") });

export const createStreamSchema = z.object({
  name,
  transport: z.literal("webhook", { error: "Only webhook destinations can be created yet; Splunk HEC, Datadog, Elastic and syslog follow." }),
  url,
  filter: filter.default(""),
  format: z.enum(STREAM_FORMATS, { error: "Choose a format." }).default("json"),
  /** Start delivering from this instant (entries still in the log); omitted: from now on. */
  startFrom: z.iso.datetime({ offset: true, error: "Give startFrom as an ISO 8601 date and time." }).optional(),
}).strict();
export type CreateStreamInput = z.infer<typeof createStreamSchema>;

export const updateStreamSchema = z
  .object({
    name: name.optional(), url: url.optional(), filter: filter.optional(), format: z.enum(STREAM_FORMATS).optional(),
    state: z.enum(["active", "paused"], { error: "The state is active or paused." }).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Change at least one of name, url, filter, format and state.");
export type UpdateStreamInput = z.infer<typeof updateStreamSchema>;

export const replayStreamSchema = z.object({ from: z.iso.datetime({ offset: true, error: "Give the start as an ISO 8601 date and time." }) }).strict();

export const streamStateSchema = z.object({ state: z.enum(["active", "paused"], { error: "The state is active or paused." }) });
