import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReachTable, type ReachRow } from "@/components/announcements/reach-table";
import { RemindButton } from "@/components/announcements/remind-button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getReach, type ReachPerson } from "@/lib/announcements/queries";
import { pickReachPeople, REACH_SHOW_LABELS, REACH_SHOWS, type ReachShow } from "@/lib/announcements/reach";
import { requestContext, requirePermission } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { formatDateTime } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Reach" };

function toRow(p: ReachPerson): ReachRow {
  const at = (d: Date | null) => (d ? formatDateTime(d) : "Not yet");
  return {
    id: p.id, name: p.name, roleLabel: p.roleLabel, departmentName: p.departmentName || "—", emailed: p.emailedAt ? formatDateTime(p.emailedAt) : "—",
    delivered: at(p.deliveredAt), read: at(p.readAt), acknowledged: at(p.acknowledgedAt),
  };
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

export default async function ReachPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ q?: string; show?: string; page?: string }> }) {
  const user = await requirePermission("announcements:manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const reach = await getReach({ viewer: user, id, request: await requestContext(user.sessionId) }).catch((error) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const { announcement: a, counts } = reach;
  const query = await searchParams;
  const q = typeof query.q === "string" ? query.q.trim().slice(0, 100) : "";
  const wanted = (REACH_SHOWS as readonly string[]).includes(query.show ?? "") ? (query.show as ReachShow) : undefined;
  const picked = pickReachPeople(reach.people, { requiresAck: a.requiresAck, show: wanted, q, page: Number.parseInt(query.page ?? "1", 10) || 1 });
  const { show, page, pages } = picked;
  const shown = picked.rows;
  const link = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), show, page: String(n) }).toString()}`;
  const shows = REACH_SHOWS.filter((k) => a.requiresAck || (k !== "acknowledged" && k !== "not_acknowledged"));
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
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Stat label="Targeted" value={counts.targeted} />
        {a.sendEmail ? <Stat label="Emailed" value={counts.emailed} of={counts.targeted} /> : null}
        <Stat label="Delivered" value={counts.delivered} of={counts.targeted} />
        <Stat label="Read" value={counts.read} of={counts.targeted} />
        {a.requiresAck ? <Stat label="Acknowledged" value={counts.acknowledged} of={counts.targeted} /> : null}
      </dl>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Breakdown title="By department" rows={reach.byDepartment} ack={a.requiresAck} />
        <Breakdown title="By role" rows={reach.byRole} ack={a.requiresAck} />
      </div>
      {a.status === "live" ? (
        <div className="mb-6">
          <RemindButton id={a.id} who={a.requiresAck ? "acknowledged" : "read"} lastReminded={a.lastRemindedAt ? formatDateTime(a.lastRemindedAt) : null} />
        </div>
      ) : null}
      <Card title="People" className="mb-6">
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="reach-q" className="block text-sm font-medium text-slate-700">Name</label>
            <input id="reach-q" name="q" defaultValue={q} placeholder="Search by name" className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
          </div>
          <div>
            <label htmlFor="reach-show" className="block text-sm font-medium text-slate-700">Show</label>
            <select id="reach-show" name="show" defaultValue={show} className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {shows.map((k) => (
                <option key={k} value={k}>{REACH_SHOW_LABELS[k]}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">Show</button>
        </form>
        <p className="mb-3 text-sm text-slate-700" data-testid="reach-listed">
          {REACH_SHOW_LABELS[show]}{q ? ` named like “${q}”` : ""}: {picked.total.toLocaleString("en-US")} {picked.total === 1 ? "person" : "people"}
          {pages > 1 ? `, page ${page} of ${pages}` : ""}.
        </p>
        <ReachTable label={REACH_SHOW_LABELS[show]} rows={shown.map(toRow)} empty="Nobody here." testId="reach-person" emailed={a.sendEmail} />
        {pages > 1 ? (
          <nav aria-label="Pages of people" className="mt-3 flex gap-3 text-sm">
            {page > 1 ? <Link className="text-indigo-800 underline" href={link(page - 1)}>Previous</Link> : null}
            {page < pages ? <Link className="text-indigo-800 underline" href={link(page + 1)}>Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}

function Breakdown({ title, rows, ack }: { title: string; rows: Array<{ name: string; targeted: number; read: number; acknowledged: number }>; ack: boolean }) {
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : "—");
  return (
    <Card title={title}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Reach {title.toLowerCase()}</caption>
        <thead>
          <tr className="text-slate-600">
            <th scope="col" className="py-1 font-medium">{title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}</th>
            <th scope="col" className="py-1 text-right font-medium">Targeted</th>
            <th scope="col" className="py-1 text-right font-medium">Read</th>
            {ack ? <th scope="col" className="py-1 text-right font-medium">Acknowledged</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className="border-t border-slate-100">
              <th scope="row" className="py-1 font-normal">{r.name}</th>
              <td className="py-1 text-right tabular-nums">{r.targeted}</td>
              <td className="py-1 text-right tabular-nums">{r.read} ({pct(r.read, r.targeted)})</td>
              {ack ? <td className="py-1 text-right tabular-nums">{r.acknowledged} ({pct(r.acknowledged, r.targeted)})</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
