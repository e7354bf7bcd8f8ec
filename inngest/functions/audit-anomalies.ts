import { runAnomalyScan } from "@/lib/alerts/anomalies";
import { inngest } from "../client";

/** Failed sign-in bursts, large exports and off-hours privilege changes in the audit log. */
export const auditAnomalies = inngest.createFunction(
  { id: "audit-anomalies", name: "Audit anomaly scan", triggers: [{ cron: "*/5 * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => step.run("scan-audit-log", () => runAnomalyScan()),
);
