import type { Metadata } from "next";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { getTeamOverview, MISSING_CHECKOUT_HOURS, type AttendanceToday } from "@/lib/team/queries";

export const metadata: Metadata = { title: "My team" };

function Attendance({ today }: { today: AttendanceToday }) {
  if (today.state === "checked_in") {
    return (
      <div className="flex flex-col items-start gap-1">
        <span>{today.label}</span>
        {today.missingCheckout ? <Badge tone="red">Missing check-out</Badge> : null}
      </div>
    );
  }
  return <span className={today.state === "not_in" ? "text-slate-600" : undefined}>{today.label}</span>;
}

export default async function TeamPage() {
  const user = await requirePermission("team:view");
  const { members } = await getTeamOverview({ viewer: user });
  const description = "Your direct reports at a glance: attendance today, tasks, workload and leave.";
  const headers = ["Person", "Today", "Open tasks", "Overdue", "Workload", "Pending leave"];

  return (
    <>
      <PageHeader title="My team" description={description} />
      <Card title="Team members">
        {members.length === 0 ? (
          <EmptyState>No one reports to you yet.</EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-600">
              Workload is the estimate of open tasks (to do and in progress) against weekly capacity. An open session older than{" "}
              {MISSING_CHECKOUT_HOURS} hours is flagged as a missing check-out. Times are in PKT.
            </p>
            {/* Focusable so keyboard users can scroll the table on a narrow screen: it holds no links. */}
            <ScrollRegion label="Team members table">
              <table className="min-w-full text-left text-sm text-slate-800">
                <thead className="text-xs text-slate-600 uppercase">
                  <tr>
                    {headers.map((h) => (
                      <th key={h} scope="col" className="px-3 py-2">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.id} className="border-t border-slate-200 align-top">
                      <th scope="row" className="px-3 py-2 text-left font-normal">
                        <span className="block font-medium text-slate-900">{m.name}</span>
                        <span className="block text-xs text-slate-600">
                          {m.title ?? m.roleLabel}
                          {m.departmentName ? ` · ${m.departmentName}` : ""}
                        </span>
                      </th>
                      <td className="px-3 py-2">
                        <Attendance today={m.attendance} />
                      </td>
                      <td className="px-3 py-2">{m.openTasks}</td>
                      <td className="px-3 py-2">{m.overdueTasks > 0 ? <Badge tone="amber">{m.overdueTasks} overdue</Badge> : "0"}</td>
                      <td className="px-3 py-2">
                        <div className="flex flex-col items-start gap-1">
                          <span className="whitespace-nowrap">
                            {m.openEstimateHours} h of {m.capacityHours} h ({m.workloadPercent}%)
                          </span>
                          {m.overloaded ? <Badge tone="red">Overloaded</Badge> : null}
                        </div>
                      </td>
                      <td className="px-3 py-2">{m.pendingLeave}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </Card>
    </>
  );
}
