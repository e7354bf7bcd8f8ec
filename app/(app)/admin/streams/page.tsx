import type { Metadata } from "next";
import { CreateStreamForm } from "@/components/streams/create-stream-form";
import { StreamControls } from "@/components/streams/stream-controls";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { FORMAT_LABELS, TRANSPORT_LABELS } from "@/lib/streams/contract";
import { listStreams, type StreamSummary } from "@/lib/streams/queries";
import { formatCalendarDate, formatDateTime, formatDuration } from "@/lib/time";

export const metadata: Metadata = { title: "Audit streams" };

function stateOf(s: StreamSummary): { label: string; tone: "green" | "amber" | "red" | "gray" } {
  if (s.state === "paused") return { label: "Paused", tone: "gray" };
  if (s.health.failingSince) return { label: "Failing", tone: "red" };
  if (s.health.lagEntries > 0 && (s.health.lagSeconds ?? 0) > 60) return { label: "Behind", tone: "amber" };
  return { label: "Healthy", tone: "green" };
}

function Health({ s }: { s: StreamSummary }) {
  const h = s.health;
  const lag = h.lagEntries === 0 ? "none" : `${h.lagEntries.toLocaleString("en-US")} ${h.lagEntries === 1 ? "entry" : "entries"}${h.lagSeconds !== null ? `, oldest ${formatDuration(h.lagSeconds * 1000)} ago` : ""}`;
  return (
    <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
      <div><dt className="inline text-slate-600">Waiting: </dt><dd className="inline text-slate-900" data-testid="stream-lag">{lag}</dd></div>
      <div><dt className="inline text-slate-600">Last delivered: </dt><dd className="inline text-slate-900">{h.lastSuccessAt ? formatDateTime(new Date(h.lastSuccessAt)) : "never"}</dd></div>
      <div><dt className="inline text-slate-600">Delivered in all: </dt><dd className="inline text-slate-900" data-testid="stream-delivered">{h.deliveredTotal.toLocaleString("en-US")} {h.deliveredTotal === 1 ? "entry" : "entries"}</dd></div>
      <div><dt className="inline text-slate-600">Failed batches: </dt><dd className="inline text-slate-900">{h.failedBatches.toLocaleString("en-US")}</dd></div>
      {h.lastError ? (
        <div className="sm:col-span-2">
          <dt className="inline text-slate-600">Last error{h.lastErrorAt ? ` (${formatDateTime(new Date(h.lastErrorAt))})` : ""}: </dt>
          <dd className="inline break-all text-red-800">{h.lastError}</dd>
        </div>
      ) : null}
      {h.failingSince && h.nextAttemptAt ? (
        <div className="sm:col-span-2"><dt className="inline text-slate-600">Failing since: </dt><dd className="inline text-slate-900">{formatDateTime(new Date(h.failingSince))}; next attempt {formatDateTime(new Date(h.nextAttemptAt))}</dd></div>
      ) : null}
    </dl>
  );
}

function Days({ s }: { s: StreamSummary }) {
  if (s.health.days.length === 0) return null;
  return (
    <table className="mt-3 w-full max-w-md text-left text-sm">
      <caption className="sr-only">Deliveries of {s.name} per day</caption>
      <thead>
        <tr className="text-slate-600"><th scope="col" className="py-1 font-medium">Day (PKT)</th><th scope="col" className="py-1 text-right font-medium">Delivered</th><th scope="col" className="py-1 text-right font-medium">Failed batches</th></tr>
      </thead>
      <tbody>
        {s.health.days.map((d) => (
          <tr key={d.day} className="border-t border-slate-100"><td className="py-1">{formatCalendarDate(`${d.day}T00:00:00Z`)}</td><td className="py-1 text-right tabular-nums">{d.delivered.toLocaleString("en-US")}</td><td className="py-1 text-right tabular-nums">{d.failed.toLocaleString("en-US")}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function StreamsPage() {
  const user = await requirePermission("streams:manage");
  const streams = await listStreams({ actor: user, request: {} });
  return (
    <>
      <PageHeader
        title="Audit streams"
        description="Send the audit log to your SIEM as it is written: each destination receives the entries its filter matches, in signed batches, at least once (each event's id lets the receiver drop repeats), within seconds. While a destination is down or paused, entries wait in the log; after a day of failures it is paused and you are alerted. Every change here is recorded in the audit log."
      />
      <div className="grid gap-4 lg:grid-cols-[1fr_2fr]">
        <Card title="Add a destination">
          <CreateStreamForm />
          <p className="mt-4 text-xs text-slate-600">Tokens and API keys are stored encrypted and never shown again; replace one through the API (“Audit streams” in the API docs). Destinations must be on public addresses.</p>
        </Card>
        <Card title="Destinations">
          {streams.length === 0 ? (
            <p className="text-sm text-slate-700">No destination yet. Nothing leaves the app until you add one.</p>
          ) : (
            <ul className="divide-y divide-slate-200" data-testid="streams">
              {streams.map((s) => {
                const state = stateOf(s);
                return (
                  <li key={s.id} className="py-4" data-testid="stream">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <h3 className="font-medium text-slate-900">{s.name}</h3>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </div>
                    <p className="text-sm text-slate-700">{TRANSPORT_LABELS[s.transport]} · <span className="break-all">{s.url}</span></p>
                    <p className="text-sm text-slate-700">Format: {FORMAT_LABELS[s.format]}</p>
                    <p className="text-sm text-slate-700">Filter: {s.filter ? <code className="text-xs">{s.filter}</code> : "every entry"}</p>
                    {s.pausedReason ? <p className="text-sm text-slate-700">{s.pausedReason}{s.pausedAt ? ` (${formatDateTime(new Date(s.pausedAt))})` : ""}</p> : null}
                    {s.secretRotation ? <p className="text-xs text-slate-600">The previous secret also signs until {formatDateTime(new Date(s.secretRotation.previousValidUntil))}.</p> : null}
                    <Health s={s} />
                    <Days s={s} />
                    <p className="mt-1 text-xs text-slate-600">Added by {s.createdBy} on {formatDateTime(new Date(s.createdAt))}</p>
                    <StreamControls id={s.id} name={s.name} state={s.state} />
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
