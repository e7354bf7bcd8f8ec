import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { auditFor, createUser } from "@/test/factories";
import { droppedEntries } from "@/test/dropped-entries";
import { publishDueAnnouncements } from "./schedule";
import { createAnnouncement } from "./service";

vi.mock("@/lib/audit/write/transaction", async (original) => (await import("@/test/dropped-entries")).droppingEntries(await original()));

// Fixed instants, never today's date: created on 10 Dec 2026, starting 20 Dec (PKT).
const NOW = new Date("2026-12-10T07:00:00Z");
const START = new Date("2026-12-19T19:00:00Z");

describe("publishDueAnnouncements", () => {
  it("with nothing due, writes no audit entry and no error", async () => {
    const before = await db.auditLog.count();
    expect(await publishDueAnnouncements({ now: new Date("2001-01-01T00:00:00Z") })).toEqual({ published: [] });
    expect(await db.auditLog.count()).toBe(before);
  });

  it("goes through the audited transaction's guard: with its entries lost, nothing is broadcast", async () => {
    const hr = await createUser({ role: "hr_operations", name: "Bilal HR" });
    const a = await createAnnouncement({ ...hr.ctx, title: "Starts on the 20th", body: "Office closed.", audience: "intern", startDate: "2026-12-20", endDate: "2026-12-22", now: NOW });
    droppedEntries.on = true;
    try {
      expect((await publishDueAnnouncements({ now: START })).published).toEqual([]);
    } finally {
      droppedEntries.on = false;
    }
    expect((await db.announcement.findUniqueOrThrow({ where: { id: a.id } })).broadcastAt).toBeNull();
    expect(await db.outboxMessage.count({ where: { payload: { path: ["data", "announcementId"], equals: a.id } } })).toBe(0);
    // With the entries kept, the same run broadcasts it, on record.
    expect((await publishDueAnnouncements({ now: START })).published.map((p) => p.id)).toEqual([a.id]);
    expect((await auditFor(a.id)).map((e) => e.actionType)).toEqual(["announcement.created", "announcement.broadcast"]);
  });
});
