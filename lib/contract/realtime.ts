// The Pusher channel authorizer pusher-js calls before subscribing to a private channel.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { channelAuthSchema } from "@/lib/realtime/auth-schema";

export const authorizeRealtimeChannel = defineOperation({
  method: "POST", path: "/api/pusher/auth", operationId: "authorizeRealtimeChannel", tag: "Realtime",
  summary: "Authorize a realtime channel",
  description: "Signs a subscription to your own user channel or your role's channel; any other channel is refused (403, recorded). Browser session only; the body is the form pusher-js posts. A GET is refused with 405.",
  sameOrigin: true, body: channelAuthSchema, bodyFormat: "form",
  response: { status: 200, description: "The channel signature pusher-js expects.", schema: z.object({ auth: z.string(), channel_data: z.string().optional() }) },
  errors: ["not_found", "method_not_allowed"],
});
