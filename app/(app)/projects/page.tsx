import type { Metadata } from "next";
import { RequestLists } from "@/components/leave/request-sections";
import { joinLabels } from "@/components/leave/request-status";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Field, TextAreaField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { decideProjectAction, submitProjectAction } from "@/lib/projects/actions";
import { listMyProjectRequests, listProjectsToDecide, listRecentProjectDecisions } from "@/lib/projects/queries";

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

        <RequestLists
          noun="project"
          path="/projects"
          decider={decider}
          lists={{ toDecide, mine, recent, cursor, notice }}
          empty={{ toDecide: "No project requests are waiting for a decision.", mine: "You have not requested any projects yet.", recent: "No project requests have been decided yet." }}
          decide={decideProjectAction}
          decisionLabels={(r) => ({ approve: `Approve project ${r.title} for ${r.requesterName}`, reject: `Reject project ${r.title} for ${r.requesterName}` })}
          waiting={(r) => (
            <>
              <h3 id={`project-title-${r.id}`} className="text-sm font-semibold break-words text-slate-900">{r.title}</h3>
              <p className="text-xs text-slate-600">Requested by {joinLabels(r.requesterName, r.requesterTitle, r.departmentName ?? "No department")}</p>
              <p className="mt-2 text-sm whitespace-pre-line break-words text-slate-800">{r.description}</p>
            </>
          )}
          own={(r) => ({ heading: r.title, body: <p className="mt-1 text-sm whitespace-pre-line break-words text-slate-800">{r.description}</p> })}
          decided={(r) => ({
            heading: r.title,
            body: <p className="text-xs text-slate-600">Requested by {joinLabels(r.requesterName, r.requesterTitle, r.departmentName ?? "No department")}</p>,
          })}
        />
      </div>
    </>
  );
}
