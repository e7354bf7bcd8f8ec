import type { Metadata } from "next";
import { ReportsRefresher } from "@/components/audit/reports-refresher";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Field, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { createScheduleAction, requestReportAction, stopScheduleAction } from "@/lib/audit/reports/actions";
import { CADENCE_LABELS, CADENCES, REPORT_TYPES } from "@/lib/audit/reports/document";
import { listReports, listSchedules, reportRecipients, type ReportSummary, type ScheduleSummary } from "@/lib/audit/reports/queries";
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

function ScheduleItem({ s }: { s: ScheduleSummary }) {
  const stopped = s.stoppedAt !== null;
  return (
    <li className="py-3" data-testid="schedule">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900">
          {REPORTS[s.type].title}, {s.cadence === "weekly" ? "every week" : "every month"}
        </p>
        <Badge tone={stopped ? "gray" : "green"}>{stopped ? "Stopped" : "Active"}</Badge>
      </div>
      <p className="text-sm text-slate-700">
        Emailed to {s.recipients.map((r) => (r.canReceive ? r.name : `${r.name} (no longer receives it)`)).join(", ")}
      </p>
      <p className="text-xs text-slate-600">
        Set up by {s.createdBy} on {formatDateTime(new Date(s.createdAt))}
        {s.lastReport ? ` · last report: ${formatDate(new Date(s.lastReport.periodFrom))} onwards (${STATUS[s.lastReport.status as ReportSummary["status"]]?.label ?? s.lastReport.status})` : " · its first report is queued within the hour"}
        {stopped ? ` · stopped by ${s.stoppedBy} on ${formatDateTime(new Date(s.stoppedAt!))}` : ""}
      </p>
      {stopped ? null : (
        <ActionForm action={stopScheduleAction} values={{ id: s.id }} submitLabel="Stop schedule" pendingLabel="Stopping…" successMessage="Stopped." variant="secondary" className="mt-1">
          <span className="sr-only">Stop the {s.cadence} {REPORTS[s.type].title.toLowerCase()} schedule</span>
        </ActionForm>
      )}
    </li>
  );
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("audit:reports");
  const picked = (await searchParams).report;
  const [reports, schedules, recipients] = await Promise.all([listReports({ actor: user, request: {} }), listSchedules({ actor: user, request: {} }), reportRecipients()]);
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
                <li key={r.id} id={`report-${r.id}`} className={`py-3 ${picked === r.id ? "-mx-2 rounded bg-indigo-50 px-2" : ""}`} data-testid="report" aria-current={picked === r.id ? "true" : undefined}>
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
      <div className="mt-4 grid gap-4 lg:grid-cols-[1fr_2fr]">
        <Card title="Schedule a report">
          <ActionForm action={createScheduleAction} submitLabel="Create schedule" pendingLabel="Creating…" successMessage="Scheduled. The report for the last whole period is queued within the hour." className="space-y-4" resetOnSuccess>
            <SelectField id="schedule-type" label="Report" name="type" options={REPORT_TYPES.map((t) => ({ value: t, label: REPORTS[t].title }))} defaultValue="access_review" />
            <SelectField id="schedule-cadence" label="How often" name="cadence" options={CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c] }))} defaultValue="monthly" />
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">Email a link to</legend>
              <p className="text-xs text-slate-600">Auditors and admins; they sign in to download it.</p>
              <div className="mt-2 max-h-48 space-y-1 overflow-y-auto">
                {recipients.map((p) => (
                  <label key={p.id} className="flex items-start gap-2 text-sm text-slate-800">
                    <input type="checkbox" name="recipientIds[]" value={p.id} defaultChecked={p.id === user.id} className="mt-0.5 h-4 w-4 rounded border-slate-400" />
                    <span>
                      {p.name} <span className="text-slate-600">({p.email})</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          </ActionForm>
        </Card>
        <Card title="Schedules">
          {schedules.length === 0 ? (
            <p className="text-sm text-slate-700">No report is scheduled. A schedule generates its report every week or month for the period just ended and emails a link to it.</p>
          ) : (
            <ul className="divide-y divide-slate-200" data-testid="schedules">
              {schedules.map((s) => (
                <ScheduleItem key={s.id} s={s} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
