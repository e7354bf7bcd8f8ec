import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { droppedEntries } from "@/test/dropped-entries";
import { type Anomaly, recordAnomalies } from "./anomalies";
import { ALERT_CREATED } from "./contract";

vi.mock("@/lib/audit/write/transaction", async (original) => (await import("@/test/dropped-entries")).droppingEntries(await original()));

// A fixed instant: nothing here depends on today's date.
const NOW = new Date("2026-03-11T05:00:00.000Z");
const largeExport = (): Anomaly => ({
  dedupeKey: `large_export:${crypto.randomUUID()}`, alertType: "large_export", at: NOW,
  message: "Ayla Admin exported 12,000 rows (audit.exported).", details: { rows: 12_000 },
});
const entries = () => db.auditLog.count({ where: { actionType: "audit.anomalies_detected" } });

describe("recordAnomalies", () => {
  it("records a new anomaly once: critical alerts with outbox rows to admins and auditors, and one audit entry", async () => {
    const admin = await createUser({ role: "admin", name: "Ayla Admin" });
    const auditor = await createUser({ role: "auditor", name: "Omar Auditor" });
    const anomaly = largeExport();
    const before = await entries();
    const first = await recordAnomalies([anomaly], NOW);
    expect(first).toMatchObject({ found: 1, recorded: 1 });
    const alerts = await db.alert.findMany({ where: { dedupeKey: `audit_anomaly:${anomaly.dedupeKey}` } });
    expect(alerts).toHaveLength(first.alerted);
    expect(alerts.map((a) => a.recipientUserId)).toEqual(expect.arrayContaining([admin.user.id, auditor.user.id]));
    expect(alerts.every((a) => a.type === "audit_anomaly" && a.severity === "critical")).toBe(true);
    expect(await db.outboxMessage.count({ where: { topic: ALERT_CREATED, payload: { path: ["alertId"], equals: alerts[0]!.id } } })).toBe(1);
    expect(await entries()).toBe(before + 1);

    // Already on record: nothing changes, nothing is recorded, and that is no error.
    expect(await recordAnomalies([anomaly], NOW)).toEqual({ found: 1, recorded: 0, alerted: 0 });
    expect(await entries()).toBe(before + 1);
  });

  it("goes through the audited transaction's guard: with its entry lost, nothing it wrote stays", async () => {
    const anomaly = largeExport();
    const before = await entries();
    droppedEntries.on = true;
    try {
      expect(await recordAnomalies([anomaly], NOW)).toEqual({ found: 1, recorded: 0, alerted: 0 });
    } finally {
      droppedEntries.on = false;
    }
    expect(await db.auditAlert.count({ where: { dedupeKey: anomaly.dedupeKey } })).toBe(0);
    expect(await db.alert.count({ where: { dedupeKey: `audit_anomaly:${anomaly.dedupeKey}` } })).toBe(0);
    expect(await entries()).toBe(before);
  });
});
