import { Inngest } from "inngest";
import { env } from "@/lib/env";

export const APP_ID = "hr-governance";

/** "cloud": Inngest (Cloud or self-hosted) drives the route, signed. "local": scripts/inngest-driver.ts does. */
export const schedulerMode: "cloud" | "local" = env.INNGEST_SIGNING_KEY ? "cloud" : "local";

export const inngest = new Inngest({
  id: APP_ID,
  // Local mode runs the SDK's dev mode (no signature check, nothing sent anywhere); the
  // route itself then admits only the local driver (app/api/inngest/route.ts).
  isDev: schedulerMode === "local",
  signingKey: env.INNGEST_SIGNING_KEY,
  signingKeyFallback: env.INNGEST_SIGNING_KEY_FALLBACK,
  eventKey: env.INNGEST_EVENT_KEY,
  baseUrl: env.INNGEST_BASE_URL,
});
