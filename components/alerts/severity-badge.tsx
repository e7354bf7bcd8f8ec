import { Badge, type BadgeTone } from "@/components/ui/badge";
import { SEVERITY_LABELS, type AlertSeverity } from "@/lib/alerts/labels";

const TONE: Record<AlertSeverity, BadgeTone> = { low: "gray", medium: "amber", high: "red", critical: "red" };

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span data-testid="alert-severity" data-severity={severity}>
      <Badge tone={TONE[severity]}>
        {severity === "critical" ? "‼ " : severity === "high" ? "! " : ""}
        {SEVERITY_LABELS[severity]}
      </Badge>
    </span>
  );
}
