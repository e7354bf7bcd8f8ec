// Audit log streams (issue 22): destinations, their health, and what an admin does with
// them. Admins (streams:manage); token scope streams:manage. A destination's secret is in
// the answer that creates or rotates it, and never again.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { STREAM_FORMATS, STREAM_STATES, STREAM_TRANSPORTS } from "@/lib/streams/contract";
import { createStreamSchema, replayStreamSchema, streamIdSchema, updateStreamSchema } from "@/lib/streams/schemas";
import { instant } from "./schemas";

const DENIED = "You are not allowed to manage audit streams.";

const stream = z
  .object({
    id: z.uuid(),
    name: z.string(),
    transport: z.enum(STREAM_TRANSPORTS),
    format: z.enum(STREAM_FORMATS),
    filter: z.string().meta({ description: "Which entries it receives, in the audit search language (empty: all)." }),
    url: z.string().nullable(),
    state: z.enum(STREAM_STATES),
    pausedReason: z.string().nullable(),
    pausedAt: instant.nullable(),
    createdBy: z.string(),
    createdAt: instant,
    updatedAt: instant,
    health: z.object({
      lagEntries: z.number().int().meta({ description: "Entries written since its cursor (matching its filter or not)." }),
      lagSeconds: z.number().int().nullable().meta({ description: "Age of the oldest of those entries; null when none waits." }),
      lastSuccessAt: instant.nullable(),
      lastError: z.string().nullable().meta({ description: "The last failure, with the receiver's answer." }),
      lastErrorAt: instant.nullable(),
      failingSince: instant.nullable(),
      nextAttemptAt: instant.nullable(),
      deliveredTotal: z.number().int(),
      failedBatches: z.number().int(),
      days: z.array(z.object({ day: z.string(), delivered: z.number().int(), failed: z.number().int() })).meta({ description: "The last 14 UTC days with deliveries or failures, newest first." }),
    }),
    secretRotation: z.object({ previousValidUntil: instant }).nullable().meta({ description: "Set while the previous secret still signs after a rotation." }),
  })
  .meta({ id: "AuditStream" });

const withSecret = z.object({
  data: stream,
  secret: z.string().meta({ description: "The signing secret (Standard Webhooks, `whsec_…`). Shown this once: store it in the receiver." }),
});
const created = z.object({
  data: stream,
  secret: z.string().nullable().meta({ description: "A webhook's signing secret (Standard Webhooks, `whsec_…`), shown this once: store it in the receiver. Null for Splunk, Datadog and Elastic, whose token or key you supplied (and which is never answered)." }),
});

export const listAuditStreams = defineOperation({
  method: "GET", path: "/api/audit-streams", operationId: "listAuditStreams", tag: "Audit streams",
  summary: "List audit stream destinations",
  description: "Every destination with its health: state, lag, last success, last error and daily counts.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED,
  response: { status: 200, description: "The destinations.", schema: z.object({ data: z.array(stream) }) },
});

export const createAuditStream = defineOperation({
  method: "POST", path: "/api/audit-streams", operationId: "createAuditStream", tag: "Audit streams",
  summary: "Add an audit stream destination",
  description: "A destination that receives the entries matching `filter` at least once (each event's `id` drops repeats), from now on or from `startFrom`: a webhook (JSON batches signed per Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`), Splunk's HTTP Event Collector (`token`), Datadog's logs intake (`apiKey`) or Elasticsearch `_bulk` (`index`, `apiKey`; ECS documents whose `_id` is the entry's id) or syslog (`host`, `port`, `tls`, `ca`; RFC 5424, octet-counted, JSON or CEF). The URL must be https and resolve to public addresses (hosts in STREAM_ALLOW_HOSTS excepted). Credentials are stored encrypted and never answered. Audited.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  body: createStreamSchema,
  response: { status: 201, description: "Added; a webhook's secret is shown this once.", schema: created, headers: { Location: "The destination's URL." } },
  errors: ["conflict"],
});

export const getAuditStream = defineOperation({
  method: "GET", path: "/api/audit-streams/{id}", operationId: "getAuditStream", tag: "Audit streams",
  summary: "An audit stream destination and its health",
  description: "Its settings (never its secret) and delivery health.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED,
  params: streamIdSchema,
  response: { status: 200, description: "The destination.", schema: z.object({ data: stream }) },
  errors: ["not_found"],
});

export const updateAuditStream = defineOperation({
  method: "PATCH", path: "/api/audit-streams/{id}", operationId: "updateAuditStream", tag: "Audit streams",
  summary: "Change, pause or resume a destination",
  description: "Its name, URL, filter or format, or its state: `paused` stops deliveries (entries wait in the log), `active` resumes from where it stopped. Audited, with the old and new values.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  params: streamIdSchema, body: updateStreamSchema,
  response: { status: 200, description: "The destination as changed.", schema: z.object({ data: stream }) },
  errors: ["not_found", "conflict"],
});

export const deleteAuditStream = defineOperation({
  method: "DELETE", path: "/api/audit-streams/{id}", operationId: "deleteAuditStream", tag: "Audit streams",
  summary: "Remove a destination",
  description: "It receives nothing more. Audited.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  params: streamIdSchema,
  response: { status: 204, description: "Removed." },
  errors: ["not_found"],
});

export const testAuditStream = defineOperation({
  method: "POST", path: "/api/audit-streams/{id}/test", operationId: "testAuditStream", tag: "Audit streams",
  summary: "Send a test event",
  description: "One event of type `audit.test`, outside the cursor, signed like any delivery; answers whether the receiver accepted it and what it said. Audited.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  params: streamIdSchema,
  response: { status: 200, description: "The receiver's answer.", schema: z.object({ data: z.object({ ok: z.boolean(), status: z.number().int(), answer: z.string() }) }) },
  errors: ["not_found"],
});

export const replayAuditStream = defineOperation({
  method: "POST", path: "/api/audit-streams/{id}/replay", operationId: "replayAuditStream", tag: "Audit streams",
  summary: "Deliver again from a point in time",
  description: "Moves the destination's cursor back (or forward) to `from`: every entry from then on that is still in the log is delivered again. Audited.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  params: streamIdSchema, body: replayStreamSchema,
  response: { status: 200, description: "The destination, its lag recomputed.", schema: z.object({ data: stream }) },
  errors: ["not_found"],
});

export const rotateAuditStreamSecret = defineOperation({
  method: "POST", path: "/api/audit-streams/{id}/rotate-secret", operationId: "rotateAuditStreamSecret", tag: "Audit streams",
  summary: "Rotate the signing secret",
  description: "A new secret, shown this once. For 24 hours deliveries carry a signature with each secret, so the receiver can switch without missing a batch. Audited.",
  scope: "streams:manage", permission: "streams:manage", deniedMessage: DENIED, sameOrigin: true,
  params: streamIdSchema,
  response: { status: 200, description: "Rotated; the new secret is shown this once.", schema: withSecret },
  errors: ["not_found"],
});
