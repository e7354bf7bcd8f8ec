import "server-only";
import Pusher from "pusher";
import { realtimeServerConfig } from "./config";

let client: Pusher | null | undefined;

/** The server SDK, or null when realtime is not configured. One per process. */
export function pusherServer(): Pusher | null {
  if (client !== undefined) return client;
  const config = realtimeServerConfig();
  client = config
    ? new Pusher({
        appId: config.appId,
        key: config.key,
        secret: config.secret,
        cluster: config.cluster,
        ...(config.host ? { host: config.host } : {}),
        ...(config.port ? { port: String(config.port) } : {}),
        useTLS: config.useTLS,
        // A slow realtime server must not hold an outbox row lock for long.
        timeout: 5_000,
      })
    : null;
  return client;
}
