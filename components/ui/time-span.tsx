import { Card } from "@/components/ui/card";
import { formatDate, formatDuration, formatTime } from "@/lib/time";

// An attendance session and a time log are the same thing to their pages: a span of
// someone's time, perhaps still open, perhaps corrected by someone else.

/** A span's cells, in PKT. */
export type SpanCells = {
  id: string;
  date: string;
  start: string;
  /** Null while the span is still open. */
  end: string | null;
  duration: string | null;
  /** Who corrected the span, when it was corrected. */
  editedBy: string | null;
  editReason: string | null;
};

type Span = { id: string; start: Date; end: Date | null; isManualEdit: boolean; editedBy: { name: string } | null; editReason: string | null };

export function spanCells({ id, start, end, isManualEdit, editedBy, editReason }: Span): SpanCells {
  return {
    id,
    date: formatDate(start),
    start: formatTime(start),
    end: end ? formatTime(end) : null,
    duration: end ? formatDuration(end.getTime() - start.getTime()) : null,
    editedBy: isManualEdit ? (editedBy?.name ?? "a former user") : null,
    editReason,
  };
}

/** Others' spans the viewer may correct: everyone's (HR Operations, admins) or their team's. */
export function CorrectionsCard({ everyone, what, children }: { everyone: boolean; what: string; children: React.ReactNode }) {
  return (
    <Card title={everyone ? `Everyone's ${what}` : `My team's ${what}`}>
      <p className="mb-3 text-sm text-slate-600">Corrections need a reason and are recorded in the audit log with the old and new times.</p>
      {children}
    </Card>
  );
}
