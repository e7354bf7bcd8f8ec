// Compliance reports (issue 21): request one for a type and a period, follow it while it
// is generated, download it. Auditors and admins (audit:reports); token scopes
// audit:read to read, audit:export to request and download.
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { REPORT_FORMATS, REPORT_TYPES } from "@/lib/audit/reports/document";
import { instant } from "./schemas";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A day, yyyy-mm-dd.").meta({ description: "A day in PKT, yyyy-mm-dd." });
const DENIED = "You are not allowed to use compliance reports.";

export const reportIdSchema = z.object({ id: z.uuid("A report id is a UUID.") });

export const requestReportSchema = z
  .object({
    type: z.enum(REPORT_TYPES).meta({ description: "What the report answers: `access_review`, `authentication`, `sensitive_data_access`, `integrity_attestation`, `alert_handling` or `announcement_reach`." }),
    from: day.meta({ description: "The first day of the period (PKT)." }),
    to: day.meta({ description: "The last day of the period (PKT), included; at most 366 days after `from`." }),
    format: z.enum(REPORT_FORMATS).optional().meta({ description: "The format you will download; the links cover all three." }),
  })
  .strict();

export const downloadReportQuerySchema = z.object({ format: z.enum(REPORT_FORMATS).default("pdf") }).strict();

const report = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(REPORT_TYPES),
    status: z.enum(["queued", "generating", "ready", "failed"]),
    progress: z.number().int().min(0).max(100).meta({ description: "Percent done while generating." }),
    progressNote: z.string(),
    periodFrom: instant,
    periodTo: instant.meta({ description: "The end of the period (exclusive)." }),
    requestedAt: instant,
    generatedAt: instant.nullable(),
    requestedBy: z.string(),
    pdfSha256: z.string().nullable().meta({ description: "SHA-256 of the PDF, once ready." }),
    dataSha256: z.string().nullable().meta({ description: "SHA-256 of the report's data (canonical JSON), printed in the PDF's footer." }),
    keyId: z.string().nullable().meta({ description: "The Ed25519 key that signed the report, or null if it is unsigned." }),
    signed: z.boolean(),
    error: z.string(),
    links: z.object({ self: z.string(), pdf: z.string(), csv: z.string(), json: z.string() }),
  })
  .meta({ id: "ComplianceReport" });

const cell = z.union([z.string(), z.number(), z.null()]);
const kind = z.enum(["text", "count", "hours", "percent", "time"]).optional();
const reportDocument = z
  .object({
    type: z.enum(REPORT_TYPES),
    title: z.string(),
    question: z.string(),
    period: z.object({ from: instant, to: instant }),
    generatedAt: instant,
    figures: z.array(z.object({ key: z.string(), label: z.string(), value: cell, kind, note: z.string().optional() })),
    tables: z.array(z.object({
      key: z.string(), title: z.string(), note: z.string().optional(),
      columns: z.array(z.object({ key: z.string(), label: z.string(), kind })),
      rows: z.array(z.record(z.string(), cell)),
    })),
  })
  .meta({ id: "ComplianceReportData", description: "The report as data: its key figures, and its tables (the rows behind the figures). Instants are ISO 8601 in UTC." });

export const listAuditReports = defineOperation({
  method: "GET", path: "/api/audit-reports", operationId: "listAuditReports", tag: "Compliance reports",
  summary: "List compliance reports",
  description: "The latest 100 reports, newest request first, with who asked and where each one stands.",
  scope: "audit:read", permission: "audit:reports", deniedMessage: DENIED,
  response: { status: 200, description: "The reports.", schema: z.object({ data: z.array(report) }) },
});

export const requestAuditReport = defineOperation({
  method: "POST", path: "/api/audit-reports", operationId: "requestAuditReport", tag: "Compliance reports",
  summary: "Request a compliance report",
  description: "Queues a report for a period of whole PKT days. It is generated in the background within about a minute (follow it with GET /api/audit-reports/{id}), signed where the signing key is, and kept unchanged. The request is audited.",
  scope: "audit:export", permission: "audit:reports", deniedMessage: DENIED, sameOrigin: true,
  body: requestReportSchema,
  response: { status: 202, description: "Queued.", schema: z.object({ data: report }), headers: { Location: "The report's URL." } },
});

export const getAuditReport = defineOperation({
  method: "GET", path: "/api/audit-reports/{id}", operationId: "getAuditReport", tag: "Compliance reports",
  summary: "A compliance report",
  description: "Where it stands (queued, generating with its progress, ready, failed with the reason), and its hashes and key once ready.",
  scope: "audit:read", permission: "audit:reports", deniedMessage: DENIED,
  params: reportIdSchema,
  response: { status: 200, description: "The report.", schema: z.object({ data: report }) },
  errors: ["not_found"],
});

export const downloadAuditReport = defineOperation({
  method: "GET", path: "/api/audit-reports/{id}/download", operationId: "downloadAuditReport", tag: "Compliance reports",
  summary: "Download a compliance report",
  description: "A ready report as PDF (the stored, signed file), CSV or JSON (the report's data). 409 while it is not ready. Every download is audited.",
  scope: "audit:export", permission: "audit:reports", deniedMessage: DENIED,
  params: reportIdSchema, query: downloadReportQuerySchema,
  response: {
    status: 200,
    description: "The file.",
    files: [
      { contentType: "application/pdf", description: "`format=pdf` (the default)." },
      { contentType: "text/csv", description: "`format=csv`: the figures, then each table." },
      { contentType: "application/json", description: "`format=json`: the report's data.", schema: reportDocument },
    ],
    headers: { "Content-Disposition": "`attachment; filename=…`" },
  },
  errors: ["not_found", "conflict"],
});
