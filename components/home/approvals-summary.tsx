import Link from "next/link";
import { Card } from "@/components/ui/card";

export type PendingApprovals = { leave: number; projects: number; oldestLabel: string | null; oldestWaiting: string | null };

/** Requests waiting on this person's decision (only for roles that decide). */
export function ApprovalsSummary({ pending }: { pending: PendingApprovals }) {
  const total = pending.leave + pending.projects;
  return (
    <Card title="Pending approvals">
      <div data-testid="home-approvals" className="text-sm text-slate-800">
        {total === 0 ? (
          <p className="text-slate-600">Nothing is waiting for your decision.</p>
        ) : (
          <>
            <ul className="space-y-1">
              <li>
                <Link href="/leave" className="font-medium text-indigo-800 underline">
                  {pending.leave} leave request{pending.leave === 1 ? "" : "s"}
                </Link>
              </li>
              <li>
                <Link href="/projects" className="font-medium text-indigo-800 underline">
                  {pending.projects} project request{pending.projects === 1 ? "" : "s"}
                </Link>
              </li>
            </ul>
            {pending.oldestLabel ? (
              <p className="mt-2 text-slate-600">
                Oldest: {pending.oldestLabel}, waiting {pending.oldestWaiting}.
              </p>
            ) : null}
          </>
        )}
      </div>
    </Card>
  );
}
