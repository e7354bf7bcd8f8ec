import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm, type AnyAction } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { CapacityField } from "@/components/people/capacity-field";
import { managerOption } from "@/components/people/manager-option";
import { optionsFrom, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can, ROLE_LABELS, ROLES } from "@/lib/access/permissions";
import { requestContext, requirePermission } from "@/lib/auth/session";
import { REACH, reachLevel } from "@/lib/access/scope";
import {
  activatePersonAction,
  changeManagerAction,
  changeRoleAction,
  setCapacityAction,
  suspendPersonAction,
} from "@/lib/people/actions";
import { getPerson, listManagerOptions } from "@/lib/people/queries";
import { formatDate, formatDateTime } from "@/lib/time";

// The title stays generic: resolving the name here would read (and log) the profile twice.
export const metadata: Metadata = { title: "Person" };

/** One of the person's settings in its own card, saved on its own: "Save role", "Role saved." */
function SettingCard({ title, setting, action, userId, children }: { title: string; setting: string; action: AnyAction; userId: string; children: React.ReactNode }) {
  return (
    <Card title={title}>
      <ActionForm action={action} values={{ userId }} submitLabel={`Save ${setting}`} successMessage={`${setting.charAt(0).toUpperCase()}${setting.slice(1)} saved.`}>
        {children}
      </ActionForm>
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-600 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("people:view");
  const { id } = await params;
  const request = await requestContext(user.sessionId);
  const person = await getPerson({ viewer: user, request, userId: id });
  if (!person) notFound();
  const canManage = can(user.role, "people:manage");
  const isSelf = person.id === user.id;
  const managers = canManage && !isSelf ? await listManagerOptions(user) : [];
  const statusChange =
    person.status === "active"
      ? { key: "suspend", action: suspendPersonAction, verb: "Suspend", pending: "Suspending…", result: "suspended", variant: "danger" as const, explain: "Suspending blocks sign-in and signs the person out on their next request." }
      : { key: "activate", action: activatePersonAction, verb: "Activate", pending: "Activating…", result: "active", variant: "primary" as const, explain: "Activating lets the person sign in again." };

  return (
    <>
      <PageHeader
        title={person.name}
        description={[person.title ?? "No title", person.departmentName ?? "No department"].join(" · ")}
        actions={
          <span className="flex flex-wrap gap-4">
            {reachLevel(user, REACH.audit) === "all" ? (
              <Link href={`/audit/data-access?subject_id=${person.id}`} className="text-sm font-medium text-indigo-800 underline">
                Who read their data
              </Link>
            ) : null}
            <Link href="/admin/people" className="text-sm font-medium text-indigo-800 underline">
              Back to people
            </Link>
          </span>
        }
      />

      <Card title="Profile" className="mb-6">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Detail label="Email">{person.email}</Detail>
          <Detail label="Title">{person.title ?? "—"}</Detail>
          <Detail label="Department">{person.departmentName ?? "—"}</Detail>
          <Detail label="Role">{person.roleLabel}</Detail>
          <Detail label="Manager">
            {person.manager ? (
              <Link href={`/admin/people/${person.manager.id}`} className="font-medium text-indigo-800 underline">
                {person.manager.name}
              </Link>
            ) : (
              "No manager"
            )}
          </Detail>
          <Detail label="Status">
            {person.status === "active" ? <Badge tone="green">Active</Badge> : <Badge tone="red">Suspended</Badge>}
          </Detail>
          <Detail label="Weekly capacity">{person.weeklyCapacityHours} h</Detail>
          <Detail label="Last sign-in">{formatDateTime(person.lastLoginAt, "Never")}</Detail>
          <Detail label="Account created">{formatDate(person.createdAt)}</Detail>
        </dl>
      </Card>

      <Card title="Reports" className="mb-6">
        {person.reports.length === 0 ? (
          <EmptyState>No one reports to {person.name}.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200">
            {person.reports.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div>
                  <Link href={`/admin/people/${r.id}`} className="text-sm font-medium text-indigo-800 underline">
                    {r.name}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {r.title ?? "No title"} · {r.roleLabel}
                  </p>
                </div>
                {r.status === "suspended" ? <Badge tone="red">Suspended</Badge> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {canManage && isSelf ? (
        <Card title="Manage">
          <p className="text-sm text-slate-700">
            This is your own account. You cannot suspend yourself or change your own role or manager; ask another admin.
          </p>
        </Card>
      ) : null}

      {canManage && !isSelf ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Account status">
            <p className="text-sm text-slate-700">{statusChange.explain}</p>
            <ActionForm
              key={statusChange.key}
              action={statusChange.action}
              values={{ userId: person.id }}
              submitLabel={`${statusChange.verb} ${person.name}`}
              pendingLabel={statusChange.pending}
              successMessage={`${person.name} is ${statusChange.result}.`}
              variant={statusChange.variant}
            >
              {null}
            </ActionForm>
          </Card>

          <SettingCard title="Role" setting="role" action={changeRoleAction} userId={person.id}>
            <SelectField id="person-role" label="Role" name="role" defaultValue={person.role} options={optionsFrom(ROLES, ROLE_LABELS)} />
          </SettingCard>

          <SettingCard title="Manager" setting="manager" action={changeManagerAction} userId={person.id}>
            <SelectField
              id="person-manager"
              label="Manager"
              name="managerId"
              defaultValue={person.managerId ?? ""}
              options={[
                { value: "", label: "No manager" },
                // A suspended current manager is not a choice, but must stay selected until changed.
                ...(person.manager && person.manager.status !== "active" ? [{ value: person.manager.id, label: `${person.manager.name} (suspended)` }] : []),
                ...managers.filter((m) => m.id !== person.id).map(managerOption),
              ]}
            />
          </SettingCard>

          <SettingCard title="Weekly capacity" setting="capacity" action={setCapacityAction} userId={person.id}>
            <CapacityField id="person-capacity" name="hours" defaultValue={person.weeklyCapacityHours} />
          </SettingCard>
        </div>
      ) : null}
    </>
  );
}
