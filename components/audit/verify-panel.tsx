"use client";

import { useAction } from "next-safe-action/hooks";
import { Badge } from "@/components/ui/badge";
import { verifyAuditAction } from "@/lib/audit/integrity/actions";
import { formatDateTime } from "@/lib/time";

const KIND_LABELS: Record<string, string> = {
  content_altered: "Content altered",
  entry_missing: "Entry missing",
  entry_inserted: "Entry inserted",
  order_changed: "Order changed",
  chain_broken: "Chain broken",
  checkpoint_mismatch: "Rewritten since checkpoint",
  checkpoint_signature_invalid: "Forged checkpoint",
  checkpoint_key_unknown: "Checkpoint signed with an unknown key",
  checkpoint_missing: "Checkpoint missing",
  checkpoint_order: "Checkpoints out of order",
  archive_forged: "Forged archive record",
  archive_missing: "Archive record missing",
  archive_count_mismatch: "Archive counts disagree",
  count_mismatch: "Entries unaccounted for",
  merkle_mismatch: "Merkle tree disagrees with its signature",
};

// Colour and word together, so the verdict reads without colour too.
const STATUS = {
  intact: { label: "Intact", tone: "green", box: "border-emerald-300 bg-emerald-50" },
  stale: { label: "Stale", tone: "amber", box: "border-amber-300 bg-amber-50" },
  unverifiable: { label: "Not yet verifiable", tone: "amber", box: "border-amber-300 bg-amber-50" },
  broken: { label: "Broken", tone: "red", box: "border-red-300 bg-red-50" },
} as const;

export function VerifyPanel() {
  const { execute, result, isPending } = useAction(verifyAuditAction);
  const report = result.data;
  const status = report ? STATUS[report.status] : null;
  return (
    <div>
      <button
        type="button"
        onClick={() => execute({})}
        disabled={isPending}
        className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {isPending ? "Verifying every entry…" : "Run verification"}
      </button>
      <div aria-live="polite" className="mt-4">
        {result.serverError ? <p role="alert" className="text-sm text-red-700">{result.serverError}</p> : null}
        {report && status ? (
          <div data-testid="verify-result" className={`rounded-lg border p-4 ${status.box}`}>
            <p className="flex flex-wrap items-center gap-2 font-semibold text-slate-900">
              <Badge tone={status.tone}>{status.label}</Badge>
              {report.summary}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {report.entriesChecked.toLocaleString("en")} entries on {report.chains} chains checked in {report.durationMs.toLocaleString("en")} ms.
              {report.lastCheckpoint ? ` Newest signed checkpoint: #${report.lastCheckpoint.id}, ${formatDateTime(report.lastCheckpoint.createdAt)}.` : ""}
            </p>
            {report.notes.length > 0 ? (
              <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
                {report.notes.map((note) => <li key={note}>{note}</li>)}
              </ul>
            ) : null}
            {report.problems.length > 0 ? (
              <ol className="mt-3 space-y-2">
                {report.problems.map((p, i) => (
                  <li key={i} className="rounded-md border border-red-200 bg-white p-3 text-sm text-slate-800">
                    <p className="font-medium text-red-800">{KIND_LABELS[p.kind] ?? p.kind}</p>
                    <p>{p.detail}</p>
                    <p className="mt-1 text-xs text-slate-600">
                      Chain {p.chainId >= 0 ? p.chainId : "—"}, position {p.chainSeq || "—"}
                      {p.eventTimestamp ? `, recorded ${formatDateTime(p.eventTimestamp)}` : ""}
                      {p.actionType ? `, action ${p.actionType}` : ""}
                      {p.entryId ? `, entry ${p.entryId}` : ""}
                    </p>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
