// The email a scheduled report sends when it is ready (issue 21): the outbox row's topic
// and payload, everything the email says, so it renders without a read. It carries a
// link to the reports page, never the report itself.
import { z } from "zod";

export const REPORT_READY_TOPIC = "audit_report.ready";

export const reportEmailPayloadSchema = z.object({
  to: z.email(),
  recipientName: z.string().min(1),
  reportId: z.uuid(),
  reportName: z.string().min(1),
  reportTitle: z.string().min(1),
  cadence: z.enum(["weekly", "monthly"]),
  /** The period as people read it ("1 Nov 2026 – 30 Nov 2026"). */
  period: z.string().min(1),
  pdfSha256: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string().nullable(),
});
export type ReportEmailPayload = z.infer<typeof reportEmailPayloadSchema>;

/** Where the email's link leads: the reports page, with the report picked out. */
export function reportLink(appUrl: string, reportId: string): string {
  return `${appUrl.replace(/\/$/, "")}/audit/reports?report=${encodeURIComponent(reportId)}#report-${encodeURIComponent(reportId)}`;
}
