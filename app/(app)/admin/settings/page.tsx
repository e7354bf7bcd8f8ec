import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { runAllScansAction } from "@/lib/alerts/actions";
import { requirePermission } from "@/lib/auth/session";
import { updateAlertSettingsAction } from "@/lib/settings/actions";
import { getAlertSettings, getAlertSettingsMeta } from "@/lib/settings/queries";
import { ALERT_SETTING_FIELDS, type AlertSettingName } from "@/lib/settings/schemas";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Alert settings" };

export default async function AlertSettingsPage() {
  await requirePermission("settings:manage");
  const [settings, meta] = await Promise.all([getAlertSettings(), getAlertSettingsMeta()]);
  return (
    <>
      <PageHeader
        title="Alert settings"
        description={`Thresholds the scheduled scans use. Every change is recorded in the audit log with the old and new value.${meta ? ` Last changed ${formatDateTime(meta.updatedAt)}${meta.updatedByName ? ` by ${meta.updatedByName}` : ""}.` : ""}`}
      />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card title="Thresholds">
          <ActionForm action={updateAlertSettingsAction} submitLabel="Save thresholds" successMessage="Thresholds saved." className="space-y-4">
            {(Object.keys(ALERT_SETTING_FIELDS) as AlertSettingName[]).map((name) => {
              const f = ALERT_SETTING_FIELDS[name];
              return (
                <Field
                  key={name}
                  label={f.label}
                  name={name}
                  type="number"
                  inputMode="numeric"
                  min={f.min}
                  max={f.max}
                  step={1}
                  required
                  defaultValue={settings[name]}
                  hint={`${f.help} Default ${f.default}; ${f.min} to ${f.max}.`}
                />
              );
            })}
          </ActionForm>
        </Card>
        <Card title="Run the scans">
          <p className="text-sm text-slate-700">
            The five scans and the audit anomaly scan run on their schedule. Run them all now to see the effect of new thresholds; the run is recorded in the audit log.
          </p>
          <ActionForm action={runAllScansAction} submitLabel="Run all scans now" pendingLabel="Running scans…" successMessage="Scans finished. New alerts are in their recipients' feeds." variant="secondary">
            <span />
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
