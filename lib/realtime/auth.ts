import "server-only";
import { z } from "zod";
import type { Role } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import { mayListen } from "./channels";
import { pusherServer } from "./server";

/** What pusher-js posts to the channel authorization endpoint. */
export const channelAuthSchema = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "Not a socket id"),
  channel_name: z.string().min(1).max(200),
});

type AuthorizeOptions = { viewer: { id: string; role: Role }; socketId: string; channelName: string };

/**
 * Signs a private-channel subscription for the signed-in person: their own user
 * channel and their role's channel, nothing else (another user's or role's channel is
 * refused, as is any name we do not issue).
 */
export function authorizeChannel({ viewer, socketId, channelName }: AuthorizeOptions): { auth: string } {
  if (!mayListen(viewer, channelName)) throw new ServiceError("You may not listen on that channel.", "forbidden");
  const pusher = pusherServer();
  if (!pusher) throw new ServiceError("Realtime is not configured.", "not_found");
  return pusher.authorizeChannel(socketId, channelName);
}
