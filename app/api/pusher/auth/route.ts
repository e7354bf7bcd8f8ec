// pusher-js asks here before subscribing to a private channel. Signed in only, same
// origin, and only for the person's own user channel and their role's channel; a
// refusal is a 403 in the one error body and an access_denied audit entry.
import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { recordAccessDenied } from "@/lib/audit/integrity/service";
import { authorizeChannel, channelAuthSchema } from "@/lib/realtime/auth";
import { mayListen } from "@/lib/realtime/channels";

export const POST = apiRoute({ sameOrigin: true }, async ({ user, request, ctx }) => {
  const body = await parseBody(request, channelAuthSchema);
  if (!mayListen(user, body.channel_name)) {
    const reason = `Refused a subscription to ${body.channel_name.slice(0, 200)}`;
    await recordAccessDenied({ actor: ctx.actor, request: ctx.request, reason });
    throw new ApiError(403, "forbidden", "You may not listen on that channel.");
  }
  return authorizeChannel({ viewer: user, socketId: body.socket_id, channelName: body.channel_name });
});

export const GET = () => methodNotAllowed("POST", "Channel authorization is a POST.");
