"use client";

import { ActionForm } from "@/components/ui/action-form";
import { Field, TextAreaField } from "@/components/ui/form-field";
import { editSessionAction } from "@/lib/attendance/actions";

export function EditSessionForm({ sessionId, checkInAt, checkOutAt }: { sessionId: string; checkInAt: string; checkOutAt: string }) {
  return (
    <ActionForm action={editSessionAction} values={{ sessionId }} submitLabel="Save correction" successMessage="Correction saved and recorded in the audit log." className="space-y-4">
      <Field label="Check in (PKT)" name="checkInAt" type="datetime-local" defaultValue={checkInAt} required />
      <Field label="Check out (PKT)" name="checkOutAt" type="datetime-local" defaultValue={checkOutAt} hint="Leave empty to keep the session open." />
      <TextAreaField label="Reason for the correction" name="reason" required minLength={5} maxLength={500} />
    </ActionForm>
  );
}
