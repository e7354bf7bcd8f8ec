import type { ReactNode } from "react";
import type { AnyAction } from "@/components/ui/action-form";
import { Card, EmptyState } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { NewestOlderPager } from "@/components/ui/pager";
import { formatDateTime } from "@/lib/time";
import { DecisionForm } from "./decision-form";
import { DecisionNote, formatWaiting, RequestStatusBadge } from "./request-status";

// The lists of a request page (leave, projects): the requests waiting for the viewer's
// decision, the viewer's own, and the latest decisions. Each kind of request gives its
// rows, its words and how one request reads; the lists, their names, test ids, pages
// and the decision form are the same for every kind.

type ListProps<R> = {
  title: string;
  rows: R[];
  empty: string;
  /** Names the list and its order, e.g. "My leave requests, newest first". */
  label: string;
  /** Waiting requests stand apart, each in its own box, with room for the decision form. */
  boxed?: boolean;
  testId?: string;
  children: (row: R) => ReactNode;
  /** Said above the list (a page link that was not valid). */
  notice?: string | null;
  footer?: ReactNode;
};

function RequestList<R extends { id: string }>({ title, rows, empty, label, boxed = false, testId, children, notice, footer }: ListProps<R>) {
  return (
    <Card title={title}>
      {notice ? <Notice>{notice}</Notice> : null}
      {rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ul className={boxed ? "space-y-4" : "divide-y divide-slate-200"} aria-label={label}>
          {rows.map((row) => (
            <li key={row.id} className={boxed ? "rounded-md border border-slate-200 p-4" : "py-3"} data-testid={testId}>
              {children(row)}
            </li>
          ))}
        </ul>
      )}
      {footer}
    </Card>
  );
}

function SubmittedLine({ createdAt, waitingMs }: { createdAt: Date; waitingMs?: number }) {
  return (
    <p className="mt-1 text-xs text-slate-600">
      Submitted {formatDateTime(createdAt)}
      {waitingMs === undefined ? null : ` · waiting ${formatWaiting(waitingMs)}`}
    </p>
  );
}

/** What was asked for, with the request's status beside it. */
function RequestHeading({ status, children }: { status: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <p className="text-sm font-semibold break-words text-slate-900">{children}</p>
      <RequestStatusBadge status={status} />
    </div>
  );
}

type Waiting = { id: string; createdAt: Date; waitingMs: number };
type Own = { id: string; status: string; createdAt: Date; approverName: string | null; decidedAt: Date | null; decisionReason: string | null };
type Decided = { id: string; status: string; approverName: string | null; decidedAt: Date | null; decisionReason: string | null };

type Props<W extends Waiting, O extends Own, D extends Decided> = {
  /** "leave" or "project": names the lists, their test ids and the form fields' ids. */
  noun: "leave" | "project";
  /** The page's path, for the links to the viewer's older requests. */
  path: string;
  /** Whether the viewer decides requests of this kind: the first and last lists are theirs. */
  decider: boolean;
  /** The requests waiting for the viewer, the viewer's own (one page of them) and the recent decisions. */
  lists: { toDecide: W[]; mine: { rows: O[]; next: string | null }; cursor?: string; notice?: string | null; recent: D[] };
  empty: { toDecide: string; mine: string; recent: string };
  decide: AnyAction;
  /** The decision buttons' accessible names, and the id of the text that tells the request apart. */
  decisionLabels: (request: W) => { approve: string; reject: string; describedBy?: string };
  /** Who asks for what, above the decision form. */
  waiting: (request: W) => ReactNode;
  /** One of the viewer's requests: what they asked for, the details, what they can still do. */
  own: (request: O) => { heading: ReactNode; body: ReactNode; actions?: ReactNode };
  /** A recent decision: on what or whose request, and the details. */
  decided: (request: D) => { heading: ReactNode; body: ReactNode };
};

export function RequestLists<W extends Waiting, O extends Own, D extends Decided>(p: Props<W, O, D>) {
  const { toDecide, mine, cursor, notice, recent } = p.lists;
  const kind = `${p.noun.charAt(0).toUpperCase()}${p.noun.slice(1)}`;
  return (
    <>
      {p.decider ? (
        <RequestList title="Requests to decide" rows={toDecide} empty={p.empty.toDecide} label={`${kind} requests waiting for a decision, longest waiting first`} boxed testId={`${p.noun}-to-decide`}>
          {(r) => {
            const labels = p.decisionLabels(r);
            return (
              <>
                {p.waiting(r)}
                <SubmittedLine createdAt={r.createdAt} waitingMs={r.waitingMs} />
                <div className="mt-3">
                  <DecisionForm
                    action={p.decide}
                    values={{ requestId: r.id }}
                    approveLabel={labels.approve}
                    rejectLabel={labels.reject}
                    describedBy={labels.describedBy}
                    reasonId={`${p.noun}-decision-reason-${r.id}`}
                  />
                </div>
              </>
            );
          }}
        </RequestList>
      ) : null}

      <RequestList
        title="My requests"
        rows={mine.rows}
        empty={p.empty.mine}
        label={`My ${p.noun} requests, newest first`}
        testId={`my-${p.noun}-request`}
        notice={notice}
        footer={<NewestOlderPager label="My requests pages" path={p.path} cursor={cursor} next={mine.next} />}
      >
        {(r) => {
          const { heading, body, actions } = p.own(r);
          return (
            <>
              <RequestHeading status={r.status}>{heading}</RequestHeading>
              {body}
              <SubmittedLine createdAt={r.createdAt} />
              {r.approverName ? (
                <DecisionNote lead={r.status === "approved" ? "Approved by" : "Rejected by"} approverName={r.approverName} decidedAt={r.decidedAt} decisionReason={r.decisionReason} />
              ) : null}
              {actions}
            </>
          );
        }}
      </RequestList>

      {p.decider ? (
        <RequestList title="Recent decisions" rows={recent} empty={p.empty.recent} label={`Recent ${p.noun} decisions, newest first`}>
          {(r) => {
            const { heading, body } = p.decided(r);
            return (
              <>
                <RequestHeading status={r.status}>{heading}</RequestHeading>
                {body}
                <DecisionNote lead="By" approverName={r.approverName ?? "a former user"} decidedAt={r.decidedAt} decisionReason={r.decisionReason} />
              </>
            );
          }}
        </RequestList>
      ) : null}
    </>
  );
}
