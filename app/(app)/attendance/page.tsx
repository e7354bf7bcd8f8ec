import type { Metadata } from "next";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { SessionsTable, type SessionRow } from "@/components/attendance/sessions-table";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getTodayAttendance, listEditableSessions, listOwnAttendance } from "@/lib/attendance/queries";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDate, formatDuration, formatTime } from "@/lib/time";

export const metadata: Metadata = { title: "Attendance" };

type Session = { id: string; checkInAt: Date; checkOutAt: Date | null; isManualEdit: boolean; editedBy: { name: string } | null; editReason: string | null };

function sessionRow(s: Session, person: string | null = null): SessionRow {
  return {
    id: s.id,
    person,
    date: formatDate(s.checkInAt),
    checkIn: formatTime(s.checkInAt),
    checkOut: s.checkOutAt ? formatTime(s.checkOutAt) : null,
    duration: s.checkOutAt ? formatDuration(s.checkOutAt.getTime() - s.checkInAt.getTime()) : null,
    editedBy: s.isManualEdit ? (s.editedBy?.name ?? "a former user") : null,
    editReason: s.editReason,
  };
}

export default async function AttendancePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("attendance:self");
  const params = await searchParams;
  const [today, own, others] = await Promise.all([
    getTodayAttendance(user),
    readListPage(params.before, (c) => listOwnAttendance(user, c)),
    readListPage(params.teamBefore, (c) => listEditableSessions({ viewer: user, cursor: c })),
  ]);
  const editable = others.list;
  // Only the heading depends on the role; which rows appear is decided by the query.
  const anyone = can(user.role, "attendance:edit_any");
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
        {own.notice ? <Notice>{own.notice}</Notice> : null}
        <SessionsTable
          label="My attendance history table"
          rows={own.list.rows.map((s) => sessionRow(s))}
          storageKey="attendance.own.columns"
          empty="No attendance yet."
          next={own.list.nextCursor ? { href: `/attendance?before=${own.list.nextCursor}`, label: "Older sessions" } : null}
          pagesLabel="My history pages"
        />
      </Card>
      {editable ? (
        <Card title={anyone ? "Everyone's sessions" : "My team's sessions"}>
          {others.notice ? <Notice>{others.notice}</Notice> : null}
          <p className="mb-3 text-sm text-slate-600">Corrections need a reason and are recorded in the audit log with the old and new times.</p>
          <SessionsTable
            label="Team sessions table"
            rows={editable.rows.map((s) => sessionRow(s, s.user.name))}
            editable
            storageKey="attendance.team.columns"
            empty="No sessions to show."
            next={editable.nextCursor ? { href: `/attendance?teamBefore=${editable.nextCursor}`, label: "Older team sessions" } : null}
            pagesLabel="Team sessions pages"
          />
        </Card>
      ) : null}
    </>
  );
}
