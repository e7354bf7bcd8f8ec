import type { Metadata } from "next";
import { DecisionForm } from "@/components/leave/decision-form";
import { DecisionNote, formatWaiting, joinLabels, RequestPager, RequestStatusBadge } from "@/components/leave/request-status";
import { ActionForm } from "@/components/ui/action-form";
import { Card, EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { Field, SelectField, TextAreaField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { readListPage } from "@/lib/pagination/list-page";
import { cancelLeaveAction, decideLeaveAction, submitLeaveAction } from "@/lib/leave/actions";
import { earliestLeaveStart, MAX_LEAVE_DAYS } from "@/lib/leave/dates";
import { listLeaveToDecide, listMyLeaveRequests, listRecentLeaveDecisions } from "@/lib/leave/queries";
import { LEAVE_TYPE_LABELS, LEAVE_TYPES } from "@/lib/leave/schemas";
import { formatCalendarDate, formatDateTime } from "@/lib/time";

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
    listLeaveToDecide(user),
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

        {decider ? (
          <Card title="Requests to decide">
            {toDecide.length === 0 ? (
              <EmptyState>No leave requests are waiting for you.</EmptyState>
            ) : (
              <ul className="space-y-4" aria-label="Leave requests waiting for a decision, longest waiting first">
                {toDecide.map((r) => (
                  <li key={r.id} className="rounded-md border border-slate-200 p-4" data-testid="leave-to-decide">
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
                    <p className="mt-1 text-xs text-slate-600">
                      Submitted {formatDateTime(r.createdAt)} · waiting {formatWaiting(r.waitingMs)}
                    </p>
                    <div className="mt-3">
                      <DecisionForm
                        action={decideLeaveAction}
                        values={{ requestId: r.id }}
                        approveLabel={`Approve leave for ${r.requesterName}`}
                        rejectLabel={`Reject leave for ${r.requesterName}`}
                        describedBy={`leave-dates-${r.id}`}
                      >
                        <TextAreaField label="Reason for decision" name="reason" id={`leave-decision-reason-${r.id}`} rows={2} required minLength={3} maxLength={500} />
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
            <EmptyState>You have not requested any leave yet.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="My leave requests, newest first">
              {mine.rows.map((r) => (
                <li key={r.id} className="py-3" data-testid="my-leave-request">
                  <div className="flex flex-wrap items-center gap-2">
                    <p className="text-sm font-semibold text-slate-900">{typeLabel(r.type)}, {span(r.startDate, r.endDate)}</p>
                    <RequestStatusBadge status={r.status} />
                  </div>
                  <p className="mt-1 text-sm break-words text-slate-800">{r.reason}</p>
                  <p className="mt-1 text-xs text-slate-600">Submitted {formatDateTime(r.createdAt)}</p>
                  {r.approverName ? (
                    <DecisionNote lead={r.status === "approved" ? "Approved by" : "Rejected by"} approverName={r.approverName} decidedAt={r.decidedAt} decisionReason={r.decisionReason} />
                  ) : null}
                  {r.status === "pending" ? (
                    <ActionForm action={cancelLeaveAction} values={{ requestId: r.id }} submitLabel="Cancel request" pendingLabel="Cancelling…" variant="secondary">
                      {null}
                    </ActionForm>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <RequestPager path="/leave" cursor={cursor} next={mine.next} />
        </Card>

        {decider ? (
          <Card title="Recent decisions">
            {recent.length === 0 ? (
              <EmptyState>No leave requests have been decided yet.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200" aria-label="Recent leave decisions, newest first">
                {recent.map((r) => (
                  <li key={r.id} className="py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <p className="text-sm font-semibold text-slate-900">{r.requesterName}</p>
                      <RequestStatusBadge status={r.status} />
                    </div>
                    <p className="text-xs text-slate-600">{joinLabels(r.requesterTitle, r.departmentName ?? "No department")}</p>
                    <p className="mt-1 text-sm text-slate-800">{typeLabel(r.type)}, {span(r.startDate, r.endDate)}</p>
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
