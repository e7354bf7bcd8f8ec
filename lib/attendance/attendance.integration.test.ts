import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditFor, createUser } from "@/test/factories";
import { checkIn, checkOut, editSession } from "./service";
import { toPktLocalInput } from "@/lib/time";

describe("check in and check out", () => {
  it("opens one session and records it", async () => {
    const { ctx, user } = await createUser();
    const session = await checkIn(ctx);
    expect(session.checkOutAt).toBeNull();
    const [entry] = await auditFor(session.id);
    expect(entry).toMatchObject({ actionType: "attendance_session.checked_in", userId: user.id, subjectUserId: user.id, ipAddress: "203.0.113.7" });
    expect(entry!.newValues).toEqual({ checkInAt: session.checkInAt.toISOString() });
  });

  it("refuses a second check-in with a clear message and writes nothing", async () => {
    const { ctx, user } = await createUser();
    await checkIn(ctx);
    await expect(checkIn(ctx)).rejects.toThrow(/already checked in since .* PKT\. Check out first/);
    expect(await db.attendanceSession.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.auditLog.count({ where: { userId: user.id } })).toBe(1);
  });

  it("keeps one open session even when two check-ins race", async () => {
    const { ctx, user } = await createUser();
    const results = await Promise.allSettled([checkIn(ctx), checkIn(ctx), checkIn(ctx)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.attendanceSession.count({ where: { userId: user.id, checkOutAt: null } })).toBe(1);
  });

  it("checks out, stops a running timer, and refuses to check out twice", async () => {
    const { ctx, user } = await createUser();
    const session = await checkIn(ctx);
    const timer = await db.timeLog.create({ data: { userId: user.id, startedAt: new Date() } });
    const closed = await checkOut(ctx);
    expect(closed.checkOutAt).not.toBeNull();
    expect((await db.timeLog.findUniqueOrThrow({ where: { id: timer.id } })).endedAt).not.toBeNull();
    expect((await auditFor(session.id)).map((e) => e.actionType)).toEqual(["attendance_session.checked_in", "attendance_session.checked_out"]);
    expect((await auditFor(timer.id)).map((e) => e.actionType)).toEqual(["time_log.stopped"]);
    await expect(checkOut(ctx)).rejects.toThrow("You are not checked in.");
  });
});

describe("manual edits", () => {
  async function pastSession(userId: string) {
    // Whole minutes, as the edit form (datetime-local) works in minutes.
    const checkInAt = new Date(Math.floor((Date.now() - 26 * 3_600_000) / 60_000) * 60_000);
    return db.attendanceSession.create({ data: { userId, checkInAt, checkOutAt: new Date(checkInAt.getTime() + 8 * 3_600_000) } });
  }

  it("lets a manager correct a direct report's session and records old and new values", async () => {
    const manager = await createUser({ role: "manager", name: "Maya Manager" });
    const report = await createUser({ managerId: manager.user.id, name: "Rafi Report" });
    const session = await pastSession(report.user.id);
    const newIn = new Date(session.checkInAt.getTime() - 30 * 60_000);
    const updated = await editSession({ ...manager.ctx, sessionId: session.id, checkInAt: toPktLocalInput(newIn), checkOutAt: toPktLocalInput(session.checkOutAt), reason: "Forgot to check in at the gate" });
    expect(updated).toMatchObject({ isManualEdit: true, editedById: manager.user.id, editReason: "Forgot to check in at the gate" });
    const [entry] = await auditFor(session.id);
    expect(entry).toMatchObject({ actionType: "attendance_session.edited", riskLevel: "medium", isComplianceRelated: true, subjectUserId: report.user.id, userName: "Maya Manager" });
    expect(entry!.oldValues).toEqual({ checkInAt: session.checkInAt.toISOString() });
    expect(entry!.newValues).toEqual({ checkInAt: updated.checkInAt.toISOString() });
    expect(entry!.additionalData).toMatchObject({ reason: "Forgot to check in at the gate" });
  });

  it("lets HR Operations edit anyone's session", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const someone = await createUser();
    const session = await pastSession(someone.user.id);
    await editSession({ ...hr.ctx, sessionId: session.id, checkInAt: toPktLocalInput(session.checkInAt), checkOutAt: "", reason: "Left without checking out" });
    expect((await db.attendanceSession.findUniqueOrThrow({ where: { id: session.id } })).checkOutAt).toBeNull();
  });

  it("refuses a manager editing someone outside their team, an employee, and a missing reason", async () => {
    const manager = await createUser({ role: "manager" });
    const stranger = await createUser();
    const session = await pastSession(stranger.user.id);
    const input = { sessionId: session.id, checkInAt: toPktLocalInput(session.checkInAt), checkOutAt: toPktLocalInput(session.checkOutAt), reason: "Correction" };
    await expect(editSession({ ...manager.ctx, ...input })).rejects.toThrow(/not found, or it is not one you can edit/);
    const employee = await createUser({ managerId: manager.user.id });
    await expect(editSession({ ...employee.ctx, ...input })).rejects.toThrow("You are not allowed to edit attendance.");
    expect(await auditFor(session.id)).toHaveLength(0);
  });

  it("refuses check-out before check-in, future times and overlaps", async () => {
    const hr = await createUser({ role: "hr_operations" });
    const someone = await createUser();
    const a = await pastSession(someone.user.id);
    const b = await db.attendanceSession.create({ data: { userId: someone.user.id, checkInAt: new Date(Date.now() - 50 * 3_600_000), checkOutAt: new Date(Date.now() - 45 * 3_600_000) } });
    const base = { ...hr.ctx, sessionId: a.id, reason: "Fixing times" };
    await expect(editSession({ ...base, checkInAt: toPktLocalInput(a.checkOutAt), checkOutAt: toPktLocalInput(a.checkInAt) })).rejects.toThrow("Check-out must be after check-in.");
    await expect(editSession({ ...base, checkInAt: toPktLocalInput(new Date(Date.now() + 3_600_000)) })).rejects.toThrow("cannot be in the future");
    const insideB = new Date(b.checkOutAt!.getTime() - 3_600_000);
    await expect(editSession({ ...base, checkInAt: toPktLocalInput(insideB), checkOutAt: toPktLocalInput(new Date(insideB.getTime() + 2 * 3_600_000)) })).rejects.toThrow(/overlap another session/);
    await expect(editSession({ ...base, checkInAt: toPktLocalInput(b.checkInAt), checkOutAt: toPktLocalInput(a.checkOutAt) })).rejects.toThrow("longer than 24 hours");
  });
});
