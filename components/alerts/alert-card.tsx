import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { dismissAlertAction, resolveAlertAction } from "@/lib/alerts/actions";
import { ALERT_TYPE_LABELS, STATUS_LABELS, type AlertSeverity, type AlertStatus, type AlertType } from "@/lib/alerts/labels";
import { SeverityBadge } from "./severity-badge";

export type AlertCardData = {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  subject: string;
  entity: string;
  message: string;
  createdAt: string; // already formatted in PKT
  closedAt: string | null;
  escalated: boolean;
  unread: boolean;
  resolutionNote: string | null;
  /** Where the thing the alert is about is reviewed (an anomaly alert's page), if anywhere. */
  reviewHref?: string | null;
};

/** One alert in a feed: what, about whom, when (PKT), and the recipient's two actions. */
export function AlertCard({ alert, actions = true, highlighted = false }: { alert: AlertCardData; actions?: boolean; highlighted?: boolean }) {
  const title = `${ALERT_TYPE_LABELS[alert.type]}: ${alert.subject}`;
  return (
    <article
      data-testid="alert-card"
      data-alert-id={alert.id}
      aria-labelledby={`alert-${alert.id}-title`}
      className={`rounded-lg border bg-white p-4 shadow-sm ${highlighted ? "border-indigo-500 ring-2 ring-indigo-200" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={alert.severity} />
        {alert.status !== "OPEN" ? <Badge tone="green">{STATUS_LABELS[alert.status]}</Badge> : null}
        {alert.escalated ? <Badge tone="indigo">Escalated</Badge> : null}
        {alert.unread ? <Badge tone="blue">New</Badge> : null}
      </div>
      <h3 id={`alert-${alert.id}-title`} className="mt-2 text-base font-semibold text-slate-900">
        {title}
      </h3>
      <p className="mt-1 text-sm text-slate-800">{alert.message}</p>
      {alert.reviewHref ? (
        <p className="mt-1 text-sm">
          <Link href={alert.reviewHref} className="font-medium text-indigo-800 underline">
            Review the anomaly alert<span className="sr-only">: {title}</span>
          </Link>
        </p>
      ) : null}
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm text-slate-600 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">Concerning</dt>
        <dd>{alert.entity}</dd>
        <dt className="font-medium text-slate-700">Raised</dt>
        <dd data-testid="alert-created-at">{alert.createdAt}</dd>
        {alert.closedAt ? (
          <>
            <dt className="font-medium text-slate-700">{STATUS_LABELS[alert.status]}</dt>
            <dd>
              {alert.closedAt}
              {alert.resolutionNote ? `: ${alert.resolutionNote}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {actions && alert.status === "OPEN" ? (
        <div className="mt-3 flex flex-col gap-2 border-t border-slate-100 pt-3 sm:flex-row sm:items-end sm:gap-3">
          <ActionForm action={resolveAlertAction} values={{ alertId: alert.id }} submitLabel="Resolve" pendingLabel="Resolving…" className="flex flex-1 flex-wrap items-end gap-x-3 [&>div]:mt-0">
            <div className="min-w-0 flex-1">
              <label htmlFor={`note-${alert.id}`} className="block text-sm font-medium text-slate-700">
                Note (optional)
              </label>
              <input
                id={`note-${alert.id}`}
                name="note"
                maxLength={500}
                className="mt-1 w-full rounded-md border border-slate-400 px-3 py-1.5 text-sm"
                placeholder="What was done"
              />
            </div>
          </ActionForm>
          <ActionForm action={dismissAlertAction} values={{ alertId: alert.id }} submitLabel="Dismiss" pendingLabel="Dismissing…" variant="secondary" className="[&>div]:mt-0">
            <span className="sr-only">Dismiss {title}</span>
          </ActionForm>
        </div>
      ) : null}
    </article>
  );
}
