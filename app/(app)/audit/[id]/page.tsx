import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EntryDiff, ShownValue, StateList } from "@/components/audit/entry-diff";
import { actionLabel, displayValue, fieldLabel } from "@/components/audit/labels";
import { RiskBadge, StatusBadge } from "@/components/audit/risk";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getAuditEntry } from "@/lib/audit/search/entry";
import { ROLE_LABELS, isRole } from "@/lib/auth/permissions";
import { requestContext, requireUser } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit entry" };

function Fields({ items }: { items: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-700">{label}</dt>
          <dd className="break-words text-slate-900">{value === "" || value === null || value === undefined ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export default async function AuditEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const request = { ...(await requestContext(user.sessionId)), method: "GET", path: "/audit/entry" };
  const found = await getAuditEntry({ viewer: user, request, id });
  if (!found) notFound();
  const { entry: e, history } = found;
  const extra = Object.entries(asRecord(e.additionalData));
  const tags = Array.isArray(e.tags) ? (e.tags as unknown[]).map(String) : [];
  const actorGone = e.actor.id !== null && e.actor.currentName === null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/audit" className="text-indigo-800 underline-offset-2 hover:underline">← Audit log</Link>
      </p>
      <PageHeader title={actionLabel(e.action)} description={`${e.description} · ${formatDateTime(e.at)}`} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Event">
          <Fields
            items={[
              ["Time (PKT)", <time key="t" dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time>],
              ["Action", e.action],
              ["Event type", fieldLabel(e.eventType)],
              ["Category", fieldLabel(e.category)],
              ["Module", e.module],
              ["Record", `${fieldLabel(e.entity.type)}${e.entity.name ? `: ${e.entity.name}` : ""}`],
              ["Record reference", e.entity.id ? displayValue(e.entity.id) : "—"],
              ["About", e.subject ? (e.subject.id === user.id ? "You" : e.subject.name) : "—"],
            ]}
          />
        </Card>
        <Card title="Actor (as recorded)">
          <Fields
            items={[
              ["Name", e.actor.name || "System"],
              ["Email", e.actor.email],
              ["Role", isRole(e.actor.role) ? ROLE_LABELS[e.actor.role] : e.actor.role],
              ["Department", e.actor.department],
              ["Account now", e.actor.id === null ? "No account (system or unknown)" : actorGone ? "Deleted" : e.actor.currentName !== e.actor.name ? `Renamed to ${e.actor.currentName}` : "Unchanged"],
            ]}
          />
        </Card>
        <Card title="Request">
          <Fields
            items={[
              ["IP address", e.request.ip ?? ""],
              ["User agent", e.request.userAgent],
              ["Method", e.request.method],
              ["Path", e.request.path],
              ["Response status", e.request.responseStatus ?? ""],
              ["Session reference", e.sessionRef ? <code key="s" className="break-all">{e.sessionRef}</code> : "No session"],
            ]}
          />
        </Card>
        <Card title="Outcome and flags">
          <Fields
            items={[
              ["Status", <StatusBadge key="s" status={e.status} />],
              ["Error message", e.errorMessage],
              ["Error code", e.errorCode],
              ["Risk", <RiskBadge key="r" level={e.risk} />],
              ["Sensitive", e.sensitive ? "Yes (sensitive values are masked)" : "No"],
              ["Compliance related", e.compliance ? "Yes" : "No"],
              ["Tags", tags.join(", ")],
            ]}
          />
        </Card>
        <Card title="Retention and integrity">
          <Fields
            items={[
              ["Retention", `${e.retentionMonths} months (until ${formatDate(addMonths(e.at, e.retentionMonths))})`],
              ["Chain", String(e.chain.id)],
              ["Position in chain", e.chain.position.toString()],
              [
                "Content hash",
                e.chain.contentMatches ? (
                  <Badge key="h" tone="green">✓ Matches the stored entry</Badge>
                ) : (
                  <Badge key="h" tone="red">✗ Does not match: the entry was altered</Badge>
                ),
              ],
            ]}
          />
        </Card>
        <Card title="Additional data">
          {extra.length === 0 ? (
            <p className="text-sm text-slate-600">None.</p>
          ) : (
            <Fields items={extra.map(([k, v]) => [fieldLabel(k), <ShownValue key={k} value={v} />])} />
          )}
        </Card>
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
