import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataAccessResults, type DataAccessRow } from "@/components/audit/data-access-results";
import { Field, FilterSelect, optionsFrom } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { REACH, reachLevel } from "@/lib/access/scope";
import { requestContext, requireUser } from "@/lib/auth/session";
import { listDataAccessLogs, peopleInAuditReach } from "@/lib/audit/search/activity-logs";
import { dataAccessQuerySchema } from "@/lib/audit/search/schemas";
import { ACCESS_METHOD_LABELS, ACCESS_STATUS_LABELS, ACCESS_STATUSES, ACCESS_TYPE_LABELS, ACCESS_TYPES, DATA_CATEGORIES, DATA_CATEGORY_LABELS, dataReadLabel } from "@/lib/audit/search/session-labels";
import { readListPage } from "@/lib/pagination/list-page";
import { presentParams, type SearchParams } from "@/lib/search-params";
import { formatDateTime, formatShortDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Data access" };

const SCOPE_TEXT = {
  all: "Every read of sensitive data, by anyone, and every refused one.",
  team: "Reads by you and your direct reports, and reads of your and their data.",
  own: "Your reads, and everyone's reads of your data.",
} as const;

const FILTER_KEYS = ["subject_id", "user_id", "data_category", "access_type", "access_status", "date_from", "date_to"] as const;
/** Data-access workspace: who read what, whose data it was, and what was refused. */
export default async function DataAccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const level = reachLevel(user, REACH.audit);
  if (!level) notFound();
  const raw = await searchParams;
  const asked = presentParams(raw, FILTER_KEYS);
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
      category: DATA_CATEGORY_LABELS[r.dataCategory],
      access: `${ACCESS_TYPE_LABELS[r.accessType]} · ${ACCESS_METHOD_LABELS[r.accessMethod]}`,
      outcome: ACCESS_STATUS_LABELS[r.status],
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
  const personOptions = people.map((p) => ({ value: p.id, label: p.id === user.id ? `${p.name} (you)` : p.name }));
  const subjectName = kept.subject_id ? people.find((p) => p.id === kept.subject_id)?.name : undefined;
  return (
    <>
      <PageHeader
        title={subjectName ? `Who read ${subjectName}'s data` : "Data access"}
        description={`${SCOPE_TEXT[level]} Newest first; times in PKT.`}
      />
      <form method="get" action="/audit/data-access" role="search" aria-label="Data access" className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        <FilterSelect id="a-subject" label="Whose data" name="subject_id" value={kept.subject_id} any="Anyone's" options={personOptions} />
        <FilterSelect id="a-reader" label="Read by" name="user_id" value={kept.user_id} any="Anyone" options={personOptions} />
        <FilterSelect id="a-category" label="Category" name="data_category" value={kept.data_category} any="Any category" options={optionsFrom(DATA_CATEGORIES, DATA_CATEGORY_LABELS)} />
        <FilterSelect id="a-status" label="Outcome" name="access_status" value={kept.access_status} any="Any outcome" options={optionsFrom(ACCESS_STATUSES, ACCESS_STATUS_LABELS)} />
        <FilterSelect id="a-type" label="Access" name="access_type" value={kept.access_type} any="Any access" options={optionsFrom(ACCESS_TYPES, ACCESS_TYPE_LABELS)} />
        <Field id="a-from" label="From (PKT day)" name="date_from" type="date" defaultValue={kept.date_from ?? ""} />
        <Field id="a-to" label="To (PKT day)" name="date_to" type="date" defaultValue={kept.date_to ?? ""} />
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
