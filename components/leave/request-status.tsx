import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/time";

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "amber" },
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  cancelled: { label: "Cancelled", tone: "gray" },
};

export function RequestStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "gray" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** How long a request has waited, in words: "3 days", "5 hours", "under an hour". */
export function formatWaiting(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return "under an hour";
  if (hours < 48) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/** Non-empty label parts joined with " · ". */
export function joinLabels(...parts: Array<string | null | undefined>) {
  return parts.filter(Boolean).join(" · ");
}

/** The decision on a request: "Approved by … on …: reason", or with `lead`, "By … on …". */
export function DecisionNote({ lead, approverName, decidedAt, decisionReason }: { lead: string; approverName: string; decidedAt: Date | null; decisionReason: string | null }) {
  return (
    <p className="mt-1 text-sm break-words text-slate-700">
      {lead} {approverName} on {formatDateTime(decidedAt)}
      {decisionReason ? `: ${decisionReason}` : ""}
    </p>
  );
}

