import { db } from "@/lib/db";
import { runStreams } from "@/lib/streams/deliver";
import { inngest } from "../client";

/**
 * Audit streams (lib/streams): each minute, a run that delivers to every active
 * destination for most of the minute, each in its own loop, woken within milliseconds
 * of each commit by the audit_appended NOTIFY. So new entries reach a healthy destination
 * in seconds, not at the next tick. With no destination, it ends at once.
 */
export const auditStreams = inngest.createFunction(
  { id: "audit-streams", name: "Audit streams", triggers: [{ cron: "* * * * *" }], retries: 1, concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("deliver", async () => {
      if ((await db.auditStream.count({ where: { state: "active" } })) === 0) return { streams: 0, delivered: 0, failed: 0, paused: [] as string[] };
      const run = await runStreams({ budgetMs: 55_000 });
      return { streams: run.streams, delivered: run.delivered, failed: run.failed, paused: run.paused };
    }),
);
