"use client";

import { useAction } from "next-safe-action/hooks";
import Link from "next/link";
import { useId } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { Badge } from "@/components/ui/badge";
import { deleteSavedSearchAction, updateSavedSearchAction } from "@/lib/audit/saved/actions";
import { MAX_SAVED_SEARCH_NAME } from "@/lib/audit/saved/schemas";

const INPUT = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

export type ManagedSavedSearch = {
  id: string;
  name: string;
  q: string;
  href: string;
  /** Who can see it and whose it is, in words. */
  note: string;
  tabLabel: string;
  columnsLabel: string;
  shared: boolean;
  pinned: boolean;
  mine: boolean;
};

type Change = { shared?: boolean; pinned?: boolean };

/** One button that changes one thing (sharing, the pin) and says how it went. */
function ChangeButton({ id, change, label, done }: { id: string; change: Change; label: React.ReactNode; done: string }) {
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(updateSavedSearchAction, { onSuccess: () => outcome.succeeded(done), onError: outcome.failed });
  return (
    <form aria-describedby={outcome.describedBy} onSubmit={(event) => { outcome.start(event); execute({ id, ...change }); }} className="flex flex-wrap items-center gap-2">
      <SubmitButton pending={isPending} label={label} pendingLabel="Saving…" variant="secondary" className="px-3 py-1.5" />
      <ActionStatus id={outcome.statusId} message={outcome.message} />
    </form>
  );
}

function RenameForm({ search }: { search: ManagedSavedSearch }) {
  const id = useId();
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(updateSavedSearchAction, { onSuccess: () => outcome.succeeded("Renamed."), onError: outcome.failed });
  return (
    <form
      aria-describedby={outcome.describedBy}
      onSubmit={(event) => {
        outcome.start(event);
        execute({ id: search.id, name: String(new FormData(event.currentTarget).get("name") ?? "") });
      }}
    >
      <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">Name of “{search.name}”</label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input id={`${id}-name`} name="name" defaultValue={search.name} required maxLength={MAX_SAVED_SEARCH_NAME} autoComplete="off" className={INPUT} />
        <SubmitButton pending={isPending} label="Rename" pendingLabel="Renaming…" variant="secondary" className="shrink-0" />
      </div>
      <ActionStatus id={outcome.statusId} message={outcome.message} className="mt-1" />
    </form>
  );
}

function DeleteButton({ search }: { search: ManagedSavedSearch }) {
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(deleteSavedSearchAction, { onSuccess: () => outcome.succeeded(null), onError: outcome.failed });
  return (
    <form aria-describedby={outcome.describedBy} onSubmit={(event) => { outcome.start(event); execute({ id: search.id }); }} className="flex flex-wrap items-center gap-2">
      <SubmitButton pending={isPending} label={<>Delete<span className="sr-only"> “{search.name}”</span></>} pendingLabel="Deleting…" variant="danger" className="px-3 py-1.5" />
      <ActionStatus id={outcome.statusId} message={outcome.message} />
    </form>
  );
}

/** A saved search on the management page: open it; rename, share or delete one's own; pin (admins). */
export function SavedSearchManager({ search, canShare, canPin }: { search: ManagedSavedSearch; canShare: boolean; canPin: boolean }) {
  return (
    <li className="py-4" data-testid="managed-saved-search">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={search.href} className="font-semibold break-words text-indigo-800 underline-offset-2 hover:underline">{search.name}</Link>
        {search.pinned ? <Badge tone="indigo">Pinned for everyone</Badge> : null}
        {search.shared ? <Badge tone="blue">Shared with auditors</Badge> : null}
        {!search.shared && !search.pinned ? <Badge>Private</Badge> : null}
      </div>
      <p className="mt-1 text-xs text-slate-600">{search.note} · opens {search.tabLabel} · columns: {search.columnsLabel}</p>
      <code className="mt-1 block text-xs break-all text-slate-800">{search.q || "Everything in your reach"}</code>
      {search.mine ? (
        <div className="mt-3 max-w-xl">
          <RenameForm search={search} />
        </div>
      ) : null}
      {search.mine || canPin ? (
        <div className="mt-3 flex flex-wrap items-start gap-3">
          {search.mine && (canShare || search.shared) ? (
            <ChangeButton
              id={search.id}
              change={{ shared: !search.shared }}
              label={<>{search.shared ? "Stop sharing" : "Share with auditors"}<span className="sr-only"> “{search.name}”</span></>}
              done={search.shared ? "No longer shared." : "Shared with auditors."}
            />
          ) : null}
          {canPin ? (
            <ChangeButton
              id={search.id}
              change={{ pinned: !search.pinned }}
              label={<>{search.pinned ? "Unpin" : "Pin for everyone"}<span className="sr-only"> “{search.name}”</span></>}
              done={search.pinned ? "Unpinned." : "Pinned for everyone."}
            />
          ) : null}
          {search.mine ? <DeleteButton search={search} /> : null}
        </div>
      ) : null}
    </li>
  );
}
