import type { Metadata } from "next";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { SessionsTable, type SessionRow } from "@/components/attendance/sessions-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CorrectionsCard, spanCells } from "@/components/ui/time-span";
import { getTodayAttendance, listEditableSessions, listOwnAttendance } from "@/lib/attendance/queries";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatDuration, formatTime } from "@/lib/time";

export const metadata: Metadata = { title: "Attendance" };

function cursorFrom(value: string | undefined): Date | undefined {
  const d = value ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

type Session = { id: string; checkInAt: Date; checkOutAt: Date | null; isManualEdit: boolean; editedBy: { name: string } | null; editReason: string | null };

function sessionRow(s: Session, person: string | null = null): SessionRow {
  return { ...spanCells({ ...s, start: s.checkInAt, end: s.checkOutAt }), person };
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
        <SessionsTable
          rows={own.rows.map((s) => sessionRow(s))}
          next={own.nextCursor ? { href: `/attendance?before=${encodeURIComponent(own.nextCursor.toISOString())}`, label: "Older sessions" } : null}
        />
      </Card>
      {editable ? (
        <CorrectionsCard everyone={anyone} what="sessions">
          <SessionsTable
            editable
            rows={editable.rows.map((s) => sessionRow(s, s.user.name))}
            next={
              editable.nextCursor ? { href: `/attendance?teamBefore=${encodeURIComponent(editable.nextCursor.toISOString())}`, label: "Older team sessions" } : null
            }
          />
        </CorrectionsCard>
      ) : null}
    </>
  );
}
