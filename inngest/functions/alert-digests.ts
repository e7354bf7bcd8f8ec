import { deliverEmailOutbox } from "@/lib/email/deliver";
import { buildDigests } from "@/lib/alerts/notify";
import { inngest } from "../client";

/**
 * Alert digests (issue 24), each minute: queues the digests due (one outbox row per
 * recipient and round, lib/alerts/notify.ts), then sends the email outbox at once when
 * it queued any, rather than at the next delivery sweep.
 */
export const alertDigests = inngest.createFunction(
  { id: "alert-digests", name: "Alert digests", triggers: [{ cron: "* * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => {
    const built = await step.run("build-digests", () => buildDigests());
    const email = built.digests > 0 ? await step.run("deliver-email", () => deliverEmailOutbox()) : null;
    return { ...built, email };
  },
);
