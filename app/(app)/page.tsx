import type { Metadata } from "next";
import Link from "next/link";
import { CheckInOut } from "@/components/attendance/check-in-out";
import { AnnouncementSummary } from "@/components/announcements/announcement-summary";
import { AlertSummary } from "@/components/home/alert-summary";
import { ApprovalsSummary } from "@/components/home/approvals-summary";
import { IntegritySummary, type IntegrityStatus } from "@/components/home/integrity-summary";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ElapsedTime } from "@/components/tasks/elapsed-time";
import { getTodayAttendance } from "@/lib/attendance/queries";
import { getRunningTimer, listMyOpenTasks } from "@/lib/tasks/queries";
import { formatWaiting } from "@/lib/alerts/labels";
import { getMyAlertSummary, getTodaysHighRiskEvents } from "@/lib/alerts/queries";
import { getIntegrityOverview } from "@/lib/audit/integrity/queries";
import { can, ROLE_LABELS } from "@/lib/access/permissions";
import { listLeaveToDecide } from "@/lib/leave/queries";
import { listProjectsToDecide } from "@/lib/projects/queries";
import { requestContext, requireUser } from "@/lib/auth/session";
import { navFor } from "@/lib/nav";
import { formatDate, formatDateTime, formatDuration, formatTime, pktDayKey, startOfPktDay } from "@/lib/time";

export const metadata: Metadata = { title: "Home" };

/**
 * Each role's governance summary: what needs their attention (alerts by severity, the
 * newest ones), decisions waiting on them, announcements (issue 12), for auditors and
 * admins the audit log's integrity and today's high-risk events, and their own day.
 * Every read starts in one Promise.all; none waits on another.
 */
export default async function HomePage() {
  const user = await requireUser();
  const now = new Date();
  const decides = can(user.role, "leave:decide_team") || can(user.role, "leave:decide_any") || can(user.role, "projects:decide");
  const audits = can(user.role, "audit:view_all") && can(user.role, "audit:verify");
  const [today, timer, openTasks, alerts, leaveToDecide, projectsToDecide, integrity, highRisk] = await Promise.all([
    getTodayAttendance(user),
    getRunningTimer(user),
    listMyOpenTasks(user),
    getMyAlertSummary(user),
    decides ? listLeaveToDecide(user, await requestContext(user.sessionId)) : Promise.resolve([]),
    decides ? listProjectsToDecide(user) : Promise.resolve([]),
    audits ? getIntegrityOverview(user) : Promise.resolve(null),
    audits ? getTodaysHighRiskEvents(user, { dayStart: startOfPktDay(pktDayKey(now)) }) : Promise.resolve(null),
  ]);
  const nextTasks = openTasks.slice(0, 3);
  const shortcuts = navFor(user.role).filter((item) => item.href !== "/");
  const oldest = [...leaveToDecide.map((r) => ({ label: `${r.requesterName}'s leave`, at: r.createdAt })), ...projectsToDecide.map((r) => ({ label: `${r.requesterName}'s project "${r.title}"`, at: r.createdAt }))].sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  const integrityStatus: IntegrityStatus | null =
    integrity && highRisk
      ? {
          lastCheckpoint: integrity.checkpoints[0] ? { label: `#${integrity.checkpoints[0].id}`, at: formatDateTime(integrity.checkpoints[0].createdAt), entries: integrity.checkpoints[0].totalEntries.toLocaleString("en-US") } : null,
          totalEntries: integrity.totalEntries.toLocaleString("en-US"),
          highRiskToday: highRisk.count,
          openAnomalies: highRisk.openAnomalies,
          latest: highRisk.latest.map((e) => ({ id: e.id, at: formatTime(e.eventTimestamp), description: e.actionDescription, risk: e.riskLevel, by: e.userName || "System" })),
        }
      : null;
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
        <div className="lg:col-span-2">
          <AlertSummary
            counts={alerts.counts}
            total={alerts.total}
            latest={alerts.latest.map((a) => ({ id: a.id, type: a.type, severity: a.severity, subject: a.subject?.name ?? a.subjectLabel, entity: a.entityLabel, createdAt: formatDateTime(a.createdAt) }))}
          />
        </div>
        {decides ? (
          <ApprovalsSummary
            pending={{
              leave: leaveToDecide.length,
              projects: projectsToDecide.length,
              oldestLabel: oldest?.label ?? null,
              oldestWaiting: oldest ? formatWaiting(now.getTime() - oldest.at.getTime()) : null,
            }}
          />
        ) : null}
        {/* Announcements (issue 12): its own read of the viewer's active announcements. */}
        <AnnouncementSummary viewer={user} />
        {integrityStatus ? <IntegritySummary status={integrityStatus} /> : null}
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
