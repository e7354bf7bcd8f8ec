import type { Metadata } from "next";
import { ScrollRegion } from "@/components/ui/scroll-region";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PersonLabel } from "@/components/tasks/task-parts";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { Field, TextAreaField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { editTimeLogAction } from "@/lib/tasks/actions";
import { getEditableTimeLog, listEditableTimeLogs, listMyTimeLogs, parseCursor } from "@/lib/tasks/queries";
import { formatDate, formatDateTime, formatDuration, formatTime, toPktLocalInput } from "@/lib/time";

export const metadata: Metadata = { title: "Time logs" };

const LINK = "text-sm font-medium text-indigo-800 underline";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Log = {
  id: string;
  startedAt: Date;
  endedAt: Date | null;
  isManualEdit: boolean;
  editReason: string | null;
  task: { title: string } | null;
  editedBy: { name: string } | null;
};

function LogCells({ log }: { log: Log }) {
  return (
    <>
      <td className="px-3 py-2 font-medium text-slate-900">{log.task?.title ?? "Untitled work"}</td>
      <td className="px-3 py-2 whitespace-nowrap">{formatDate(log.startedAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{formatTime(log.startedAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{log.endedAt ? formatTime(log.endedAt) : <Badge tone="green">Running</Badge>}</td>
      <td className="px-3 py-2 whitespace-nowrap">{log.endedAt ? formatDuration(log.endedAt.getTime() - log.startedAt.getTime()) : "—"}</td>
      <td className="px-3 py-2">
        {log.isManualEdit ? (
          <>
            <Badge tone="amber">Edited by {log.editedBy?.name ?? "a former user"}</Badge>
            {log.editReason ? <span className="mt-1 block text-xs text-slate-600">{log.editReason}</span> : null}
          </>
        ) : null}
      </td>
    </>
  );
}

const HEADERS = ["Task", "Date", "Start", "End", "Duration", "Notes"];

function Head({ columns }: { columns: string[] }) {
  return (
    <thead className="text-xs text-slate-600 uppercase">
      <tr>{columns.map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}</tr>
    </thead>
  );
}

export default async function TimeLogsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("tasks:self");
  const params = await searchParams;
  const editId = params.edit && UUID.test(params.edit) ? params.edit : null;
  if (params.edit && !editId) notFound();
  const [own, editable, editing] = await Promise.all([
    listMyTimeLogs(user, parseCursor(params.before)),
    listEditableTimeLogs(user, parseCursor(params.teamBefore)),
    editId ? getEditableTimeLog(user, editId) : null,
  ]);
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
        {own.rows.length === 0 ? (
          <EmptyState>No time logged yet. Start a timer from a task on the Tasks page.</EmptyState>
        ) : (
          <ScrollRegion label="My time logs table">
            <table className="min-w-full text-left text-sm text-slate-800">
              <Head columns={HEADERS} />
              <tbody>
                {own.rows.map((log) => (
                  <tr key={log.id} className="border-t border-slate-200 align-top"><LogCells log={log} /></tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        {own.next ? <Link className={`mt-3 inline-block ${LINK}`} href={`/tasks/time-logs?before=${encodeURIComponent(own.next)}`}>Older time logs</Link> : null}
      </Card>

      {editable ? (
        <Card title={anyone ? "Everyone's time logs" : "My team's time logs"}>
          <p className="mb-3 text-sm text-slate-600">Corrections need a reason and are recorded in the audit log with the old and new times.</p>
          {editable.rows.length === 0 ? (
            <EmptyState>No time logs to show.</EmptyState>
          ) : (
            <ScrollRegion label="Time logs you can correct">
              <table className="min-w-full text-left text-sm text-slate-800">
                <Head columns={["Person", ...HEADERS, "Action"]} />
                <tbody>
                  {editable.rows.map((log) => (
                    <tr key={log.id} className="border-t border-slate-200 align-top">
                      <td className="px-3 py-2"><PersonLabel person={log.user} /></td>
                      <LogCells log={log} />
                      <td className="px-3 py-2">
                        <Link href={`/tasks/time-logs?edit=${log.id}#edit`} className={LINK}>
                          Correct<span className="sr-only"> {log.user.name}&apos;s time on {log.task?.title ?? "untitled work"}, {formatDateTime(log.startedAt)}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {editable.next ? (
            <Link className={`mt-3 inline-block ${LINK}`} href={`/tasks/time-logs?teamBefore=${encodeURIComponent(editable.next)}`}>
              Older time logs of others
            </Link>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
