import "server-only";
import type { Role } from "@/lib/access/permissions";
import { ServiceError } from "@/lib/errors";
import { mayListen } from "./channels";
import { pusherServer } from "./server";

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
