// Every scheduled function, served by app/api/inngest/route.ts and driven locally by
// scripts/inngest-driver.ts. Adding one: a file in inngest/functions/ and a line here
// (for a scan, the compiler asks for it: one per alert type a scan raises).
import type { ScanType } from "@/lib/alerts/contract";
import { alertDigests } from "./functions/alert-digests";
import { announcementsPublishDue } from "./functions/announcements-publish-due";
import { auditAnomalies } from "./functions/audit-anomalies";
import { auditReportSchedules, auditReports } from "./functions/audit-reports";
import { auditCheckpoint, auditPartitions, auditRetention, auditRollups } from "./functions/audit-maintenance";
import { auditStreams } from "./functions/audit-streams";
import { outboxDeliver } from "./functions/outbox-deliver";
import { approvalDelayScan } from "./functions/scan-approval-delay";
import { idleAfterCheckinScan } from "./functions/scan-idle-after-checkin";
import { missingCheckoutScan } from "./functions/scan-missing-checkout";
import { overdueTaskScan } from "./functions/scan-overdue-task";
import { workloadOverloadScan } from "./functions/scan-workload-overload";
import { unacknowledgedAnnouncementScan } from "./functions/scan-unacknowledged-announcement";

const scans = {
  missing_checkout: missingCheckoutScan,
  overdue_task: overdueTaskScan,
  idle_after_checkin: idleAfterCheckinScan,
  approval_delay: approvalDelayScan,
  workload_overload: workloadOverloadScan,
  unacknowledged_announcement: unacknowledgedAnnouncementScan,
} satisfies Record<ScanType, unknown>;

export const functions = [
  ...Object.values(scans),
  // After the scans: the initial run queues the digests due (with a zero window, the round's).
  alertDigests,
  outboxDeliver,
  auditAnomalies,
  auditPartitions,
  auditCheckpoint,
  auditRetention,
  auditReports,
  auditReportSchedules,
  auditRollups,
  auditStreams,
  announcementsPublishDue,
];

/** Functions that need the audit signing key; the local driver runs them in its own process. */
export const SIGNER_FUNCTION_IDS = new Set(["audit-checkpoint", "audit-retention", "audit-reports"]);
