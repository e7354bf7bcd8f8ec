import type { Metadata } from "next";
import { VerifyPanel } from "@/components/audit/verify-panel";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getIntegrityOverview } from "@/lib/audit/integrity/queries";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit integrity" };

export default async function AuditVerifyPage() {
  const user = await requirePermission("audit:verify");
  const overview = await getIntegrityOverview(user);
  return (
    <>
      <PageHeader
        title="Audit integrity"
        description="Every audit entry is hash-chained to the one before it, and the chain heads are signed hourly with an Ed25519 key, each checkpoint naming the one before it. Verification recomputes every hash, checks every signature with public keys only, and names the first entry or record that does not match."
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Verify now" className="lg:col-span-2">
          <VerifyPanel />
        </Card>
        <Card title="Signed checkpoints">
          <p className="mb-2 text-sm text-slate-700">
            {overview.totalEntries.toLocaleString("en")} entries on {overview.chains} chains
            {overview.archives ? `, ${overview.archives} archived partitions` : ""}.
          </p>
          {overview.checkpoints.length === 0 ? (
            <p className="text-sm text-slate-600">No checkpoint yet; the audit maintenance job signs one within the hour.</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-800">
              {overview.checkpoints.map((c) => (
                <li key={c.id.toString()}>
                  #{c.id.toString()} · {formatDateTime(c.createdAt)} · {c.totalEntries.toLocaleString("en")} entries
                  <span className="block text-xs text-slate-600">signed with {c.algorithm === "ed25519" ? "Ed25519" : "HMAC (legacy)"} key {c.keyId}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
