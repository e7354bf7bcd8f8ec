import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATUS_LABELS, type AlertStatus } from "@/lib/alerts/labels";

const TONE: Record<AlertStatus, BadgeTone> = { OPEN: "amber", RESOLVED: "green", DISMISSED: "gray" };

/** An alert's status in words (and colour, never colour alone). */
export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span data-testid="alert-status" data-status={status}>
      <Badge tone={TONE[status]}>{STATUS_LABELS[status]}</Badge>
    </span>
  );
}
