import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertStatusBadge } from "@/components/alerts/alert-status-badge";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { AnomalyCloseForms } from "@/components/audit/anomaly-close-forms";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { anomalyDetails, anomalyEvidence, anomalyHistoryHref, anomalyTitle, anomalyTypeLabel } from "@/lib/alerts/anomaly-labels";
import { formatWaiting, STATUS_LABELS } from "@/lib/alerts/labels";
import { getAuditAlert } from "@/lib/alerts/queries";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Anomaly alert" };

const LINK = "font-medium text-indigo-800 underline underline-offset-2";

/** One anomaly alert: what was found, in words; the audit entries behind it; resolve or dismiss. */
export default async function AnomalyAlertPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("audit:view_all");
  const { id } = await params;
  const alert = isUuid(id) ? await getAuditAlert(user, id) : null;
  if (!alert) notFound();
  const title = anomalyTitle(alert);
  const details = anomalyDetails(alert);
  const evidence = anomalyEvidence(alert);
  const open = alert.status === "OPEN";
  const age = formatWaiting(new Date().getTime() - alert.createdAt.getTime());
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/audit/alerts" className="text-indigo-800 underline-offset-2 hover:underline">← Anomaly alerts</Link>
      </p>
      <PageHeader title={title} description={`${anomalyTypeLabel(alert.alertType)} · raised ${formatDateTime(alert.createdAt)}, ${age} ago`} />
      <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="anomaly-badges">
        <SeverityBadge severity={alert.alertSeverity} />
        <AlertStatusBadge status={alert.status} />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="What the scan found" className="lg:col-span-2">
          <p className="text-sm text-slate-900" data-testid="anomaly-message">{alert.alertMessage}</p>
          {details.length > 0 ? (
            <dl className="mt-3 grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
              {details.map((d) => (
                <div key={d.label} className="contents">
                  <dt className="font-medium text-slate-600">{d.label}</dt>
                  <dd className="min-w-0 break-words text-slate-900">{d.text}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </Card>
        <Card title="In the audit log">
          <ul className="space-y-2 text-sm" data-testid="anomaly-evidence">
            {evidence.map((e) => (
              <li key={e.href}>
                <Link href={e.href} className={LINK}>{e.label}</Link>
              </li>
            ))}
            <li>
              <Link href={anomalyHistoryHref(alert.id)} className={LINK}>This alert&apos;s own history in the audit log</Link>
            </li>
          </ul>
        </Card>
      </div>
      <div className="mt-4">
        {open ? (
          <Card title="Resolve or dismiss">
            <p className="mb-4 text-sm text-slate-600">Either closes it for every auditor and admin, along with its copies in their alert feeds, and is recorded in the audit log.</p>
            <AnomalyCloseForms auditAlertId={alert.id} />
          </Card>
        ) : (
          <Card title={STATUS_LABELS[alert.status]}>
            <p className="text-sm text-slate-900" data-testid="anomaly-closed">
              {STATUS_LABELS[alert.status]} by {alert.resolvedByName ?? "someone no longer recorded"}
              {alert.resolvedAt ? ` on ${formatDateTime(alert.resolvedAt)}` : ""}.
            </p>
            {alert.resolutionNote ? (
              <blockquote className="mt-2 border-l-4 border-slate-300 pl-3 text-sm break-words text-slate-800" data-testid="anomaly-note">
                {alert.resolutionNote}
              </blockquote>
            ) : (
              <p className="mt-2 text-sm text-slate-600">No note was left.</p>
            )}
          </Card>
        )}
      </div>
    </>
  );
}
