"use client";

import { ActionForm } from "@/components/ui/action-form";
import { TextAreaField } from "@/components/ui/form-field";
import { dismissAuditAlertAction, resolveAuditAlertAction } from "@/lib/alerts/actions";
import { MAX_ANOMALY_NOTE } from "@/lib/alerts/schemas";

/**
 * Resolving (something was done; the note says what, if anything) and dismissing (nothing
 * needs doing; the note must say why) an open anomaly alert. Both go through the service
 * the API uses; the page shows the closed state once the action succeeds.
 */
export function AnomalyCloseForms({ auditAlertId }: { auditAlertId: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="resolve-heading">
        <h3 id="resolve-heading" className="text-sm font-semibold text-slate-900">Resolve</h3>
        <p className="mt-1 text-sm text-slate-600">It was looked into and dealt with.</p>
        <ActionForm action={resolveAuditAlertAction} values={{ auditAlertId }} submitLabel="Resolve" pendingLabel="Resolving…" className="mt-3">
          <TextAreaField id="resolve-note" label="Note (optional)" name="note" maxLength={MAX_ANOMALY_NOTE} placeholder="What was done" />
        </ActionForm>
      </section>
      <section aria-labelledby="dismiss-heading">
        <h3 id="dismiss-heading" className="text-sm font-semibold text-slate-900">Dismiss</h3>
        <p className="mt-1 text-sm text-slate-600">Nothing needs doing: the note says why.</p>
        <ActionForm action={dismissAuditAlertAction} values={{ auditAlertId }} submitLabel="Dismiss" pendingLabel="Dismissing…" variant="secondary" className="mt-3">
          <TextAreaField id="dismiss-note" label="Reason (required)" name="note" required maxLength={MAX_ANOMALY_NOTE} placeholder="Why it needs no action" />
        </ActionForm>
      </section>
    </div>
  );
}
