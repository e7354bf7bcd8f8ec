import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { optionsFrom, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { updateMyAlertEmailsAction } from "@/lib/alerts/actions";
import { ALERT_EMAIL_MODE_LABELS, ALERT_EMAIL_MODES } from "@/lib/alerts/contract";
import { SEVERITY_LABELS, SEVERITY_ORDER } from "@/lib/alerts/labels";
import { getMyAlertEmailPreferences } from "@/lib/alerts/queries";
import { requirePermission } from "@/lib/auth/session";
import { getAlertSettings } from "@/lib/settings/queries";

export const metadata: Metadata = { title: "Notifications" };

const hour = (h: number) => `${String(h).padStart(2, "0")}:00 PKT`;

/** How alert emails reach the signed-in person (issue 24): per severity, and their daily summary's hour. */
export default async function NotificationsPage() {
  const user = await requirePermission("attendance:self");
  const [{ choices, defaults }, settings] = await Promise.all([getMyAlertEmailPreferences(user), getAlertSettings()]);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="How alert emails reach you. A digest groups the alerts of a scan round into one email a few minutes after it; a daily summary waits for your hour. Alerts always show in your Alerts list at once."
      />
      <Card title="Alert emails">
        <ActionForm action={updateMyAlertEmailsAction} submitLabel="Save" successMessage="Saved." className="grid gap-4 sm:grid-cols-2">
          {SEVERITY_ORDER.map((s) => (
            <SelectField
              key={s}
              label={`${SEVERITY_LABELS[s]} alerts`}
              name={s}
              defaultValue={choices[s] ?? "default"}
              options={[
                { value: "default", label: `Default: ${ALERT_EMAIL_MODE_LABELS[defaults[s]].toLowerCase()}` },
                ...optionsFrom(ALERT_EMAIL_MODES, ALERT_EMAIL_MODE_LABELS),
              ]}
            />
          ))}
          <SelectField
            label="Daily summary at"
            name="dailyHour"
            defaultValue={choices.dailyHour === null ? "default" : String(choices.dailyHour)}
            options={[{ value: "default", label: `Default: ${hour(settings.dailySummaryHour)}` }, ...Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hour(h) }))]}
          />
        </ActionForm>
        <p className="mt-4 text-xs text-slate-600">
          {settings.digestWindowMinutes === 0
            ? "Digests go out as soon as a scan round is done."
            : `Digests wait ${settings.digestWindowMinutes} minute${settings.digestWindowMinutes === 1 ? "" : "s"} after an alert is raised.`}{" "}
          An alert still open {settings.repeatIntervalHours} hours after
          its email is reminded once, in your next digest. Overdue-task alerts about someone whose workload overload alert is open are left out of digests (the overload covers them); they stay in your list.
        </p>
      </Card>
    </>
  );
}
