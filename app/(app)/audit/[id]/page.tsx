import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EntryDiff, ShownValue, StateList } from "@/components/audit/entry-diff";
import { entrySections, entryTitle, type EntryField } from "@/lib/audit/search/entry-fields";
import { actionLabel, fieldLabel } from "@/lib/audit/search/labels";
import { RiskBadge, StatusBadge } from "@/components/audit/risk";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getAuditEntry } from "@/lib/audit/search/entry";
import { requestContext, requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit entry" };

function Fields({ fields, render }: { fields: EntryField[]; render: (field: EntryField) => React.ReactNode }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {fields.map((field) => (
        <div key={field.key} className="contents">
          <dt className="font-medium text-slate-700">{field.label}</dt>
          <dd className="break-words text-slate-900">{field.text === "" ? "—" : render(field)}</dd>
        </div>
      ))}
    </dl>
  );
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export default async function AuditEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const request = await requestContext(user.sessionId);
  const found = await getAuditEntry({ viewer: user, request, id });
  if (!found) notFound();
  const { entry: e, history } = found;
  const additional = asRecord(e.additionalData);
  // The same labels and text the API sends (entrySections); some values drawn richer here.
  const render = (field: EntryField): React.ReactNode => {
    switch (field.key) {
      case "at":
        return <time dateTime={e.at.toISOString()}>{field.text}</time>;
      case "status":
        return <StatusBadge status={e.status} />;
      case "risk":
        return <RiskBadge level={e.risk} />;
      case "session":
        return e.sessionRef ? <code className="break-all">{field.text}</code> : field.text;
      case "contentHash":
        return <Badge tone={e.chain.contentMatches ? "green" : "red"}>{field.text}</Badge>;
      default:
        return field.key.startsWith("additionalData.") ? <ShownValue value={additional[field.key.slice("additionalData.".length)]} /> : field.text;
    }
  };
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/audit" className="text-indigo-800 underline-offset-2 hover:underline">← Audit log</Link>
      </p>
      <PageHeader title={entryTitle(e)} description={`${e.description} · ${formatDateTime(e.at)}`} />
      <div className="grid gap-4 lg:grid-cols-2">
        {entrySections(e, user.id).map((section) => (
          <Card key={section.title} title={section.title}>
            {section.fields.length === 0 ? <p className="text-sm text-slate-600">None.</p> : <Fields fields={section.fields} render={render} />}
          </Card>
        ))}
      </div>
      <Card title="Changes (old → new)" className="mt-4">
        <EntryDiff oldValues={e.oldValues} newValues={e.newValues} changedFields={e.changedFields} />
      </Card>
      <section className="mt-6" aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold text-slate-900">History of this record</h2>
        <p className="mt-1 text-sm text-slate-600">
          Every entry about {e.entity.name || `this ${fieldLabel(e.entity.type).toLowerCase()}`} that you may see, oldest first, with the record as the log knows it after each one.
          {history.truncated ? " Only the newest 500 entries are shown." : ""}
        </p>
        <ol className="mt-3 space-y-3" data-testid="entity-history">
          {history.steps.map((step, i) => {
            const current = step.entry.id === e.id;
            return (
              <li
                key={step.entry.id}
                aria-current={current ? "step" : undefined}
                className={`rounded-lg border bg-white p-4 shadow-sm ${current ? "border-indigo-400 ring-1 ring-indigo-400" : "border-slate-200"}`}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm font-semibold text-slate-900">
                    {i + 1}.{" "}
                    {current ? (
                      <>{actionLabel(step.entry.action)} <Badge tone="indigo">This entry</Badge></>
                    ) : (
                      <Link href={`/audit/${step.entry.id}`} className="text-indigo-800 underline-offset-2 hover:underline">{actionLabel(step.entry.action)}</Link>
                    )}
                  </p>
                  <time dateTime={step.entry.at.toISOString()} className="text-sm text-slate-700">{formatDateTime(step.entry.at)}</time>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  {step.entry.description} · by {step.entry.actorName || "the system"} {step.entry.status !== "success" ? <StatusBadge status={step.entry.status} /> : null}
                </p>
                <details className="mt-2" open={current}>
                  <summary className="cursor-pointer text-sm font-medium text-slate-800">
                    {step.deleted ? "Record deleted after this entry" : `State as of this entry`}
                  </summary>
                  <div className="mt-2">
                    <StateList state={step.state} />
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}
