"use client";

import { useAction } from "next-safe-action/hooks";
import { useRef, useState } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { Field } from "@/components/ui/form-field";
import { createTokenAction } from "@/lib/tokens/actions";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from "@/lib/tokens/scopes";

/**
 * Creates a token and shows its secret once, with a copy button. Nothing keeps the
 * secret: leaving or reloading the page loses it, and the list shows only its start.
 */
export function CreateTokenForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { execute, isPending } = useAction(createTokenAction, {
    onSuccess({ data }) {
      formRef.current?.reset();
      setCopied(false);
      setCreated(data ?? null);
      outcome.succeeded(null);
    },
    onError: outcome.failed,
  });
  return (
    <>
      {created ? (
        <div className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-4" role="status" data-testid="new-token">
          <p className="text-sm font-semibold text-emerald-900">Your new token “{created.name}”. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="rounded bg-white px-2 py-1 text-sm break-all text-slate-900" data-testid="new-token-secret">{created.token}</code>
            <button
              type="button"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50"
              onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <button type="button" className="text-sm text-indigo-800 underline" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <form
        ref={formRef}
        aria-describedby={outcome.describedBy}
        onSubmit={(event) => {
          outcome.start(event);
          const form = new FormData(event.currentTarget);
          execute({ name: String(form.get("name") ?? ""), scopes: form.getAll("scopes").map(String) as never, expiresInDays: String(form.get("expiresInDays") ?? "") });
        }}
        className="space-y-4"
      >
        <Field label="Name" name="name" id="token-name" required maxLength={100} hint="What the token is for, e.g. “SIEM pull job”." />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <p className="text-xs text-slate-600">A token never does more than you may: it also needs your own permission for each request.</p>
          <div className="mt-2 space-y-1">
            {TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm text-slate-800">
                <input type="checkbox" name="scopes" value={scope} className="mt-1" />
                <span>
                  <code className="text-xs">{scope}</code> {TOKEN_SCOPE_LABELS[scope]}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Expires after (days)" name="expiresInDays" id="token-days" type="number" min={1} max={MAX_TOKEN_DAYS} defaultValue={DEFAULT_TOKEN_DAYS} required />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pending={isPending} label="Create token" pendingLabel="Creating…" />
          <ActionStatus id={outcome.statusId} message={outcome.message} />
        </div>
      </form>
    </>
  );
}
