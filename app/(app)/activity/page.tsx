import type { Metadata } from "next";
import Link from "next/link";
import { ChangeList } from "@/components/audit/change-list";
import { actionLabel } from "@/lib/audit/search/labels";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { NewestOlderPager } from "@/components/ui/pager";
import { listMyActivity } from "@/lib/activity/queries";
import { listAuditSessions, listDataAccessLogs } from "@/lib/audit/search/activity-logs";
import { ACCESS_STATUS_LABELS, dataReadLabel, endReasonLabel, LOGIN_STATUS_LABELS } from "@/lib/audit/search/session-labels";
import { requestContext, requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "My activity" };

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("activity:self");
  const params = await searchParams;
  const request = await requestContext(user.sessionId);
  const { list, cursor, notice } = await readListPage(params.cursor, (c) => listMyActivity({ viewer: user, request, cursor: c }));
  const { rows, next } = list;
  // The first page shows the latest sign-ins too; older pages are the trail alone.
  const [sessions, reads] = params.cursor
    ? [null, null]
    : await Promise.all([
        listAuditSessions({ actor: user, request, user_id: user.id, limit: 3, order: "newest", accessMethod: "ui" }),
        listDataAccessLogs({ actor: user, request, subject_id: user.id, limit: 3, order: "newest", accessMethod: "ui" }),
      ]);
  return (
    <>
      <PageHeader title="My activity" description="Everything the audit log holds about you: what you did, what others did to your records, and where you signed in. Times are in PKT." />
      {notice ? <Notice>{notice}</Notice> : null}
      {sessions ? (
        <section aria-labelledby="recent-sessions" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="recent-sessions" className="text-base font-semibold text-slate-900">Your latest sign-ins</h2>
            <Link href="/audit/sessions" className="text-sm text-indigo-800 underline underline-offset-2">All your sign-in sessions</Link>
          </div>
          {sessions.data.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">No sign-ins recorded yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="recent-sessions">
              {sessions.data.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                  <span className="text-slate-900">
                    <time dateTime={s.loginTime}>{formatDateTime(new Date(s.loginTime))}</time>
                    <span className="text-slate-700"> · {s.browser || "Unknown client"}{s.ip ? ` · ${s.ip}` : ""}</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-2 text-slate-700">
                    {s.loginStatus !== "success" ? <Badge tone="red">{LOGIN_STATUS_LABELS[s.loginStatus]}</Badge> : s.logoutTime ? (endReasonLabel(s.terminationReason) || "Ended") : <Badge tone="green">Open</Badge>}
                    {s.suspicious ? <Badge tone="red">Suspicious</Badge> : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {reads ? (
        <section aria-labelledby="data-reads" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="data-reads" className="text-base font-semibold text-slate-900">Who read your sensitive data</h2>
            <Link href={`/audit/data-access?subject_id=${user.id}`} className="text-sm text-indigo-800 underline underline-offset-2">Every read of your data</Link>
          </div>
          {reads.data.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">Nobody has read your sensitive data (a sick-leave reason, say).</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="data-reads">
              {reads.data.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                  <span className="text-slate-900">
                    <time dateTime={r.at}>{formatDateTime(new Date(r.at))}</time>
                    <span className="text-slate-700"> · {r.user.name} · {dataReadLabel(r.dataType, r.dataFields)}</span>
                  </span>
                  <Badge tone={r.status === "granted" ? "green" : "red"}>{ACCESS_STATUS_LABELS[r.status]}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState>No activity recorded yet.</EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Activity, newest first">
          {rows.map((row) => (
            <li key={row.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="activity-item">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-sm font-semibold text-slate-900">{actionLabel(row.actionType)}</p>
                <time dateTime={row.eventTimestamp.toISOString()} className="text-sm text-slate-700">
                  {formatDateTime(row.eventTimestamp)}
                </time>
              </div>
              <p className="mt-1 text-sm text-slate-800">{row.actionDescription}</p>
              <p className="mt-1 text-xs text-slate-600">
                By {row.userId === user.id ? "you" : row.userName || "the system"}
                {row.objectName ? ` · ${row.objectName}` : ""}
                {row.status !== "success" ? " · " : ""}
                {row.status !== "success" ? <Badge tone="red">{row.status}</Badge> : null}
              </p>
              <ChangeList oldValues={row.oldValues} newValues={row.newValues} changedFields={row.changedFields} />
            </li>
          ))}
        </ol>
      )}
      <NewestOlderPager label="Pages" path="/activity" cursor={cursor} next={next} className="mt-6" />
    </>
  );
}
