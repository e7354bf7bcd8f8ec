import { deliverEmailOutbox } from "@/lib/email/deliver";
import { inngest } from "../client";

/**
 * Sends what the outbox holds, after commit: alert emails (and, once the realtime layer
 * is merged, realtime events in a step of their own). Each sweep is one step, so a retry
 * does not repeat a sweep that finished; a row sent twice across a crash carries the
 * same id (Message-ID), which receivers drop.
 */
export const outboxDeliver = inngest.createFunction(
  { id: "outbox-deliver", name: "Outbox delivery", triggers: [{ cron: "* * * * *" }], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) => {
    const email = await step.run("deliver-email", () => deliverEmailOutbox());
    return { email };
  },
);
