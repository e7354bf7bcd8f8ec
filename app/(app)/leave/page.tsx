import type { Metadata } from "next";
import { RequestLists } from "@/components/leave/request-sections";
import { joinLabels } from "@/components/leave/request-status";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Field, SelectField, TextAreaField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requestContext, requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { cancelLeaveAction, decideLeaveAction, submitLeaveAction } from "@/lib/leave/actions";
import { earliestLeaveStart, MAX_LEAVE_DAYS } from "@/lib/leave/dates";
import { listLeaveToDecide, listMyLeaveRequests, listRecentLeaveDecisions } from "@/lib/leave/queries";
import { LEAVE_TYPE_LABELS, LEAVE_TYPES } from "@/lib/leave/schemas";
import { formatCalendarDate } from "@/lib/time";

export const metadata: Metadata = { title: "Leave" };

function span(start: Date, end: Date) {
  const from = formatCalendarDate(start);
  const to = formatCalendarDate(end);
  return from === to ? from : `${from} – ${to}`;
}

function typeLabel(type: string) {
  return `${LEAVE_TYPE_LABELS[type as keyof typeof LEAVE_TYPE_LABELS] ?? type} leave`;
}

export default async function LeavePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("leave:request");
  const params = await searchParams;
  const decider = can(user.role, "leave:decide_any") || can(user.role, "leave:decide_team");
  const [{ list: mine, cursor, notice }, toDecide, recent] = await Promise.all([
    readListPage(params.cursor, (c) => listMyLeaveRequests(user, c)),
    listLeaveToDecide(user, await requestContext(user.sessionId)),
    listRecentLeaveDecisions(user),
  ]);
  const typeOptions = LEAVE_TYPES.map((value) => ({ value, label: LEAVE_TYPE_LABELS[value] }));

  return (
    <>
      <PageHeader title="Leave" description="Request time off and follow your requests. Leave dates are calendar days; other times are in PKT." />
      <div className="space-y-6">
        <Card title="Request leave">
          <ActionForm action={submitLeaveAction} submitLabel="Submit request" pendingLabel="Submitting…" successMessage="Leave request submitted." resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Start date" name="startDate" id="leave-start" type="date" required min={earliestLeaveStart()} />
              <Field label="End date" name="endDate" id="leave-end" type="date" required hint={`At most ${MAX_LEAVE_DAYS} days, both ends included.`} />
              <SelectField label="Leave type" name="type" id="leave-type" options={typeOptions} defaultValue="annual" />
              <div className="sm:col-span-2">
                <TextAreaField label="Reason" name="reason" id="leave-reason" required minLength={3} maxLength={500} />
              </div>
            </div>
          </ActionForm>
        </Card>

        <RequestLists
          noun="leave"
          path="/leave"
          decider={decider}
          lists={{ toDecide, mine, recent, cursor, notice }}
          empty={{ toDecide: "No leave requests are waiting for you.", mine: "You have not requested any leave yet.", recent: "No leave requests have been decided yet." }}
          decide={decideLeaveAction}
          decisionLabels={(r) => ({ approve: `Approve leave for ${r.requesterName}`, reject: `Reject leave for ${r.requesterName}`, describedBy: `leave-dates-${r.id}` })}
          waiting={(r) => (
            <>
              <h3 className="text-sm font-semibold text-slate-900">{r.requesterName}</h3>
              <p className="text-xs text-slate-600">{joinLabels(r.requesterTitle, r.departmentName ?? "No department")}</p>
              <p id={`leave-dates-${r.id}`} className="mt-2 text-sm text-slate-800">
                {typeLabel(r.type)}, {span(r.startDate, r.endDate)}
              </p>
              {r.reasonMasked ? (
                <p className="mt-1 text-sm text-slate-600 italic">Reason given; sick-leave reasons are visible to HR Operations only.</p>
              ) : (
                <p className="mt-1 text-sm break-words text-slate-800">{r.reason}</p>
              )}
            </>
          )}
          own={(r) => ({
            heading: `${typeLabel(r.type)}, ${span(r.startDate, r.endDate)}`,
            body: <p className="mt-1 text-sm break-words text-slate-800">{r.reason}</p>,
            actions:
              r.status === "pending" ? (
                <ActionForm action={cancelLeaveAction} values={{ requestId: r.id }} submitLabel="Cancel request" pendingLabel="Cancelling…" variant="secondary">
                  {null}
                </ActionForm>
              ) : null,
          })}
          decided={(r) => ({
            heading: r.requesterName,
            body: (
              <>
                <p className="text-xs text-slate-600">{joinLabels(r.requesterTitle, r.departmentName ?? "No department")}</p>
                <p className="mt-1 text-sm text-slate-800">{typeLabel(r.type)}, {span(r.startDate, r.endDate)}</p>
              </>
            ),
          })}
        />
      </div>
    </>
  );
}
