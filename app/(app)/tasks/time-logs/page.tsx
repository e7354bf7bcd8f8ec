import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PersonLabel } from "@/components/tasks/task-parts";
import { TimeLogsTable, type TimeLogRow } from "@/components/tasks/time-logs-table";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Field, TextAreaField } from "@/components/ui/form-field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { CorrectionsCard, spanCells } from "@/components/ui/time-span";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { editTimeLogAction } from "@/lib/tasks/actions";
import { getEditableTimeLog, listEditableTimeLogs, listMyTimeLogs } from "@/lib/tasks/queries";
import { formatDateTime, toPktLocalInput } from "@/lib/time";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Time logs" };

const LINK = "text-sm font-medium text-indigo-800 underline";

type Log = {
  id: string;
  startedAt: Date;
  endedAt: Date | null;
  isManualEdit: boolean;
  editReason: string | null;
  task: { title: string } | null;
  editedBy: { name: string } | null;
};

function logRow(log: Log, person: TimeLogRow["person"] = null): TimeLogRow {
  return {
    ...spanCells({ ...log, start: log.startedAt, end: log.endedAt }),
    // Only what the label shows crosses to the browser.
    person: person ? { name: person.name, title: person.title, department: person.department ? { name: person.department.name } : null } : null,
    personName: person?.name ?? "",
    task: log.task?.title ?? null,
    startedLabel: formatDateTime(log.startedAt),
  };
}

export default async function TimeLogsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("tasks:self");
  const params = await searchParams;
  const editId = params.edit && isUuid(params.edit) ? params.edit : null;
  if (params.edit && !editId) notFound();
  const [own, others, editing] = await Promise.all([
    readListPage(params.before, (c) => listMyTimeLogs(user, c)),
    readListPage(params.teamBefore, (c) => listEditableTimeLogs(user, c)),
    editId ? getEditableTimeLog(user, editId) : null,
  ]);
  const editable = others.list;
  if (editId && !editing) notFound();
  // Only the heading depends on the role; which rows appear is decided by the queries.
  const anyone = can(user.role, "timelogs:edit_any");
  return (
    <>
      <PageHeader
        title="Time logs"
        description="Time recorded by your task timers, in PKT."
        actions={<Link href="/tasks" className={LINK}>Back to tasks</Link>}
      />

      {editing ? (
        <div id="edit" className="mb-6">
          <Card title={`Correct ${editing.user.name}'s time on "${editing.task?.title ?? "untitled work"}"`} className="max-w-xl">
            <p className="mb-1 text-sm text-slate-700"><PersonLabel person={editing.user} /></p>
            <p className="mb-4 text-sm text-slate-700">
              Recorded: {formatDateTime(editing.startedAt)} to {formatDateTime(editing.endedAt, "still running")}. Times below are PKT; the correction and its
              reason are recorded in the audit log.
            </p>
            <ActionForm action={editTimeLogAction} values={{ timeLogId: editing.id }} submitLabel="Save correction" successMessage="Correction saved and recorded in the audit log." className="space-y-4">
              <Field label="Start (PKT)" name="startedAt" type="datetime-local" defaultValue={toPktLocalInput(editing.startedAt)} required />
              <Field label="End (PKT)" name="endedAt" type="datetime-local" defaultValue={toPktLocalInput(editing.endedAt)} required hint="At most 24 hours after the start, and not in the future." />
              <TextAreaField label="Reason for the correction" name="reason" required minLength={5} maxLength={500} />
            </ActionForm>
            <Link href="/tasks/time-logs" className={`mt-4 inline-block ${LINK}`}>Cancel</Link>
          </Card>
        </div>
      ) : null}

      <Card title="My time logs" className="mb-6">
        {own.notice ? <Notice>{own.notice}</Notice> : null}
        <TimeLogsTable
          rows={own.list.rows.map((log) => logRow(log))}
          next={own.list.next ? { href: listHref("/tasks/time-logs", { before: own.list.next }), label: "Older time logs" } : null}
        />
      </Card>

      {editable ? (
        <CorrectionsCard everyone={anyone} what="time logs">
          {others.notice ? <Notice>{others.notice}</Notice> : null}
          <TimeLogsTable
            editable
            rows={editable.rows.map((log) => logRow(log, log.user))}
            next={editable.next ? { href: listHref("/tasks/time-logs", { teamBefore: editable.next }), label: "Older time logs of others" } : null}
          />
        </CorrectionsCard>
      ) : null}
    </>
  );
}
