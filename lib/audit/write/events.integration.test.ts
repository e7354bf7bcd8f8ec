import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditFor, createUser } from "@/test/factories";
import { recordModuleEvent } from "./events";
import { auditedTransaction } from "./transaction";
import { verifyAuditLog } from "../integrity/verify";

describe("generic module events (call recordings)", () => {
  it("records uploaded, viewed, downloaded and deleted with their event types, and logs the reads", async () => {
    const agent = await createUser({ name: "Sara Agent" });
    const supervisor = await createUser({ role: "manager", name: "Omar Supervisor" });
    const recording = { id: "rec-2026-11-23-0042", name: "Call with Acme Foods, 23 Nov 2026" };
    const base = { category: "call_recordings" as const, entityType: "call_recording", entity: recording, subjectUserId: agent.user.id };
    await recordModuleEvent({ ...agent.ctx, ...base, verb: "uploaded", after: { durationSeconds: 312, storageKey: "calls/0042.ogg" } });
    await recordModuleEvent({ ...supervisor.ctx, ...base, verb: "viewed" });
    await recordModuleEvent({ ...supervisor.ctx, ...base, verb: "downloaded", details: { format: "ogg" } });
    await recordModuleEvent({ ...supervisor.ctx, ...base, verb: "deleted", before: { durationSeconds: 312, storageKey: "calls/0042.ogg" } });

    const entries = await auditFor(recording.id);
    expect(entries.map((e) => [e.actionType, e.eventType, e.userName])).toEqual([
      ["call_recording.uploaded", "create", "Sara Agent"],
      ["call_recording.viewed", "read", "Omar Supervisor"],
      ["call_recording.downloaded", "export", "Omar Supervisor"],
      ["call_recording.deleted", "delete", "Omar Supervisor"],
    ]);
    expect(entries.every((e) => e.eventCategory === "call_recordings" && e.isSensitive && e.subjectUserId === agent.user.id)).toBe(true);
    expect(entries[3]).toMatchObject({ riskLevel: "high" });
    expect(entries[0]!.newValues).toEqual({ durationSeconds: 312, storageKey: "calls/0042.ogg" });
    const reads = await db.dataAccessLog.findMany({ where: { dataType: "call_recording" }, orderBy: { accessTimestamp: "asc" } });
    expect(reads.map((r) => [r.accessType, r.userName])).toEqual([
      ["view", "Omar Supervisor"],
      ["download", "Omar Supervisor"],
    ]);
    expect((await verifyAuditLog()).problems).toEqual([]);
  });

  it("joins a larger change's transaction when given its recorder, and rolls back with it", async () => {
    const agent = await createUser();
    await expect(
      auditedTransaction(async (_tx, audit) => {
        await recordModuleEvent({ ...agent.ctx, category: "call_recordings", entityType: "call_recording", verb: "uploaded", entity: { id: "rec-rollback", name: "Rolled back call" }, recorder: audit });
        throw new Error("upload failed");
      }),
    ).rejects.toThrow("upload failed");
    expect(await auditFor("rec-rollback")).toHaveLength(0);
  });
});
