import { runAuditMaintenance } from "@/lib/audit/integrity/maintenance";
import { archiveExpiredPartitions } from "@/lib/audit/integrity/retention";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { inngest } from "../client";

/**
 * Monthly audit partitions from last month to three months ahead, then the free-text
 * counts of months that ended over a day ago (daily; the app's role may run both).
 */
export const auditPartitions = inngest.createFunction(
  { id: "audit-partitions", name: "Audit partitions", triggers: [{ cron: "17 3 * * *" }], retries: 3 },
  async ({ step }) => {
    const partitions = await step.run("ensure-partitions", async () => {
      const { rows } = await pool.query<{ n: number }>("SELECT audit_ensure_partitions(now() - interval '1 month', now() + interval '3 months') AS n");
      return rows[0]?.n ?? 0;
    });
    const sealedMonths = await step.run("seal-text-months", async () => {
      const { rows } = await pool.query<{ n: number }>("SELECT audit_text_seal_due() AS n");
      return rows[0]?.n ?? 0;
    });
    return { partitions, sealedMonths };
  },
);

/**
 * A signed checkpoint when one is due (lib/audit/integrity/maintenance.ts decides; an advisory lock
 * lets one instance run it). Only a process holding AUDIT_SIGNING_KEY signs: the web app
 * does not, so in the embedded default the local driver runs this function in its own
 * process (scripts/inngest-driver.ts, `signer` functions); a deployment without the key
 * answers "skipped" rather than failing every ten minutes.
 */
export const auditCheckpoint = inngest.createFunction(
  { id: "audit-checkpoint", name: "Audit checkpoint", triggers: [{ cron: "*/10 * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("checkpoint", async () => {
      if (!env.AUDIT_SIGNING_KEY) return { ran: false, reason: "no AUDIT_SIGNING_KEY in this process" };
      const run = await runAuditMaintenance();
      return run.ran ? { ran: true, partitions: run.partitions, checkpointId: run.checkpointId?.toString() ?? null } : run;
    }),
);

/**
 * Retention: every month whose entries are all past the longer of their own retention and
 * their category's policy is written to a signed archive file and leaves the database,
 * oldest first (lib/audit/integrity/retention.ts). Daily; it signs, so like the
 * checkpoint it runs only where AUDIT_SIGNING_KEY is (the local driver's process).
 */
export const auditRetention = inngest.createFunction(
  { id: "audit-retention", name: "Audit retention", triggers: [{ cron: "40 2 * * *" }], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("archive-expired-months", async () => {
      if (!env.AUDIT_SIGNING_KEY) return { ran: false, reason: "no AUDIT_SIGNING_KEY in this process" };
      const run = await archiveExpiredPartitions({ now: new Date() });
      return {
        ran: true,
        archived: run.archived.map((a) => ({ partition: a.partition, rows: a.rowCount, file: a.filePath })),
        stoppedAt: run.partitions.find((p) => p.outcome === "within_retention" || p.outcome === "open")?.partition ?? null,
      };
    }),
);

/**
 * The chart rollups brought up to the chain heads (audit_rollup_advance(); the app's role
 * may run it, one run at a time). Each minute, so the entries a chart reads past the
 * watermark stay few.
 */
export const auditRollups = inngest.createFunction(
  { id: "audit-rollups", name: "Audit chart rollups", triggers: [{ cron: "* * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("advance", async () => {
      const { rows } = await pool.query<{ n: string }>("SELECT audit_rollup_advance() AS n");
      return { rolledUp: Number(rows[0]?.n ?? 0) };
    }),
);
