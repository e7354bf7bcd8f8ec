// Where the realtime server is, for the server SDK and for browsers. Read at run time
// from lib/env (never NEXT_PUBLIC_*): the demo and the e2e server pick soketi's port
// when they start, after the build. The public part reaches the browser as props of
// the signed-in layout.
import { env } from "@/lib/env";

export type RealtimeServerConfig = {
  appId: string;
  key: string;
  secret: string;
  cluster: string;
  host?: string;
  port?: number;
  useTLS: boolean;
};

/** Everything pusher-js needs; nothing secret. */
export type RealtimeClientConfig = {
  key: string;
  cluster: string;
  /** A self-hosted Pusher-protocol server; absent for Pusher Channels. */
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
};

/** The server SDK's settings, or null when realtime is not configured. */
export function realtimeServerConfig(): RealtimeServerConfig | null {
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) return null;
  return {
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    cluster: env.PUSHER_CLUSTER,
    host: env.PUSHER_HOST,
    port: env.PUSHER_PORT,
    useTLS: env.PUSHER_TLS,
  };
}

export function realtimeClientConfig(): RealtimeClientConfig | null {
  const server = realtimeServerConfig();
  if (!server) return null;
  const wsHost = env.PUSHER_PUBLIC_HOST ?? server.host;
  const wsPort = env.PUSHER_PUBLIC_PORT ?? server.port;
  return {
    key: server.key,
    cluster: server.cluster,
    ...(wsHost ? { wsHost } : {}),
    ...(wsHost && wsPort ? { wsPort } : {}),
    forceTLS: server.useTLS,
  };
}

/** The WebSocket origin browsers open, for the page's CSP connect-src (or none). */
export function realtimeConnectSource(): string | null {
  const client = realtimeClientConfig();
  if (!client) return null;
  const scheme = client.forceTLS ? "wss" : "ws";
  if (!client.wsHost) return `${scheme}://ws-${client.cluster}.pusher.com`;
  return `${scheme}://${client.wsHost}${client.wsPort ? `:${client.wsPort}` : ""}`;
}
