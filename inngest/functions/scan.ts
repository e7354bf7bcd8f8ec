import { runScan, summarize } from "@/lib/alerts/run";
import type { ScanType } from "@/lib/alerts/contract";
import { inngest } from "../client";

/**
 * A scheduled scan: one step around lib/alerts, so a retry after the step succeeded
 * does not run it again, and a retry of the step itself is harmless (raising is
 * idempotent). One run at a time per scan; a second waits rather than overlapping.
 */
export function scanFunction(type: ScanType, cron: string) {
  return inngest.createFunction(
    { id: `scan-${type.replaceAll("_", "-")}`, name: `Alert scan: ${type}`, triggers: [{ cron }], retries: 3, concurrency: { limit: 1 } },
    async ({ step }) => {
      const result = await step.run(`scan-${type}`, async () => summarize(await runScan(type)));
      // New alerts reach their recipients' open pages now rather than at the next sweep.
      if (result.raised > 0) {
        await step.run("deliver-realtime", async () => {
          const { deliverRealtimeOutbox } = await import("@/lib/realtime/deliver");
          return deliverRealtimeOutbox();
        });
      }
      return result;
    },
  );
}
