"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useId, useRef } from "react";
import { ActionStatus, SubmitButton, useActionOutcome } from "@/components/ui/action-status";
import { visibleColumnIds } from "@/components/ui/data-table";
import { saveSearchAction } from "@/lib/audit/saved/actions";
import { AUDIT_COLUMN_IDS, AUDIT_COLUMNS_HIDDEN_BY_DEFAULT, AUDIT_COLUMNS_STORAGE_KEY, MAX_SAVED_SEARCHES_PER_PERSON, type SavedSearchTab } from "@/lib/audit/saved/columns";
import { MAX_SAVED_SEARCH_NAME } from "@/lib/audit/saved/schemas";
import { ToolbarDisclosure } from "./toolbar-disclosure";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

type Props = {
  /** The search in force (the URL's, not an unsent edit in the box). */
  q: string;
  view: SavedSearchTab;
  /** Why it cannot be saved now (the search does not parse), or null. */
  blocked: string | null;
  canShare: boolean;
  canPin: boolean;
  /** This search's link (its search and tab); a saved one adds `saved=<id>`. */
  href: string;
};

function Checkbox({ id, name, label, hint }: { id: string; name: string; label: string; hint: string }) {
  return (
    <div className="flex items-start gap-2 text-sm text-slate-800">
      <input id={id} type="checkbox" name={name} aria-describedby={`${id}-hint`} className="mt-1 h-4 w-4 rounded border-slate-400" />
      <div>
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">{hint}</p>
      </div>
    </div>
  );
}

function SaveForm({ q, view, blocked, canShare, canPin, href }: Props) {
  const id = useId();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = useActionOutcome();
  const { execute, isPending } = useAction(saveSearchAction, {
    onSuccess({ data }) {
      formRef.current?.reset();
      outcome.succeeded(data ? `Saved “${data.name}”. It is in Saved searches.` : null);
      // The page now shows that saved search (its name beside the menu).
      if (data) router.replace(`${href}${href.includes("?") ? "&" : "?"}saved=${encodeURIComponent(data.id)}`, { scroll: false });
    },
    onError: outcome.failed,
  });
  if (blocked) return <p className="text-sm text-slate-700">{blocked}</p>;
  return (
    <form
      ref={formRef}
      aria-describedby={outcome.describedBy}
      className="space-y-3"
      onSubmit={(event) => {
        outcome.start(event);
        const form = new FormData(event.currentTarget);
        execute({
          name: String(form.get("name") ?? ""),
          q,
          view,
          // The columns the table shows now: its remembered choice over its defaults.
          columns: visibleColumnIds(AUDIT_COLUMNS_STORAGE_KEY, AUDIT_COLUMN_IDS, AUDIT_COLUMNS_HIDDEN_BY_DEFAULT) as never,
          shared: canShare && form.get("shared") === "on",
          pinned: canPin && form.get("pinned") === "on",
        });
      }}
    >
      <div>
        <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">Name</label>
        <input id={`${id}-name`} name="name" required maxLength={MAX_SAVED_SEARCH_NAME} autoComplete="off" className={INPUT} aria-describedby={`${id}-what`} />
        <p id={`${id}-what`} className="mt-1 text-xs text-slate-600">
          Saves {q ? <code className="break-all">{q}</code> : "everything in your reach"}, the {view === "insights" ? "Insights" : "Results"} tab and the columns shown. Up to {MAX_SAVED_SEARCHES_PER_PERSON} searches each.
        </p>
      </div>
      {canShare ? (
        <Checkbox id={`${id}-shared`} name="shared" label="Share with auditors" hint="Everyone who may view the whole audit log sees it, with your name." />
      ) : null}
      {canPin ? (
        <Checkbox id={`${id}-pinned`} name="pinned" label="Pin for everyone" hint="Shown at the top of Saved searches for everyone who opens the audit log; each sees only the entries in their own reach." />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isPending} label="Save search" pendingLabel="Saving…" />
        <ActionStatus id={outcome.statusId} message={outcome.message} />
      </div>
    </form>
  );
}

/** "Save this search": the search in force, its tab and the columns shown, under a name. */
export function SaveSearchForm(props: Props) {
  return (
    <ToolbarDisclosure summary="Save this search" label="Save this search" testId="save-search">
      <SaveForm {...props} />
    </ToolbarDisclosure>
  );
}
