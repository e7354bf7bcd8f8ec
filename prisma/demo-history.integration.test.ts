import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit/write/actor";
import { appendAuditEntries } from "@/lib/audit/write/writer";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { auditRecordText } from "@/lib/audit/write/writer";
import { db } from "@/lib/db";
import { importAuditHistory, type HistoryEvent } from "./demo-history";
import { seededRng } from "./rng";
import { asOwner } from "@/test/as-owner";

const event = (at: Date, n: number): HistoryEvent => ({
  at,
  entry: { eventType: "system", category: "system", actionType: "history.imported_fixture", description: `Imported fixture ${n}`, actor: systemActor("history test"), object: { type: "fixture", id: String(n) } },
});

describe("audit_import_history", () => {
  it("chains past entries with their own times, and verify finds the log intact", async () => {
    const start = Date.now() - 40 * 86_400_000;
    const events = Array.from({ length: 300 }, (_, i) => event(new Date(start + i * 3_600_000), i));
    expect(await importAuditHistory(process.env.TEST_OWNER_DATABASE_URL!, events, seededRng(7))).toBe(300);
    // Live entries continue the same chains after the history.
    await db.$transaction((tx) => appendAuditEntries(tx, [event(new Date(), 999).entry]));
    const stored = await db.auditLog.findMany({ where: { actionType: "history.imported_fixture" }, orderBy: { eventTimestamp: "asc" }, select: { eventTimestamp: true, objectId: true } });
    expect(stored).toHaveLength(301);
    expect(stored[0]!.eventTimestamp.getTime()).toBe(start);
    expect(stored[299]!.eventTimestamp.getTime()).toBe(start + 299 * 3_600_000);
    const report = await verifyAuditLog();
    expect(report.problems).toEqual([]);
    expect(report.entriesChecked).toBeGreaterThanOrEqual(301);
  });

  it("refuses a time before the chain's last entry, or in the future", async () => {
    const text = auditRecordText(event(new Date(), 1).entry, "0190a000-0000-7000-8000-000000000001");
    await asOwner(async (c) => {
      await expect(c.query("SELECT audit_import_history(3::smallint, ARRAY[$1]::audit_content[], ARRAY[now() - interval '400 days'])", [text])).rejects.toThrow(/before the chain's last entry/);
      await expect(c.query("SELECT audit_import_history(3::smallint, ARRAY[$1]::audit_content[], ARRAY[now() + interval '1 hour'])", [text])).rejects.toThrow(/after now/);
      await expect(c.query("SELECT audit_import_history(3::smallint, ARRAY[$1, $1]::audit_content[], ARRAY[now()])", [text])).rejects.toThrow(/one time per entry/);
    });
  });

  it("is the owner's alone: the app's role may not call it", async () => {
    const text = auditRecordText(event(new Date(), 2).entry, "0190a000-0000-7000-8000-000000000002");
    await expect(db.$queryRaw`SELECT audit_import_history(1::smallint, ARRAY[${text}]::audit_content[], ARRAY[now() - interval '1 minute'])`).rejects.toThrow(/permission denied/);
  });
});
