import type { Metadata } from "next";
import { ChangeList } from "@/components/audit/change-list";
import { actionLabel } from "@/lib/audit/search/labels";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { NewestOlderPager } from "@/components/ui/pager";
import { listMyActivity } from "@/lib/activity/queries";
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
  return (
    <>
      <PageHeader title="My activity" description="Everything the audit log holds about you: what you did, and what others did to your records. Times are in PKT." />
      {notice ? <Notice>{notice}</Notice> : null}
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
