// What pusher-js posts to the channel authorization endpoint (a urlencoded form).
import { z } from "zod";

export const channelAuthSchema = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "Not a socket id"),
  channel_name: z.string().min(1).max(200),
});
