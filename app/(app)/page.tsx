import type { Metadata } from "next";
import Link from "next/link";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ElapsedTime } from "@/components/tasks/elapsed-time";
import { getTodayAttendance } from "@/lib/attendance/queries";
import { getRunningTimer, listMyOpenTasks } from "@/lib/tasks/queries";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { navFor } from "@/lib/nav";
import { formatDate, formatDateTime, formatDuration, formatTime } from "@/lib/time";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const user = await requireUser();
  const [today, timer, openTasks] = await Promise.all([getTodayAttendance(user), getRunningTimer(user), listMyOpenTasks(user)]);
  const now = new Date();
  const nextTasks = openTasks.slice(0, 3);
  const shortcuts = navFor(user.role).filter((item) => item.href !== "/");
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-bold text-slate-900">Welcome, {user.name.split(" ")[0]}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {formatDate(new Date())} · {ROLE_LABELS[user.role]}
          {user.departmentName ? `, ${user.departmentName}` : ""}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Today's attendance">
          <div data-testid="attendance-status" className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-800">
            {today.open ? (
              <>
                <Badge tone="green">Checked in</Badge>
                <span>since {formatTime(today.open.checkInAt)}</span>
              </>
            ) : today.today.length > 0 ? (
              <>
                <Badge tone="gray">Checked out</Badge>
                <span>at {formatTime(today.today[today.today.length - 1]!.checkOutAt)}</span>
              </>
            ) : (
              <>
                <Badge tone="amber">Not checked in</Badge>
                <span>You have not checked in today.</span>
              </>
            )}
          </div>
          <p className="text-sm text-slate-600">Worked today: {formatDuration(today.workedMs)}</p>
          <CheckInOut checkedIn={Boolean(today.open)} />
        </Card>
        <Card title="My work">
          <div data-testid="timer-status" className="mb-3 text-sm text-slate-800">
            {timer ? (
              <p>
                <Badge tone="blue">Timer running</Badge> on {timer.task?.title ?? "untitled work"} since {formatTime(timer.startedAt)} ·{" "}
                <ElapsedTime startedAt={timer.startedAt.toISOString()} />
              </p>
            ) : (
              <p className="text-slate-600">No timer running.</p>
            )}
          </div>
          {nextTasks.length === 0 ? (
            <p className="text-sm text-slate-600">No open tasks.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {nextTasks.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{t.title}</span>
                  <span className="text-slate-600">due {formatDateTime(t.dueDate)}</span>
                  {t.dueDate < now ? <Badge tone="red">Overdue</Badge> : null}
                </li>
              ))}
            </ul>
          )}
          <Link href="/tasks" className="mt-3 inline-block text-sm font-medium text-indigo-800 underline">
            All my tasks ({openTasks.length})
          </Link>
        </Card>
        <Card title="Shortcuts" className="lg:col-span-2">
          <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
            {shortcuts.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="block rounded-md border border-slate-200 px-3 py-2 text-sm font-medium text-indigo-800 hover:bg-indigo-50">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
