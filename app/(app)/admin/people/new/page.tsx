import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Card, EmptyState } from "@/components/ui/card";
import { CapacityField } from "@/components/people/capacity-field";
import { managerOption } from "@/components/people/manager-option";
import { Field, optionsFrom, SelectField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS, ROLES } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { createPersonAction } from "@/lib/people/actions";
import { listDepartments, listManagerOptions } from "@/lib/people/queries";
import { PASSWORD_MIN_LENGTH } from "@/lib/people/schemas";

export const metadata: Metadata = { title: "New person" };

export default async function NewPersonPage() {
  const user = await requirePermission("people:manage");
  const [departments, managers] = await Promise.all([listDepartments(user), listManagerOptions(user)]);
  return (
    <>
      <PageHeader
        title="New person"
        description="Create an account. The person signs in with their email and the initial password you give them."
        actions={
          <Link href="/admin/people" className="text-sm font-medium text-indigo-800 underline">
            Back to people
          </Link>
        }
      />
      <Card title="Account details">
        {departments.length === 0 ? (
          <EmptyState>There are no departments yet, so no one can be added.</EmptyState>
        ) : (
          <ActionForm action={createPersonAction} submitLabel="Create person" pendingLabel="Creating…">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="new-name" label="Full name" name="name" required autoComplete="off" maxLength={120} />
              <Field id="new-email" label="Email" name="email" type="email" required autoComplete="off" maxLength={255} />
              <Field id="new-title" label="Job title (optional)" name="title" autoComplete="off" maxLength={120} />
              <SelectField id="new-role" label="Role" name="role" defaultValue="employee" options={optionsFrom(ROLES, ROLE_LABELS)} />
              <SelectField id="new-department" label="Department" name="departmentId" required options={departments.map((d) => ({ value: d.id, label: d.name }))} />
              <SelectField id="new-manager" label="Manager" name="managerId" defaultValue="" options={[{ value: "", label: "No manager" }, ...managers.map(managerOption)]} />
              <CapacityField id="new-capacity" name="weeklyCapacityHours" defaultValue={40} />
              <Field
                id="new-password"
                label="Initial password"
                name="password"
                type="password"
                autoComplete="new-password"
                minLength={PASSWORD_MIN_LENGTH}
                required
                hint={`At least ${PASSWORD_MIN_LENGTH} characters. Give it to the person privately; it is never shown or logged.`}
              />
            </div>
          </ActionForm>
        )}
      </Card>
    </>
  );
}
