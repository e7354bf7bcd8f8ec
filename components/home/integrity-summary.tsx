import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export type IntegrityStatus = {
  lastCheckpoint: { label: string; at: string; entries: string } | null;
  totalEntries: string;
  highRiskToday: number;
  openAnomalies: number;
  latest: Array<{ id: string; at: string; description: string; risk: "high" | "critical" | string; by: string }>;
};

/** For auditors and admins: the audit log's integrity and today's high-risk events. */
export function IntegritySummary({ status }: { status: IntegrityStatus }) {
  return (
    <Card title="Audit integrity and risk today">
      <div data-testid="home-integrity" className="space-y-3 text-sm text-slate-800">
        <p>
          {status.lastCheckpoint ? (
            <>
              Last signed checkpoint {status.lastCheckpoint.label} at {status.lastCheckpoint.at}, covering {status.lastCheckpoint.entries} entries of {status.totalEntries}.
            </>
          ) : (
            <>No signed checkpoint yet ({status.totalEntries} entries).</>
          )}{" "}
          <Link href="/audit/verify" className="font-medium text-indigo-800 underline">
            Verify the log
          </Link>
        </p>
        <p>
          <Badge tone={status.highRiskToday > 0 ? "red" : "green"}>{status.highRiskToday} high-risk today</Badge>{" "}
          <Badge tone={status.openAnomalies > 0 ? "red" : "gray"}>{status.openAnomalies} open anomalies</Badge>{" "}
          <Link href="/audit/alerts" className="font-medium text-indigo-800 underline">
            Review anomaly alerts
          </Link>
        </p>
        {status.latest.length > 0 ? (
          <ul className="divide-y divide-slate-100" aria-label="Today's newest high-risk events">
            {status.latest.map((e) => (
              <li key={e.id} className="py-1.5">
                <span className="font-medium">{e.description}</span>
                <span className="block text-xs text-slate-600">
                  {e.by} · {e.at} · {e.risk === "critical" ? "Critical" : "High"} risk
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
