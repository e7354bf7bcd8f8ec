"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/form-field";
import { deleteStreamAction, replayStreamAction, rotateStreamSecretAction, setStreamStateAction, testStreamAction } from "@/lib/streams/actions";
import { SecretOnce } from "./secret-once";

const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

/** What an admin does with one destination: test it, pause or resume it, replay, rotate its secret, remove it. */
export function StreamControls({ id, name, state }: { id: string; name: string; state: "active" | "paused" }) {
  const [test, setTest] = useState<{ ok: boolean; status: number; answer: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = ({ error: e }: { error: { serverError?: string; validationErrors?: unknown } }) => setError(e.serverError ?? "That did not work; try again.");
  const tester = useAction(testStreamAction, { onSuccess: ({ data }) => (setError(null), setTest(data ?? null)), onError: failed });
  const stater = useAction(setStreamStateAction, { onSuccess: () => setError(null), onError: failed });
  const rotator = useAction(rotateStreamSecretAction, { onSuccess: ({ data }) => (setError(null), setSecret(data?.secret ?? null)), onError: failed });
  return (
    <div className="mt-3 space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={BUTTON} disabled={tester.isPending} onClick={() => tester.execute({ id })} aria-label={`Send a test event to ${name}`}>
          {tester.isPending ? "Sending…" : "Send test event"}
        </button>
        <button type="button" className={BUTTON} disabled={stater.isPending} onClick={() => stater.execute({ id, state: state === "active" ? "paused" : "active" })}>
          {stater.isPending ? "Saving…" : state === "active" ? "Pause" : "Resume"}
        </button>
        <button type="button" className={BUTTON} disabled={rotator.isPending} onClick={() => rotator.execute({ id })}>
          {rotator.isPending ? "Rotating…" : "Rotate secret"}
        </button>
      </div>
      {error ? <p className="text-sm text-red-800" role="alert">{error}</p> : null}
      {test ? (
        <p className={`text-sm ${test.ok ? "text-emerald-800" : "text-red-800"}`} role="status" data-testid="stream-test-result">
          {test.ok ? `Test event accepted (${test.status ? `HTTP ${test.status}` : test.answer}).` : `Test event refused: ${test.status ? `HTTP ${test.status}` : ""} ${test.answer}`.trim()}
        </p>
      ) : null}
      {secret ? <SecretOnce title="New signing secret. For 24 hours deliveries carry a signature with the old secret too." secret={secret} onDone={() => setSecret(null)} /> : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-800">Replay or remove</summary>
        <div className="mt-2 grid gap-4 sm:grid-cols-2">
          <ActionForm action={replayStreamAction} values={{ id }} submitLabel="Replay from here" pendingLabel="Moving…" successMessage="Set: it delivers again from then." variant="secondary">
            <Field label="Deliver again from (PKT)" name="from" id={`replay-${id}`} type="datetime-local" required />
          </ActionForm>
          <ActionForm action={deleteStreamAction} values={{ id }} submitLabel="Remove destination" pendingLabel="Removing…" variant="danger">
            <p className="text-xs text-slate-600">It receives nothing more; entries stay in the audit log.</p>
          </ActionForm>
        </div>
      </details>
    </div>
  );
}
