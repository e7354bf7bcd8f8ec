import { deliverEmailOutbox } from "@/lib/email/deliver";
import { inngest } from "../client";

/**
 * Sends what the outbox holds, after commit: alert emails, then realtime events (alerts,
 * announcements), each sweep a step of its own, so a retry does not repeat a sweep that
 * finished. A row sent twice across a crash carries the same id (the email's Message-ID,
 * the event's eventId), which receivers drop.
 */
export const outboxDeliver = inngest.createFunction(
  { id: "outbox-deliver", name: "Outbox delivery", triggers: [{ cron: "* * * * *" }], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) => {
    const email = await step.run("deliver-email", () => deliverEmailOutbox());
    const realtime = await step.run("deliver-realtime", async () => {
      // Loaded when the step runs: lib/realtime is server-only, and the local driver
      // imports this registry only to read ids and crons.
      const { deliverRealtimeOutbox } = await import("@/lib/realtime/deliver");
      return deliverRealtimeOutbox();
    });
    return { email, realtime };
  },
);
