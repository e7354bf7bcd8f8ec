// The shape of a realtime outbox row's payload. Pure, so tests and the client share it.
import { z } from "zod";
import { parseChannel } from "./channels";

/** Pusher refuses events over 10 KB; the event id and the envelope need some room. */
export const MAX_EVENT_DATA_BYTES = 8 * 1024;

/** Pusher triggers one event on at most this many channels at once. */
export const MAX_CHANNELS_PER_EVENT = 100;

const channelName = z.string().refine((c) => parseChannel(c) !== null, "Not a realtime channel of this app");

export const realtimeMessageSchema = z.object({
  /** One channel, or up to 100 (one announcement to a chosen set of people's own channels). */
  channel: z.union([channelName, z.array(channelName).min(1).max(MAX_CHANNELS_PER_EVENT)]),
  event: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Event names are snake_case"),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => !("eventId" in d), "eventId is set at delivery")
    .refine((d) => Buffer.byteLength(JSON.stringify(d)) <= MAX_EVENT_DATA_BYTES, `Event data must stay under ${MAX_EVENT_DATA_BYTES} bytes`),
});
export type RealtimeMessage = z.infer<typeof realtimeMessageSchema>;

