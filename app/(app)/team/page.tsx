import type { Metadata } from "next";
import { TeamTable, type TeamMemberRow } from "@/components/team/team-table";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { getTeamOverview } from "@/lib/team/queries";

export const metadata: Metadata = { title: "My team" };

export default async function TeamPage() {
  const user = await requirePermission("team:view");
  const overview = await getTeamOverview({ viewer: user });
  const { members } = overview;
  const description = "Your direct reports at a glance: attendance today, tasks, workload and leave.";
  const rows: TeamMemberRow[] = members.map((m) => ({
    id: m.id,
    name: m.name,
    details: `${m.title ?? m.roleLabel}${m.departmentName ? ` · ${m.departmentName}` : ""}`,
    attendanceLabel: m.attendance.label,
    attendanceState: m.attendance.state,
    missingCheckout: m.attendance.state === "checked_in" && m.attendance.missingCheckout,
    openTasks: m.openTasks,
    overdueTasks: m.overdueTasks,
    openEstimateHours: m.openEstimateHours,
    capacityHours: m.capacityHours,
    workloadPercent: m.workloadPercent,
    overloaded: m.overloaded,
    pendingLeave: m.pendingLeave,
  }));

  return (
    <>
      <PageHeader title="My team" description={description} />
      <Card title="Team members">
        {members.length === 0 ? (
          <EmptyState>No one reports to you yet.</EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-600">
              Workload is the estimate of open tasks (to do and in progress) against weekly capacity. An open session{" "}
              {overview.missingCheckoutBufferHours} hours old is flagged as a missing check-out. Times are in PKT.
            </p>
            <TeamTable rows={rows} />
          </>
        )}
      </Card>
    </>
  );
}
