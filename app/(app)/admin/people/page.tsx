import type { Metadata } from "next";
import Link from "next/link";
import { BulkCapacityForm } from "@/components/people/bulk-capacity-form";
import { PeopleTable, type PersonRow } from "@/components/people/people-table";
import { Card } from "@/components/ui/card";
import { Field, FilterSelect, optionsFrom } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { can, ROLE_LABELS, ROLES } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { listDepartments, listPeople } from "@/lib/people/queries";
import { peopleFilterSchema, type PeopleFilter } from "@/lib/people/schemas";
import { firstParam as first, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "People" };

const BULK_FORM_ID = "bulk-capacity";
const PERSON_STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "suspended", label: "Suspended" },
];


/** The current filters as a link, so every view can be shared. */
function hrefFor({ q, department, role, status }: PeopleFilter, cursor?: string) {
  return listHref("/admin/people", { q, department, role, status, cursor });
}

export default async function PeoplePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePermission("people:view");
  const raw = await searchParams;
  // A hand-edited link with an unknown filter value shows everyone rather than an error.
  const parsed = peopleFilterSchema.safeParse({
    q: first(raw.q) || undefined,
    department: first(raw.department) || undefined,
    role: first(raw.role) || undefined,
    status: first(raw.status) || undefined,
    cursor: first(raw.cursor) || undefined,
  });
  const filter = parsed.success ? parsed.data : peopleFilterSchema.parse({});
  const canManage = can(user.role, "people:manage");
  const [{ list, cursor, notice }, departments] = await Promise.all([
    readListPage(filter.cursor, (c) => listPeople({ viewer: user, filter: { ...filter, cursor: c } })),
    listDepartments(user),
  ]);
  const filtered = Boolean(filter.q || filter.department || filter.role || filter.status);
  const rows: PersonRow[] = list.rows.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    title: p.title ?? null,
    departmentName: p.departmentName ?? null,
    roleLabel: p.roleLabel,
    managerName: p.managerName ?? null,
    status: p.status,
  }));

  return (
    <>
      <PageHeader
        title="People"
        description="Everyone with an account: their role, department, manager and status."
        actions={
          canManage ? (
            <Link href="/admin/people/new" className="inline-block rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
              New person
            </Link>
          ) : null
        }
      />

      <Card title="Filters" className="mb-6">
        <form method="get" action="/admin/people" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field id="people-q" label="Search name or email" name="q" type="search" defaultValue={filter.q ?? ""} />
          <FilterSelect id="people-department" label="Department" name="department" value={filter.department} any="All departments" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
          <FilterSelect id="people-role" label="Role" name="role" value={filter.role} any="All roles" options={optionsFrom(ROLES, ROLE_LABELS)} />
          <FilterSelect id="people-status" label="Status" name="status" value={filter.status} any="Any status" options={PERSON_STATUS_OPTIONS} />
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
            <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
              Apply filters
            </button>
            {filtered ? (
              <Link href="/admin/people" className="text-sm font-medium text-indigo-800 underline">
                Clear filters
              </Link>
            ) : null}
          </div>
        </form>
      </Card>

      {notice ? <Notice>{notice}</Notice> : null}
      <Card title={cursor ? "People (continued)" : "People"} className="mb-6">
        <PeopleTable
          rows={rows}
          bulkFormId={canManage ? BULK_FORM_ID : null}
          empty={filtered ? "No one matches these filters." : "No people yet."}
          previous={cursor ? { href: hrefFor(filter), label: "First page" } : null}
          next={list.nextCursor ? { href: hrefFor(filter, list.nextCursor), label: "Next page" } : null}
        />
      </Card>

      {canManage && list.rows.length > 0 ? (
        <Card title="Set weekly capacity for several people">
          <p className="mb-3 text-sm text-slate-600">
            Tick people in the list above, then set their weekly capacity. Each person&apos;s change is recorded in the audit log.
          </p>
          <BulkCapacityForm formId={BULK_FORM_ID} />
        </Card>
      ) : null}
    </>
  );
}
