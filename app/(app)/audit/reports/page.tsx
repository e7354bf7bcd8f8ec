import type { Metadata } from "next";
import { ReportsRefresher } from "@/components/audit/reports-refresher";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Field, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { requestReportAction } from "@/lib/audit/reports/actions";
import { REPORT_TYPES } from "@/lib/audit/reports/document";
import { listReports, type ReportSummary } from "@/lib/audit/reports/queries";
import { REPORTS } from "@/lib/audit/reports/types";
import { requirePermission } from "@/lib/auth/session";
import { formatDate, formatDateTime, pktDayKey } from "@/lib/time";

export const metadata: Metadata = { title: "Compliance reports" };

const STATUS = {
  queued: { label: "Queued", tone: "gray" },
  generating: { label: "Generating", tone: "amber" },
  ready: { label: "Ready", tone: "green" },
  failed: { label: "Failed", tone: "red" },
} as const;

/** Last calendar month in PKT, the period most reports are asked for. */
function lastMonth(now: Date): { from: string; to: string } {
  const today = pktDayKey(now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(m === 1 ? y - 1 : y, m === 1 ? 11 : m - 2, 1));
  const last = new Date(Date.UTC(y, m - 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

function periodLabel(r: ReportSummary): string {
  const last = new Date(new Date(r.periodTo).getTime() - 1);
  return `${formatDate(new Date(r.periodFrom))} – ${formatDate(last)}`;
}

export default async function ReportsPage() {
  const user = await requirePermission("audit:reports");
  const reports = await listReports({ actor: user, request: {} });
  const period = lastMonth(new Date());
  const pending = reports.some((r) => r.status === "queued" || r.status === "generating");
  return (
    <>
      <PageHeader
        title="Compliance reports"
        description="Reports an auditor is asked for, over a period you choose. Each is generated in the background, kept unchanged with its SHA-256 and signature, and downloadable as PDF, CSV or JSON. Requests and downloads are recorded in the audit log."
      />
      <ReportsRefresher active={pending} />
      <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
        <Card title="Generate a report">
          <ActionForm action={requestReportAction} submitLabel="Generate report" pendingLabel="Requesting…" successMessage="Requested. It is generated in the background; its progress shows in the list." className="space-y-4">
            <SelectField label="Report" name="type" options={REPORT_TYPES.map((t) => ({ value: t, label: REPORTS[t].title }))} defaultValue="access_review" />
            <dl className="space-y-1 text-xs text-slate-600">
              {REPORT_TYPES.map((t) => (
                <div key={t}>
                  <dt className="inline font-medium text-slate-700">{REPORTS[t].title}: </dt>
                  <dd className="inline">{REPORTS[t].question}</dd>
                </div>
              ))}
            </dl>
            <div className="grid grid-cols-2 gap-3">
              <Field label="From" name="from" type="date" required defaultValue={period.from} />
              <Field label="To" name="to" type="date" required defaultValue={period.to} hint="Included" />
            </div>
          </ActionForm>
        </Card>
        <Card title="Reports">
          {reports.length === 0 ? (
            <p className="text-sm text-slate-700">No report has been generated yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200" data-testid="reports">
              {reports.map((r) => (
                <li key={r.id} className="py-3" data-testid="report">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <p className="font-medium text-slate-900">{REPORTS[r.type].title}</p>
                    <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
                  </div>
                  <p className="text-sm text-slate-700">
                    {periodLabel(r)} · asked by {r.requestedBy} on {formatDateTime(new Date(r.requestedAt))}
                  </p>
                  {r.status === "generating" || r.status === "queued" ? (
                    <div className="mt-2">
                      <div className="h-2 w-full max-w-sm overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={`Progress of ${r.name}`} aria-valuenow={r.progress} aria-valuemin={0} aria-valuemax={100}>
                        <div className="h-2 bg-indigo-600" style={{ width: `${r.progress}%` }} />
                      </div>
                      <p className="mt-1 text-xs text-slate-600" data-testid="report-progress">
                        {r.status === "queued" ? "Waiting to be generated (within a minute)" : `${r.progress} % · ${r.progressNote}`}
                      </p>
                    </div>
                  ) : null}
                  {r.status === "failed" ? <p className="mt-1 text-sm text-red-800">{r.error}</p> : null}
                  {r.status === "ready" ? (
                    <div className="mt-2 space-y-1">
                      <p className="flex flex-wrap gap-3 text-sm">
                        {(["pdf", "csv", "json"] as const).map((f) => (
                          <a key={f} className="font-medium text-indigo-700 underline hover:text-indigo-900" href={`/api/audit-reports/${r.id}/download?format=${f}`} download>
                            Download {f.toUpperCase()}
                          </a>
                        ))}
                      </p>
                      <p className="break-all text-xs text-slate-600">
                        Generated {r.generatedAt ? formatDateTime(new Date(r.generatedAt)) : ""} · PDF SHA-256 {r.pdfSha256} · {r.signed ? `signed with ${r.keyId}` : "not signed"}
                      </p>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
