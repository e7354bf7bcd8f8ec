import type { Metadata } from "next";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { SessionsTable, type SessionRow } from "@/components/attendance/sessions-table";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { listHref } from "@/components/ui/pager";
import { CorrectionsCard, spanCells } from "@/components/ui/time-span";
import { getTodayAttendance, listEditableSessions, listOwnAttendance } from "@/lib/attendance/queries";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { formatDuration, formatTime } from "@/lib/time";

export const metadata: Metadata = { title: "Attendance" };

type Session = { id: string; checkInAt: Date; checkOutAt: Date | null; isManualEdit: boolean; editedBy: { name: string } | null; editReason: string | null };

function sessionRow(s: Session, person: string | null = null): SessionRow {
  return { ...spanCells({ ...s, start: s.checkInAt, end: s.checkOutAt }), person };
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
          rows={own.list.rows.map((s) => sessionRow(s))}
          next={own.list.nextCursor ? { href: listHref("/attendance", { before: own.list.nextCursor }), label: "Older sessions" } : null}
        />
      </Card>
      {editable ? (
        <CorrectionsCard everyone={anyone} what="sessions">
          {others.notice ? <Notice>{others.notice}</Notice> : null}
          <SessionsTable
            editable
            rows={editable.rows.map((s) => sessionRow(s, s.user.name))}
            next={editable.nextCursor ? { href: listHref("/attendance", { teamBefore: editable.nextCursor }), label: "Older team sessions" } : null}
          />
        </CorrectionsCard>
      ) : null}
    </>
  );
}
