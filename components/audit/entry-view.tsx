// One audit entry in full (server component): its labelled sections, the diff and the
// history of its record. The entry page and the log explorer's drawer both show it;
// they differ in heading levels, width and where a history step links to.
import Link from "next/link";
import { EntryDiff, ShownValue, StateList } from "@/components/audit/entry-diff";
import { RiskBadge, StatusBadge } from "@/components/audit/risk";
import { Badge } from "@/components/ui/badge";
import type { AuditEntryDetail, EntityHistory } from "@/lib/audit/search/entry";
import { entrySections, type EntryField } from "@/lib/audit/search/entry-fields";
import { actionLabel, fieldLabel } from "@/lib/audit/search/labels";
import { describeRequest } from "@/lib/contract/describe";
import { formatDateTime } from "@/lib/time";
import { historyPage, type HistoryPageParams } from "@/lib/audit/search/history-page";

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function Fields({ fields, render }: { fields: EntryField[]; render: (field: EntryField) => React.ReactNode }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {fields.map((field) => (
        <div key={field.key} className="contents">
          <dt className="font-medium text-slate-700">{field.label}</dt>
          <dd className="min-w-0 break-words text-slate-900">{field.text === "" ? "—" : render(field)}</dd>
        </div>
      ))}
    </dl>
  );
}

type Props = {
  entry: AuditEntryDetail;
  history: EntityHistory;
  /** Which page of the history to show (the address's hist_before, hist_after, hist_action). */
  historyParams: HistoryPageParams;
  /** The same view with other history params: its pager links and the action filter's form. */
  historyHref: (params: { hist_before?: string; hist_after?: string; hist_action?: string }) => string;
  viewerId: string;
  /** The level of the view's section headings: 2 on the page, 3 in the drawer. */
  level: 2 | 3;
  /** Where a history step's link goes: its page, or the drawer showing it. */
  hrefOf: (entryId: string) => string;
  /** The drawer is one column at every width. */
  narrow?: boolean;
};

export function EntryView({ entry: e, history, historyParams, historyHref, viewerId, level, hrefOf, narrow = false }: Props) {
  const H = level === 2 ? "h2" : "h3";
  const page = historyPage(history.steps, { ...historyParams, around: e.id });
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
      case "action":
        return (
          <>
            {field.text}{" "}
            <Link href={`/audit?q=${encodeURIComponent(`action:${e.action}`)}`} className="text-indigo-800 underline underline-offset-2">
              (all like this)
            </Link>
          </>
        );
      case "path":
        return field.text ? describeRequest(e.request.method || "GET", e.request.path) : field.text;
      case "session":
        return e.sessionRef ? <code className="break-all">{field.text}</code> : field.text;
      case "contentHash":
        return <Badge tone={e.chain.contentMatches ? "green" : "red"}>{field.text}</Badge>;
      default:
        return field.key.startsWith("additionalData.") ? <ShownValue value={additional[field.key.slice("additionalData.".length)]} /> : field.text;
    }
  };
  const box = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
  return (
    <>
      <div className={`grid gap-4 ${narrow ? "" : "lg:grid-cols-2"}`}>
        {entrySections(e, viewerId).map((section) => (
          <section key={section.title} className={box}>
            <H className="mb-3 text-base font-semibold text-slate-900">{section.title}</H>
            {section.fields.length === 0 ? <p className="text-sm text-slate-600">None.</p> : <Fields fields={section.fields} render={render} />}
          </section>
        ))}
      </div>
      <section className={`mt-4 ${box}`}>
        <H className="mb-3 text-base font-semibold text-slate-900">Changes (old → new)</H>
        <EntryDiff oldValues={e.oldValues} newValues={e.newValues} changedFields={e.changedFields} />
      </section>
      <section className="mt-6" aria-label="History of this record">
        <H className="text-lg font-semibold text-slate-900">History of this record</H>
        <p className="mt-1 text-sm text-slate-600">
          Every entry about {e.entity.name || `this ${fieldLabel(e.entity.type).toLowerCase()}`} that you may see, newest first, {page.total.toLocaleString("en-US")} in all
          {page.action ? ` (${page.matching.toLocaleString("en-US")} ${actionLabel(page.action)})` : ""}, with the record as the log knows it after each one.
          {history.truncated ? " Only the newest 500 entries are kept here; search the log for older ones." : ""}
        </p>
        {page.actions.length > 1 ? (
          <nav aria-label="History by action" className="mt-2 flex flex-wrap gap-1.5 text-sm">
            {[null, ...page.actions].map((a) => (
              <Link
                key={a ?? "all"}
                href={historyHref(a ? { hist_action: a } : {})}
                scroll={false}
                aria-current={page.action === a ? "true" : undefined}
                className={`rounded-full border px-2.5 py-0.5 ${page.action === a ? "border-indigo-700 bg-indigo-50 text-indigo-900" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
              >
                {a ? actionLabel(a) : "All actions"}
              </Link>
            ))}
          </nav>
        ) : null}
        <ol className="mt-3 space-y-3" data-testid="entity-history">
          {page.steps.map((step) => {
            const current = step.entry.id === e.id;
            return (
              <li
                key={step.entry.id}
                aria-current={current ? "step" : undefined}
                className={`rounded-lg border bg-white p-4 shadow-sm ${current ? "border-indigo-400 ring-1 ring-indigo-400" : "border-slate-200"}`}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm font-semibold text-slate-900">
                    {step.number}.{" "}
                    {current ? (
                      <>{actionLabel(step.entry.action)} <Badge tone="indigo">This entry</Badge></>
                    ) : (
                      <Link href={hrefOf(step.entry.id)} className="text-indigo-800 underline-offset-2 hover:underline">{actionLabel(step.entry.action)}</Link>
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
        {page.newer || page.older ? (
          <nav aria-label="History pages" className="mt-3 flex justify-between gap-3 text-sm">
            {page.newer ? (
              <Link href={historyHref({ hist_after: page.newer, ...(page.action ? { hist_action: page.action } : {}) })} scroll={false} className="text-indigo-800 underline underline-offset-2">
                Newer steps
              </Link>
            ) : <span />}
            {page.older ? (
              <Link href={historyHref({ hist_before: page.older, ...(page.action ? { hist_action: page.action } : {}) })} scroll={false} className="text-indigo-800 underline underline-offset-2">
                Older steps
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}
