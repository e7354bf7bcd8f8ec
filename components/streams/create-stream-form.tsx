"use client";

import { useAction } from "next-safe-action/hooks";
import { useRef, useState } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { Field } from "@/components/ui/form-field";
import { formFields } from "@/components/ui/action-form";
import { createStreamAction } from "@/lib/streams/actions";
import { SecretOnce } from "./secret-once";

/** Adds a webhook destination and shows its signing secret once. */
export function CreateStreamForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const { execute, isPending } = useAction(createStreamAction, {
    onSuccess({ data }) {
      formRef.current?.reset();
      setCreated(data ?? null);
      outcome.succeeded(null);
    },
    onError: outcome.failed,
  });
  return (
    <div className="space-y-4">
      {created ? <SecretOnce title={`“${created.name}” is added. Its signing secret:`} secret={created.secret} onDone={() => setCreated(null)} /> : null}
      <form
        ref={formRef}
        aria-describedby={outcome.describedBy}
        className="space-y-4"
        onSubmit={(event) => {
          outcome.start(event);
          execute(formFields(new FormData(event.currentTarget)) as never);
        }}
      >
        <Field label="Name" name="name" id="stream-name" required maxLength={120} hint="What it feeds, e.g. “Splunk (SOC)”." />
        <Field label="Webhook URL" name="url" id="stream-url" required type="url" placeholder="https://siem.example.com/hooks/audit" hint="https, on a public address. Batches are signed per Standard Webhooks." />
        <Field label="Filter" name="filter" id="stream-filter" placeholder="category:security,user_management risk:>=medium" hint="The audit search language; empty sends every entry." />
        <Field label="Deliver from" name="startFrom" id="stream-start" type="datetime-local" hint="PKT. Empty: entries written from now on. Earlier: every entry since then still in the log." />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pending={isPending} label="Add destination" pendingLabel="Adding…" />
          <ActionStatus id={outcome.statusId} message={outcome.message} />
        </div>
      </form>
    </div>
  );
}
