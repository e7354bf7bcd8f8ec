// pusher-js asks here before subscribing to a private channel. Signed in only, same
// origin, and only for the person's own user channel and their role's channel; a
// refusal is a 403 in the one error body and an access_denied audit entry.
import { AccessDeniedError } from "@/lib/access-denied";
import { apiRoute, refusedMethod } from "@/lib/api/handler";
import { authorizeRealtimeChannel } from "@/lib/contract/realtime";
import { authorizeChannel } from "@/lib/realtime/auth";
import { mayListen } from "@/lib/realtime/channels";

// pusher-js posts a urlencoded form, not JSON.
export const POST = apiRoute(authorizeRealtimeChannel, async ({ user, body }) => {
  if (!mayListen(user, body.channel_name)) {
    throw new AccessDeniedError("You may not listen on that channel.", `Refused a subscription to ${body.channel_name.slice(0, 200)}`);
  }
  return authorizeChannel({ viewer: user, socketId: body.socket_id, channelName: body.channel_name });
});

export const GET = refusedMethod("POST", "Channel authorization is a POST.");
