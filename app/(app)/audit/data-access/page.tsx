import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataAccessResults, type DataAccessRow } from "@/components/audit/data-access-results";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { listDataAccessLogs, peopleInAuditReach } from "@/lib/audit/search/activity-logs";
import { codeLabel } from "@/lib/audit/search/labels";
import { dataAccessQuerySchema } from "@/lib/audit/search/schemas";
import { ACCESS_STATUS_LABELS, dataReadLabel } from "@/lib/audit/search/session-labels";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDateTime, formatShortDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Data access" };

const SCOPE_TEXT = {
  all: "Every read of sensitive data, by anyone, and every refused one.",
  team: "Reads by you and your direct reports, and reads of your and their data.",
  own: "Your reads, and everyone's reads of your data.",
} as const;

const FILTER_KEYS = ["subject_id", "user_id", "data_category", "access_type", "access_status", "date_from", "date_to"] as const;
const CATEGORIES = ["personal_info", "financial_data", "health_data", "performance_data", "compensation_data", "contact_info", "documents", "reports", "analytics", "system_data"];
const ACCESS_TYPES = ["view", "export", "print", "download", "email", "api_access", "report"];
const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

function first(v: string | string[] | undefined): string | undefined {
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

function Select({ id, name, label, value, any, options }: { id: string; name: string; label: string; value: string; any: string; options: Array<[string, string]> }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <select id={id} name={name} defaultValue={value} className={INPUT}>
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </select>
    </div>
  );
}

/** Data-access workspace: who read what, whose data it was, and what was refused. */
export default async function DataAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const raw = await searchParams;
  const asked = Object.fromEntries(FILTER_KEYS.map((k) => [k, first(raw[k])]).filter(([, v]) => v !== undefined));
  const parsed = dataAccessQuerySchema.safeParse(asked);
  const filters = parsed.success ? parsed.data : dataAccessQuerySchema.parse({});
  const request = await requestContext(user.sessionId, "GET", "/audit/data-access");
  const [{ list, cursor, notice }, people] = await Promise.all([
    readListPage(raw.cursor, (c) => listDataAccessLogs({ actor: user, request, ...filters, cursor: c, limit: 50, order: "newest", accessMethod: "ui" })),
    peopleInAuditReach(user),
  ]);
  const now = new Date();
  const you = (id: string | null, name: string) => (id === user.id ? `${name} (you)` : name);
  const rows: DataAccessRow[] = list.data.map((r) => {
    const at = new Date(r.at);
    const flags = [r.phi ? "Health" : null, r.pii ? "Personal" : null].filter(Boolean).join(", ");
    return {
      id: r.id,
      at: r.at,
      atLabel: formatDateTime(at),
      atShort: formatShortDateTime(at, now),
      reader: you(r.user.id, r.user.name),
      what: `${dataReadLabel(r.dataType, r.dataFields)}${r.recordCount > 1 ? ` (${r.recordCount.toLocaleString("en-US")} records)` : ""}`,
      subject: r.subject ? you(r.subject.id, r.subject.name) : "—",
      category: codeLabel(r.dataCategory) ?? r.dataCategory,
      access: `${codeLabel(r.accessType) ?? r.accessType} · ${r.accessMethod === "ui" ? "in the app" : r.accessMethod === "api" ? "API" : (codeLabel(r.accessMethod) ?? r.accessMethod)}`,
      outcome: ACCESS_STATUS_LABELS[r.status] ?? r.status,
      refused: r.status !== "granted",
      reason: r.denialReason,
      flags,
      entryHref: r.auditLogId ? `/audit/${r.auditLogId}` : null,
    };
  });
  const kept = Object.fromEntries(FILTER_KEYS.map((k) => [k, parsed.success ? (asked[k] as string | undefined) : undefined]));
  const next = list.nextCursor ? { href: listHref("/audit/data-access", { ...kept, cursor: list.nextCursor }), label: "Older" } : null;
  const newest = cursor ? { href: listHref("/audit/data-access", kept), label: "Newest" } : null;
  const active = FILTER_KEYS.some((k) => kept[k]);
  const personOptions = people.map((p): [string, string] => [p.id, p.id === user.id ? `${p.name} (you)` : p.name]);
  const subjectName = kept.subject_id ? people.find((p) => p.id === kept.subject_id)?.name : undefined;
  return (
    <>
      <PageHeader
        title={subjectName ? `Who read ${subjectName}'s data` : "Data access"}
        description={`${SCOPE_TEXT[level]} Newest first; times in PKT.`}
      />
      <form method="get" action="/audit/data-access" role="search" aria-label="Data access" className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        <Select id="a-subject" name="subject_id" label="Whose data" value={kept.subject_id ?? ""} any="Anyone's" options={personOptions} />
        <Select id="a-reader" name="user_id" label="Read by" value={kept.user_id ?? ""} any="Anyone" options={personOptions} />
        <Select id="a-category" name="data_category" label="Category" value={kept.data_category ?? ""} any="Any category" options={CATEGORIES.map((c) => [c, codeLabel(c) ?? c])} />
        <Select id="a-status" name="access_status" label="Outcome" value={kept.access_status ?? ""} any="Any outcome" options={Object.entries(ACCESS_STATUS_LABELS)} />
        <Select id="a-type" name="access_type" label="Access" value={kept.access_type ?? ""} any="Any access" options={ACCESS_TYPES.map((t) => [t, codeLabel(t) ?? t])} />
        <div>
          <label htmlFor="a-from" className="block text-sm font-medium text-slate-700">From (PKT day)</label>
          <input id="a-from" name="date_from" type="date" defaultValue={kept.date_from ?? ""} className={INPUT} />
        </div>
        <div>
          <label htmlFor="a-to" className="block text-sm font-medium text-slate-700">To (PKT day)</label>
          <input id="a-to" name="date_to" type="date" defaultValue={kept.date_to ?? ""} className={INPUT} />
        </div>
        <div className="flex gap-3 self-end">
          <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">Filter</button>
          {active ? <Link href="/audit/data-access" className="self-center text-sm text-indigo-800 underline underline-offset-2">Clear the filters</Link> : null}
        </div>
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      {!parsed.success ? <Notice>{parsed.error.issues[0]?.message ?? "Those filters are not valid"}; showing every record.</Notice> : null}
      <DataAccessResults rows={rows} previous={newest} next={next} empty={active ? "No records match these filters." : "No data access recorded yet."} />
    </>
  );
}
