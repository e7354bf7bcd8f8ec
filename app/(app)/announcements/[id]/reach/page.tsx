import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReachTable, type ReachRow } from "@/components/announcements/reach-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getReach, REACH_NAMES_SHOWN, type ReachPerson } from "@/lib/announcements/queries";
import { requestContext, requirePermission } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Reach" };

function toRow(p: ReachPerson): ReachRow {
  const at = (d: Date | null) => (d ? formatDateTime(d) : "Not yet");
  return { id: p.id, name: p.name, roleLabel: p.roleLabel, departmentName: p.departmentName || "—", delivered: at(p.deliveredAt), read: at(p.readAt), acknowledged: at(p.acknowledgedAt) };
}

function Stat({ label, value, of }: { label: string; value: number; of?: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`reach-${label.toLowerCase()}`}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900">
        {value}
        {of !== undefined && of > 0 ? <span className="ml-1 text-sm font-normal text-slate-600">({Math.round((value / of) * 100)}%)</span> : null}
      </dd>
    </div>
  );
}

export default async function ReachPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("announcements:manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const reach = await getReach({ viewer: user, id, request: await requestContext(user.sessionId) }).catch((error) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const { announcement: a, counts } = reach;
  const more = (n: number) => (n > REACH_NAMES_SHOWN ? ` The first ${REACH_NAMES_SHOWN} of ${n} are listed; the CSV has everyone.` : "");
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href={`/announcements/${a.id}`} className="text-indigo-800 underline">
          ← {a.title}
        </Link>
      </p>
      <PageHeader
        title={`Reach: ${a.title}`}
        description={`Active people in the audience (${a.audienceLabel}) and how far the announcement got with each.`}
        actions={
          <a href={`/api/announcements/${a.id}/receipts?format=csv`} className="inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
            Download CSV
          </a>
        }
      />
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Targeted" value={counts.targeted} />
        <Stat label="Delivered" value={counts.delivered} of={counts.targeted} />
        <Stat label="Read" value={counts.read} of={counts.targeted} />
        {a.requiresAck ? <Stat label="Acknowledged" value={counts.acknowledged} of={counts.targeted} /> : null}
      </dl>
      {a.requiresAck ? (
        <Card title={`Not yet acknowledged (${reach.notAcknowledged.length})`} className="mb-6">
          <p className="mb-3 text-sm text-slate-600">{more(reach.notAcknowledged.length) || "Everyone listed still has to confirm it."}</p>
          <ReachTable label="People who have not acknowledged" rows={reach.notAcknowledged.slice(0, REACH_NAMES_SHOWN).map(toRow)} empty="Everyone targeted has acknowledged it." testId="not-acknowledged" />
        </Card>
      ) : null}
      <Card title={`Not yet read (${reach.notRead.length})`}>
        {more(reach.notRead.length) ? <p className="mb-3 text-sm text-slate-600">{more(reach.notRead.length)}</p> : null}
        <ReachTable label="People who have not read it" rows={reach.notRead.slice(0, REACH_NAMES_SHOWN).map(toRow)} empty="Everyone targeted has read it." testId="not-read" />
      </Card>
    </>
  );
}
