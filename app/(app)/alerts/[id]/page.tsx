import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertCard } from "@/components/alerts/alert-card";
import { toCard } from "@/components/alerts/card-data";
import { MarkRead } from "@/components/alerts/mark-read";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/form-field";
import { triageAlertsAction } from "@/lib/alerts/actions";
import { PageHeader } from "@/components/ui/page-header";
import { ALERT_TYPE_LABELS } from "@/lib/alerts/labels";
import { getMyAlertWithHistory } from "@/lib/alerts/queries";
import { requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Alert" };

/** One alert (an email's link): its full detail, the recipient's actions, and its history. Anyone else's is not found. */
export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const found = isUuid(id) ? await getMyAlertWithHistory(user, id) : null;
  if (!found) notFound();
  const { alert, history } = found;
  const snoozed = alert.status === "OPEN" && alert.snoozedUntil && alert.snoozedUntil > new Date();
  return (
    <>
      <PageHeader title={`${ALERT_TYPE_LABELS[alert.type]}: ${alert.subject?.name ?? alert.subjectLabel}`} description="An alert sent to you. Times are in PKT." />
      <MarkRead ids={alert.readAt === null ? [alert.id] : []} />
      <p className="mb-3 text-sm">
        <Link href="/alerts" className="text-indigo-800 underline">← All your alerts</Link>
      </p>
      {snoozed ? (
        <p className="mb-3 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="alert-snoozed">
          Snoozed until {formatDateTime(alert.snoozedUntil)}: out of your open list until then, unless it escalates first.
        </p>
      ) : null}
      <AlertCard alert={toCard(alert)} highlighted />
      {alert.status === "OPEN" ? (
        <div className="mt-4">
          <Card title={snoozed ? "Snoozed" : "Snooze"}>
            {snoozed ? (
              <ActionForm action={triageAlertsAction} submitLabel="Back to open now" successMessage="Back in your open list." variant="secondary">
                <input type="hidden" name="ids[]" value={alert.id} />
                <input type="hidden" name="action" value="wake" />
              </ActionForm>
            ) : (
              <ActionForm action={triageAlertsAction} submitLabel="Snooze" successMessage="Snoozed." className="flex flex-wrap items-end gap-3" variant="secondary">
                <input type="hidden" name="ids[]" value={alert.id} />
                <input type="hidden" name="action" value="snooze" />
                <SelectField
                  label="Until"
                  name="until"
                  defaultValue="tomorrow"
                  options={[{ value: "tomorrow", label: "Tomorrow 09:00 PKT" }, { value: "monday", label: "Next Monday 09:00 PKT" }]}
                />
              </ActionForm>
            )}
            <p className="mt-2 text-xs text-slate-600">A snoozed alert leaves your open list and your digests until then. It still escalates on schedule, and an escalation brings it back.</p>
          </Card>
        </div>
      ) : null}
      <div className="mt-4">
      <Card title="History">
        <ol className="space-y-2 text-sm" data-testid="alert-history">
          {history.map((h, i) => (
            <li key={i} className="grid gap-x-3 sm:grid-cols-[12rem_1fr]">
              <span className="text-slate-600">{formatDateTime(h.at)}</span>
              <span className="text-slate-900">{h.what}</span>
            </li>
          ))}
        </ol>
      </Card>
      </div>
    </>
  );
}
