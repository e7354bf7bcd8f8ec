import type { Metadata } from "next";
import { ScrollRegion } from "@/components/ui/scroll-region";
import Link from "next/link";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getTodayAttendance, listEditableSessions, listOwnAttendance } from "@/lib/attendance/queries";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatDate, formatDuration, formatTime } from "@/lib/time";

export const metadata: Metadata = { title: "Attendance" };

function cursorFrom(value: string | undefined): Date | undefined {
  const d = value ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

type Session = { id: string; checkInAt: Date; checkOutAt: Date | null; isManualEdit: boolean; editedBy: { name: string } | null; editReason: string | null };

function SessionRow({ s, person, editable }: { s: Session; person?: string; editable?: boolean }) {
  return (
    <tr className="border-t border-slate-200">
      {person !== undefined ? <td className="px-3 py-2 font-medium text-slate-900">{person}</td> : null}
      <td className="px-3 py-2 whitespace-nowrap">{formatDate(s.checkInAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{formatTime(s.checkInAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{s.checkOutAt ? formatTime(s.checkOutAt) : <Badge tone="green">Open</Badge>}</td>
      <td className="px-3 py-2 whitespace-nowrap">{s.checkOutAt ? formatDuration(s.checkOutAt.getTime() - s.checkInAt.getTime()) : "—"}</td>
      <td className="px-3 py-2">
        {s.isManualEdit ? (
          <span title={s.editReason ?? undefined}>
            <Badge tone="amber">Edited by {s.editedBy?.name ?? "a former user"}</Badge>
          </span>
        ) : null}
      </td>
      {editable ? (
        <td className="px-3 py-2">
          <Link href={`/attendance/edit/${s.id}`} className="text-sm font-medium text-indigo-800 underline">
            Correct<span className="sr-only"> session of {person} on {formatDate(s.checkInAt)}</span>
          </Link>
        </td>
      ) : null}
    </tr>
  );
}

export default async function AttendancePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("attendance:self");
  const params = await searchParams;
  const [today, own, editable] = await Promise.all([
    getTodayAttendance(user),
    listOwnAttendance(user, cursorFrom(params.before)),
    listEditableSessions({ viewer: user, before: cursorFrom(params.teamBefore) }),
  ]);
  // Only the heading depends on the role; which rows appear is decided by the query.
  const anyone = can(user.role, "attendance:edit_any");
  const headers = ["Date", "Check in", "Check out", "Duration", "Notes"];
  return (
    <>
      <PageHeader title="Attendance" description="Your check-ins and check-outs, in PKT." />
      <Card title="Today" className="mb-6">
        <p className="text-sm text-slate-800">
          {today.open ? `Checked in since ${formatTime(today.open.checkInAt)}.` : "You are not checked in."} Worked today: {formatDuration(today.workedMs)}.
        </p>
        <CheckInOut checkedIn={Boolean(today.open)} />
      </Card>
      <Card title="My history" className="mb-6">
        {own.rows.length === 0 ? (
          <EmptyState>No attendance yet.</EmptyState>
        ) : (
          <ScrollRegion label="My attendance history table">
            <table className="min-w-full text-left text-sm text-slate-800">
              <thead className="text-xs text-slate-600 uppercase">
                <tr>{headers.map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}</tr>
              </thead>
              <tbody>{own.rows.map((s) => <SessionRow key={s.id} s={s} />)}</tbody>
            </table>
          </ScrollRegion>
        )}
        {own.nextCursor ? (
          <Link className="mt-3 inline-block text-sm font-medium text-indigo-800 underline" href={`/attendance?before=${encodeURIComponent(own.nextCursor.toISOString())}`}>
            Older sessions
          </Link>
        ) : null}
      </Card>
      {editable ? (
        <Card title={anyone ? "Everyone's sessions" : "My team's sessions"}>
          <p className="mb-3 text-sm text-slate-600">Corrections need a reason and are recorded in the audit log with the old and new times.</p>
          {editable.rows.length === 0 ? (
            <EmptyState>No sessions to show.</EmptyState>
          ) : (
            <ScrollRegion label="Team sessions table">
              <table className="min-w-full text-left text-sm text-slate-800">
                <thead className="text-xs text-slate-600 uppercase">
                  <tr>{["Person", ...headers, "Action"].map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}</tr>
                </thead>
                <tbody>{editable.rows.map((s) => <SessionRow key={s.id} s={s} person={s.user.name} editable />)}</tbody>
              </table>
            </ScrollRegion>
          )}
          {editable.nextCursor ? (
            <Link className="mt-3 inline-block text-sm font-medium text-indigo-800 underline" href={`/attendance?teamBefore=${encodeURIComponent(editable.nextCursor.toISOString())}`}>
              Older team sessions
            </Link>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
