// "Who looked at this person's record": reads of a person's data carry whose data it
// was; the list shows them to that person, their manager and auditors, filtered by
// reader or by whose data, refused reads included.
import { describe, expect, it } from "vitest";
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { createUser, REQUEST } from "@/test/factories";
import { listDataAccessLogs } from "./activity-logs";

async function readOf(reader: Awaited<ReturnType<typeof createUser>>, subject: Awaited<ReturnType<typeof createUser>>, status: "granted" | "denied" = "granted") {
  await recordDataAccess({
    actor: { id: reader.user.id, name: reader.user.name, role: reader.user.role }, request: REQUEST, accessType: "view", dataCategory: "health_data",
    dataType: "leave_request", dataFields: ["reason"], recordCount: 1, sensitivity: "restricted", isPhi: true, status,
    denialReason: status === "denied" ? "Health information" : "", subjects: [{ id: subject.user.id, name: subject.user.name, count: 1 }],
  });
}

const page = { limit: 50, order: "newest" as const };

describe("data access by whose data it was", () => {
  it("shows a person the reads of their data, their manager the team's, auditors everyone's; each filter narrows", async () => {
    const manager = await createUser({ role: "manager" });
    const report = await createUser({ role: "employee", managerId: manager.user.id });
    const other = await createUser({ role: "employee" });
    const hr = await createUser({ role: "hr_operations" });
    const auditor = await createUser({ role: "auditor" });
    await readOf(hr, report);
    await readOf(manager, report, "denied");
    await readOf(hr, other);

    const mine = await listDataAccessLogs({ ...report.ctx, ...page, subject_id: report.user.id });
    expect(mine.data.map((r) => [r.user.name, r.status, r.subject?.name, r.phi])).toEqual([
      [manager.user.name, "denied", report.user.name, true],
      [hr.user.name, "granted", report.user.name, true],
    ]);
    // Unfiltered, the employee sees reads of their own data too (and their own reads), never another's.
    const all = await listDataAccessLogs({ ...report.ctx, ...page });
    expect(all.data.every((r) => r.subject?.id === report.user.id || r.user.id === report.user.id)).toBe(true);
    expect(all.data.some((r) => r.subject?.id === other.user.id)).toBe(false);
    // Another person's data: nothing, not an error.
    expect((await listDataAccessLogs({ ...report.ctx, ...page, subject_id: other.user.id })).data).toEqual([]);

    // The manager: reads of the report's data, including their own refused one.
    const team = await listDataAccessLogs({ ...manager.ctx, ...page, subject_id: report.user.id });
    expect(team.data).toHaveLength(2);
    expect((await listDataAccessLogs({ ...manager.ctx, ...page, subject_id: other.user.id })).data).toEqual([]);

    // The auditor: by whose data, by reader, by outcome, combined.
    expect((await listDataAccessLogs({ ...auditor.ctx, ...page, subject_id: other.user.id })).data.map((r) => r.user.id)).toEqual([hr.user.id]);
    expect((await listDataAccessLogs({ ...auditor.ctx, ...page, user_id: hr.user.id, data_category: "health_data" })).data.map((r) => r.subject?.id).sort()).toEqual([report.user.id, other.user.id].sort());
    expect((await listDataAccessLogs({ ...auditor.ctx, ...page, subject_id: report.user.id, access_status: "denied" })).data.map((r) => r.user.id)).toEqual([manager.user.id]);
    expect((await listDataAccessLogs({ ...auditor.ctx, ...page, subject_id: report.user.id, user_id: hr.user.id })).data).toHaveLength(1);
  });
});
