import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { writeDatedEntries } from "@/test/dated-audit";
import { systemActor } from "../write/actor";
import { auditedTransaction } from "../write/transaction";
import { archiveExpiredPartitions } from "./retention";
import { getRetentionPolicies, updateRetentionPolicies } from "./retention-settings";

// Retention per category: set by admins (audited with old and new values), stamped on
// new entries, and honoured by archiving as the longer of an entry's own retention and
// its category's policy now.

const defaults = async () => Object.fromEntries((await getRetentionPolicies()).map((p) => [p.category, p.months]));

describe("audit retention policies", () => {
  it("are changed by admins only, within 12 to 120 months, with one audit entry holding the old and new values", async () => {
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const auditor = await createUser({ role: "auditor" });
    const values = { ...(await defaults()), security: 120, system: 24 };
    await expect(updateRetentionPolicies({ ...auditor.ctx, values })).rejects.toThrow(/Only administrators/);
    await expect(updateRetentionPolicies({ ...admin.ctx, values: { ...values, security: 121 } })).rejects.toThrow(/Security: keep entries at most 120 months/);
    await expect(updateRetentionPolicies({ ...admin.ctx, values: { ...values, payroll: 11 } })).rejects.toThrow(/Payroll: keep entries at least 12 months/);

    expect(await updateRetentionPolicies({ ...admin.ctx, values })).toEqual({ changed: ["security", "system"] });
    const entry = await db.auditLog.findFirst({ where: { actionType: "settings.audit_retention_changed" }, orderBy: { eventTimestamp: "desc" } });
    expect(entry).toMatchObject({
      userId: admin.user.id, oldValues: { security: 84, system: 84 }, newValues: { security: 120, system: 24 },
      actionDescription: "Ada Admin changed audit retention: Security 84 → 120 months; System 84 → 24 months",
      riskLevel: "high", isComplianceRelated: true,
    });
    expect((await getRetentionPolicies()).find((p) => p.category === "security")).toMatchObject({ months: 120, isDefault: false, label: "Security" });
    // Saving the same values again changes and records nothing.
    expect(await updateRetentionPolicies({ ...admin.ctx, values })).toEqual({ changed: [] });
    expect(await db.auditLog.count({ where: { actionType: "settings.audit_retention_changed" } })).toBe(1);

    // New entries are stamped with their category's policy, unless they name their own.
    await auditedTransaction(async (_tx, audit) => {
      audit.record({ eventType: "system", category: "security", actionType: "retention.fixture", description: "Security fixture", actor: systemActor("test"), object: { type: "fixture", id: "sec" } });
      audit.record({ eventType: "system", category: "alerts", actionType: "retention.fixture", description: "Alerts fixture", actor: systemActor("test"), object: { type: "fixture", id: "alerts" } });
      audit.record({ eventType: "system", category: "security", actionType: "retention.fixture", description: "Own retention", actor: systemActor("test"), object: { type: "fixture", id: "own" }, retentionMonths: 36 });
    });
    const stamped = await db.auditLog.findMany({ where: { actionType: "retention.fixture" }, select: { objectId: true, retentionMonths: true } });
    expect(Object.fromEntries(stamped.map((s) => [s.objectId, s.retentionMonths]))).toEqual({ sec: 120, alerts: 84, own: 36 });
  });

  it("keep a month in the database while its category's policy is longer than what its entries were written with", async () => {
    const admin = await createUser({ role: "admin" });
    const at = new Date(Date.now() - 30 * 31 * 86_400_000); // about 30 months ago
    await writeDatedEntries([{ at, entry: { eventType: "system", category: "governance", actionType: "retention.old", description: "Old entry", actor: systemActor("test"), object: { type: "fixture" }, retentionMonths: 12 } }]);
    const month = `audit_logs_p${at.toISOString().slice(0, 7).replace("-", "")}`;
    const outcome = async () => (await archiveExpiredPartitions({ now: new Date(), dryRun: true })).partitions.find((p) => p.partition === month)?.outcome;

    await updateRetentionPolicies({ ...admin.ctx, values: { ...(await defaults()), governance: 60 } });
    expect(await outcome()).toBe("within_retention");
    await updateRetentionPolicies({ ...admin.ctx, values: { ...(await defaults()), governance: 24 } });
    expect(await outcome()).toBe("expired");
    // A policy shorter than what the entry was written with does not cut it short.
    await updateRetentionPolicies({ ...admin.ctx, values: { ...(await defaults()), governance: 12 } });
    expect(await outcome()).toBe("expired");
  });
});
