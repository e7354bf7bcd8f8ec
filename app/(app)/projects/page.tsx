import type { Metadata } from "next";
import { DecisionForm } from "@/components/leave/decision-form";
import { DecisionNote, formatWaiting, joinLabels, RequestPager, RequestStatusBadge } from "@/components/leave/request-status";
import { ActionForm } from "@/components/ui/action-form";
import { Card, EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { Field, TextAreaField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { decideProjectAction, submitProjectAction } from "@/lib/projects/actions";
import { listMyProjectRequests, listProjectsToDecide, listRecentProjectDecisions } from "@/lib/projects/queries";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("projects:request");
  const params = await searchParams;
  const decider = can(user.role, "projects:decide");
  const [{ list: mine, cursor, notice }, toDecide, recent] = await Promise.all([
    readListPage(params.cursor, (c) => listMyProjectRequests(user, c)),
    listProjectsToDecide(user),
    listRecentProjectDecisions(user),
  ]);

  return (
    <>
      <PageHeader title="Projects" description="Propose a project for approval and follow your proposals. Times are in PKT." />
      <div className="space-y-6">
        <Card title="Request a project">
          <ActionForm action={submitProjectAction} submitLabel="Submit request" pendingLabel="Submitting…" successMessage="Project request submitted." resetOnSuccess>
            <div className="grid gap-4">
              <Field label="Project title" name="title" id="project-title" required minLength={3} maxLength={200} />
              <TextAreaField label="Description" name="description" id="project-description" rows={4} required minLength={10} maxLength={2000} />
            </div>
          </ActionForm>
        </Card>

        {decider ? (
          <Card title="Requests to decide">
            {toDecide.length === 0 ? (
              <EmptyState>No project requests are waiting for a decision.</EmptyState>
            ) : (
              <ul className="space-y-4" aria-label="Project requests waiting for a decision, longest waiting first">
                {toDecide.map((r) => (
                  <li key={r.id} className="rounded-md border border-slate-200 p-4" data-testid="project-to-decide">
                    <h3 id={`project-title-${r.id}`} className="text-sm font-semibold break-words text-slate-900">{r.title}</h3>
                    <p className="text-xs text-slate-600">
                      Requested by {joinLabels(r.requesterName, r.requesterTitle, r.departmentName ?? "No department")}
                    </p>
                    <p className="mt-2 text-sm whitespace-pre-line break-words text-slate-800">{r.description}</p>
                    <p className="mt-1 text-xs text-slate-600">
                      Submitted {formatDateTime(r.createdAt)} · waiting {formatWaiting(r.waitingMs)}
                    </p>
                    <div className="mt-3">
                      <DecisionForm
                        action={decideProjectAction}
                        values={{ requestId: r.id }}
                        approveLabel={`Approve project ${r.title} for ${r.requesterName}`}
                        rejectLabel={`Reject project ${r.title} for ${r.requesterName}`}
                      >
                        <TextAreaField label="Reason for decision" name="reason" id={`project-decision-reason-${r.id}`} rows={2} required minLength={3} maxLength={500} />
                      </DecisionForm>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}

        <Card title="My requests">
          {notice ? <Notice>{notice}</Notice> : null}
          {mine.rows.length === 0 ? (
            <EmptyState>You have not requested any projects yet.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="My project requests, newest first">
              {mine.rows.map((r) => (
                <li key={r.id} className="py-3" data-testid="my-project-request">
                  <div className="flex flex-wrap items-center gap-2">
                    <p className="text-sm font-semibold break-words text-slate-900">{r.title}</p>
                    <RequestStatusBadge status={r.status} />
                  </div>
                  <p className="mt-1 text-sm whitespace-pre-line break-words text-slate-800">{r.description}</p>
                  <p className="mt-1 text-xs text-slate-600">Submitted {formatDateTime(r.createdAt)}</p>
                  {r.approverName ? (
                    <DecisionNote lead={r.status === "approved" ? "Approved by" : "Rejected by"} approverName={r.approverName} decidedAt={r.decidedAt} decisionReason={r.decisionReason} />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <RequestPager path="/projects" cursor={cursor} next={mine.next} />
        </Card>

        {decider ? (
          <Card title="Recent decisions">
            {recent.length === 0 ? (
              <EmptyState>No project requests have been decided yet.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200" aria-label="Recent project decisions, newest first">
                {recent.map((r) => (
                  <li key={r.id} className="py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <p className="text-sm font-semibold break-words text-slate-900">{r.title}</p>
                      <RequestStatusBadge status={r.status} />
                    </div>
                    <p className="text-xs text-slate-600">Requested by {joinLabels(r.requesterName, r.requesterTitle, r.departmentName ?? "No department")}</p>
                    <DecisionNote lead="By" approverName={r.approverName ?? "a former user"} decidedAt={r.decidedAt} decisionReason={r.decisionReason} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
