"use client";

import { useAction } from "next-safe-action/hooks";
import { useRef, useState } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { Field, SelectField, TextAreaField, optionsFrom } from "@/components/ui/form-field";
import { formFields } from "@/components/ui/action-form";
import { createStreamAction } from "@/lib/streams/actions";
import { FORMAT_LABELS, FORMATS_OF, STREAM_TRANSPORTS, TRANSPORT_LABELS, type StreamTransport } from "@/lib/streams/contract";
import { SecretOnce } from "./secret-once";

const URL_FIELD: Partial<Record<StreamTransport, { label: string; placeholder: string; hint: string }>> = {
  webhook: { label: "Webhook URL", placeholder: "https://siem.example.com/hooks/audit", hint: "https, on a public address. Batches are signed per Standard Webhooks." },
  splunk_hec: { label: "HEC endpoint", placeholder: "https://splunk.example.com:8088", hint: "The collector; /services/collector/event is added." },
  datadog: { label: "Logs intake URL", placeholder: "https://http-intake.logs.datadoghq.eu/api/v2/logs", hint: "Your Datadog site's logs intake." },
  elastic: { label: "Cluster URL", placeholder: "https://es.example.com:9200", hint: "Elasticsearch or OpenSearch; /_bulk is added." },
};

/** Adds a destination of any transport; a webhook's signing secret is shown once. */
export function CreateStreamForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const [transport, setTransport] = useState<StreamTransport>("webhook");
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const { execute, isPending } = useAction(createStreamAction, {
    onSuccess({ data }) {
      formRef.current?.reset();
      setTransport("webhook");
      if (data?.secret) setCreated({ name: data.name, secret: data.secret });
      outcome.succeeded(data?.secret ? null : `“${data?.name ?? ""}” is added. Send a test event from its card.`);
    },
    onError: outcome.failed,
  });
  const url = URL_FIELD[transport];
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
        <SelectField
          label="Transport" name="transport" id="stream-transport" value={transport}
          onChange={(e) => setTransport(e.target.value as StreamTransport)} options={optionsFrom(STREAM_TRANSPORTS, TRANSPORT_LABELS)}
        />
        <Field label="Name" name="name" id="stream-name" required maxLength={120} hint="What it feeds, e.g. “Splunk (SOC)”." />
        {url ? <Field key={transport} label={url.label} name="url" id="stream-url" required type="url" placeholder={url.placeholder} hint={url.hint} /> : null}
        {transport === "splunk_hec" ? (
          <div className="space-y-4">
            <Field label="HEC token" name="token" id="stream-token" required type="password" autoComplete="off" hint="Stored encrypted; never shown again." />
            <Field label="Source type" name="sourcetype" id="stream-sourcetype" placeholder="hr:audit" />
            <Field label="Index" name="index" id="stream-index" placeholder="The token's default" />
          </div>
        ) : null}
        {transport === "datadog" ? (
          <div className="space-y-4">
            <Field label="API key" name="apiKey" id="stream-apikey" required type="password" autoComplete="off" hint="Stored encrypted; never shown again." />
            <Field label="Service" name="service" id="stream-service" placeholder="hr-governance-audit" />
          </div>
        ) : null}
        {transport === "elastic" ? (
          <div className="space-y-4">
            <Field label="Index" name="index" id="stream-index" required placeholder="hr-audit" hint="Lowercase letters, digits, ., _ and -." />
            <Field label="API key" name="apiKey" id="stream-apikey" required type="password" autoComplete="off" hint="Stored encrypted; never shown again." />
          </div>
        ) : null}
        {transport === "syslog" ? (
          <>
            <div className="space-y-4">
              <Field label="Host" name="host" id="stream-host" required placeholder="syslog.example.com" />
              <Field label="Port" name="port" id="stream-port" required type="number" min={1} max={65535} defaultValue={6514} />
              <SelectField label="Connection" name="tls" id="stream-tls" options={[{ value: "on", label: "TLS (RFC 5425)" }, { value: "off", label: "Plain TCP" }]} />
            </div>
            <TextAreaField label="CA certificate (PEM, if not a public CA)" name="ca" id="stream-ca" placeholder="-----BEGIN CERTIFICATE-----" />
          </>
        ) : null}
        <SelectField
          key={`format-${transport}`} label="Format" name="format" id="stream-format" options={optionsFrom(FORMATS_OF[transport], FORMAT_LABELS)}
          aria-describedby="stream-format-hint"
        />
        <p id="stream-format-hint" className="-mt-3 text-xs text-slate-600">
          Audit JSON: every hashed field, the chain position and hash. OCSF 1.8: one event per entry, in its class (Authentication, Account Change, API Activity, Entity Management, Web Resource Access).
        </p>
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
