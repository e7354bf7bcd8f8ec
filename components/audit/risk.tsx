import { Badge, type BadgeTone } from "@/components/ui/badge";

const RISK: Record<string, { tone: BadgeTone; label: string }> = {
  low: { tone: "gray", label: "Low" },
  medium: { tone: "amber", label: "Medium" },
  high: { tone: "red", label: "High" },
  critical: { tone: "red", label: "Critical" },
};

const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  success: { tone: "green", label: "Success" },
  failure: { tone: "red", label: "Failure" },
  partial: { tone: "amber", label: "Partial" },
  error: { tone: "red", label: "Error" },
  warning: { tone: "amber", label: "Warning" },
};

// Colour and word together, so risk and outcome read without colour too.
export function RiskBadge({ level }: { level: string }) {
  const r = RISK[level] ?? { tone: "gray" as const, label: level };
  return <Badge tone={r.tone}>{level === "critical" ? "‼ " : level === "high" ? "! " : ""}{r.label}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { tone: "gray" as const, label: status };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
