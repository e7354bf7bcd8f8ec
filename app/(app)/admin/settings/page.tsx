import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Field, optionsFrom, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { runAllScansAction, updateAlertEmailDefaultsAction } from "@/lib/alerts/actions";
import { ALERT_EMAIL_MODE_LABELS, ALERT_EMAIL_MODES } from "@/lib/alerts/contract";
import { SEVERITY_LABELS, SEVERITY_ORDER } from "@/lib/alerts/labels";
import { getAlertEmailDefaults } from "@/lib/alerts/queries";
import { updateRetentionPoliciesAction } from "@/lib/audit/integrity/actions";
import { getRetentionPolicies } from "@/lib/audit/integrity/retention-settings";
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from "@/lib/audit/write/retention-policy";
import { requirePermission } from "@/lib/auth/session";
import { updateAlertSettingsAction } from "@/lib/settings/actions";
import { getAlertSettings, getAlertSettingsMeta } from "@/lib/settings/queries";
import { ALERT_SETTING_FIELDS, type AlertSettingName } from "@/lib/settings/schemas";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Settings" };

export default async function AlertSettingsPage() {
  await requirePermission("settings:manage");
  const [settings, meta, retention, emailDefaults] = await Promise.all([getAlertSettings(), getAlertSettingsMeta(), getRetentionPolicies(), getAlertEmailDefaults()]);
  return (
    <>
      <PageHeader
        title="Settings"
        description={`Alert thresholds the scheduled scans use, and how long the audit log keeps entries. Every change is recorded in the audit log with the old and new value.${meta ? ` Last changed ${formatDateTime(meta.updatedAt)}${meta.updatedByName ? ` by ${meta.updatedByName}` : ""}.` : ""}`}
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
        <div className="space-y-4">
        <Card title="Alert emails">
          <p className="mb-3 text-sm text-slate-700">How alert emails reach people who have not chosen for themselves (under Notifications). Critical alerts go at once unless you change it here.</p>
          <ActionForm action={updateAlertEmailDefaultsAction} submitLabel="Save email defaults" successMessage="Email defaults saved." className="space-y-3">
            {SEVERITY_ORDER.map((s) => (
              <SelectField key={s} id={`email-default-${s}`} label={`${SEVERITY_LABELS[s]} alerts`} name={s} defaultValue={emailDefaults[s]} options={optionsFrom(ALERT_EMAIL_MODES, ALERT_EMAIL_MODE_LABELS)} />
            ))}
          </ActionForm>
        </Card>
        <Card title="Run the scans">
          <p className="text-sm text-slate-700">
            The six alert scans and the audit anomaly scan run on their schedule. Run them all now to see the effect of new thresholds; the run is recorded in the audit log.
          </p>
          <ActionForm action={runAllScansAction} submitLabel="Run all scans now" pendingLabel="Running scans…" successMessage="Scans finished. New alerts are in their recipients' feeds." variant="secondary">
            <span />
          </ActionForm>
        </Card>
        </div>
      </div>
      <div className="mt-6">
        <Card title="Audit log retention">
          <p className="mb-4 text-sm text-slate-700">
            How long the audit log keeps entries of each category, {MIN_RETENTION_MONTHS} to {MAX_RETENTION_MONTHS} months (default {DEFAULT_RETENTION_MONTHS}). New entries are stamped with their category&apos;s
            policy; a month is archived and leaves the database only when every entry in it is past the longer of its own retention and its category&apos;s policy now, so a
            shorter policy never cuts short what was already written. Every change is recorded with the old and new values.
          </p>
          <ActionForm action={updateRetentionPoliciesAction} submitLabel="Save retention" successMessage="Retention saved." className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
            {retention.map((p) => (
              <Field
                key={p.category}
                label={`${p.label} (months)`}
                name={p.category}
                type="number"
                inputMode="numeric"
                min={MIN_RETENTION_MONTHS}
                max={MAX_RETENTION_MONTHS}
                step={1}
                required
                defaultValue={p.months}
                hint={p.isDefault ? "Default" : `Kept ${(p.months / 12).toLocaleString("en-US", { maximumFractionDigits: 1 })} years`}
              />
            ))}
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
