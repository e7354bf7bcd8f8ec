"use client";

import Pusher, { type Channel } from "pusher-js";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { RealtimeClientConfig } from "@/lib/realtime/config";
import { createSeenIds } from "@/lib/realtime/seen";

type Handler = (data: Record<string, unknown>) => void;
type Listeners = Map<string, Set<Handler>>;
type RealtimeState = "off" | "connecting" | "ready" | "unavailable";

const RealtimeContext = createContext<{ listeners: Listeners } | null>(null);

type Props = { config: RealtimeClientConfig | null; channels: string[]; children: React.ReactNode };

/**
 * One pusher-js connection per signed-in page, subscribed to the person's private
 * channels (authorized by /api/pusher/auth). Components listen with useRealtimeEvent.
 * Sets `data-realtime` on <html> to its state (tests wait for "ready").
 */
export function RealtimeProvider({ config, channels, children }: Props) {
  const [listeners] = useState<Listeners>(() => new Map());
  const [state, setState] = useState<RealtimeState>(config ? "connecting" : "off");
  const channelKey = channels.join(" ");
  const configKey = config ? JSON.stringify(config) : "";

  useEffect(() => {
    if (!configKey) return;
    const options = JSON.parse(configKey) as RealtimeClientConfig;
    const names = channelKey.split(" ").filter(Boolean);
    const pusher = new Pusher(options.key, {
      cluster: options.cluster,
      ...(options.wsHost ? { wsHost: options.wsHost, wsPort: options.wsPort, wssPort: options.wsPort } : {}),
      forceTLS: options.forceTLS,
      enabledTransports: options.forceTLS ? ["wss"] : ["ws"],
      disableStats: true,
      channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
    });
    // A re-sent event (a crash between send and mark) carries the id it had.
    const seen = createSeenIds(500);
    let subscribed = 0;
    const dispatch = (event: string, data: unknown) => {
      if (event.startsWith("pusher:") || typeof data !== "object" || data === null) return;
      const payload = data as Record<string, unknown>;
      const id = typeof payload.eventId === "string" ? payload.eventId : null;
      if (id && !seen.firstTime(id)) return;
      for (const handler of listeners.get(event) ?? []) handler(payload);
    };
    const subscriptions: Channel[] = names.map((name) => {
      const channel = pusher.subscribe(name);
      channel.bind("pusher:subscription_succeeded", () => {
        subscribed++;
        if (subscribed === names.length) setState("ready");
      });
      channel.bind("pusher:subscription_error", () => setState("unavailable"));
      channel.bind_global(dispatch);
      return channel;
    });
    pusher.connection.bind("unavailable", () => setState("unavailable"));
    pusher.connection.bind("failed", () => setState("unavailable"));
    return () => {
      for (const channel of subscriptions) channel.unbind_all();
      pusher.disconnect();
    };
  }, [configKey, channelKey, listeners]);

  useEffect(() => {
    document.documentElement.dataset.realtime = state;
  }, [state]);

  return <RealtimeContext.Provider value={{ listeners }}>{children}</RealtimeContext.Provider>;
}

/** Calls `handler` with each new `eventName` event on the person's channels (deduplicated). */
export function useRealtimeEvent(eventName: string, handler: Handler): void {
  const context = useContext(RealtimeContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!context) return;
    const listener: Handler = (data) => latest.current(data);
    const set = context.listeners.get(eventName) ?? new Set<Handler>();
    set.add(listener);
    context.listeners.set(eventName, set);
    return () => {
      set.delete(listener);
    };
  }, [context, eventName]);
}
