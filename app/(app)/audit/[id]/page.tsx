import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EntryView } from "@/components/audit/entry-view";
import { PageHeader } from "@/components/ui/page-header";
import { getAuditEntry } from "@/lib/audit/search/entry";
import { readHistoryParams } from "@/lib/audit/search/history-page";
import { listHref } from "@/components/ui/pager";
import { entryTitle } from "@/lib/audit/search/entry-fields";
import { requestContext, requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit entry" };

/** One entry on a page of its own: for links from elsewhere; the log explorer opens it in a drawer. */
export default async function AuditEntryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { id } = await params;
  const historyParams = readHistoryParams(await searchParams);
  const request = await requestContext(user.sessionId);
  const found = await getAuditEntry({ viewer: user, request, id });
  if (!found) notFound();
  const { entry: e, history } = found;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/audit" className="text-indigo-800 underline-offset-2 hover:underline">← Audit log</Link>
      </p>
      <PageHeader title={entryTitle(e)} description={`${e.description} · ${formatDateTime(e.at)}`} />
      <EntryView
        entry={e}
        history={history}
        historyParams={historyParams}
        historyHref={(p) => listHref(`/audit/${e.id}`, p)}
        viewerId={user.id}
        level={2}
        hrefOf={(entryId) => `/audit/${entryId}`}
      />
    </>
  );
}
