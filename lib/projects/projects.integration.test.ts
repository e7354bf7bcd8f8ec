import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditFor, createUser } from "@/test/factories";
import { approvalEntry, submittedRequestEntry } from "@/test/request-entries";
import { listMyProjectRequests, listProjectsToDecide, listRecentProjectDecisions } from "./queries";
import { decideProjectRequest, submitProjectRequest } from "./service";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const PROPOSAL = { title: "Payroll export", description: "Export monthly payroll to the bank's CSV format." };

describe("submitting a project request", () => {
  it("files a pending request and records it", async () => {
    const { ctx, user } = await createUser({ name: "Erin Employee" });
    const created = await submitProjectRequest({ ...ctx, title: "  Payroll export ", description: PROPOSAL.description });
    expect(created).toMatchObject({ requesterId: user.id, title: "Payroll export", status: "pending", approverId: null });
    const entry = await submittedRequestEntry("project_request", created.id, user);
    expect(entry).toMatchObject({ objectName: "Payroll export", actionDescription: 'Erin Employee requested the project "Payroll export"' });
    expect(entry.newValues).toEqual({ title: "Payroll export", description: PROPOSAL.description, status: "pending" });
  });

  it("refuses a short or long title and description, and writes nothing", async () => {
    const { ctx, user } = await createUser();
    await expect(submitProjectRequest({ ...ctx, ...PROPOSAL, title: "ab" })).rejects.toThrow("Give a title of at least 3 characters");
    await expect(submitProjectRequest({ ...ctx, ...PROPOSAL, title: "x".repeat(201) })).rejects.toThrow("under 200 characters");
    await expect(submitProjectRequest({ ...ctx, ...PROPOSAL, description: "Too short" })).rejects.toThrow("at least 10 characters");
    await expect(submitProjectRequest({ ...ctx, ...PROPOSAL, description: "x".repeat(2001) })).rejects.toThrow("under 2000 characters");
    expect(await db.projectRequest.count({ where: { requesterId: user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("deciding a project request", () => {
  it("lets a manager approve with a reason, recording decision, reason and actor", async () => {
    const requester = await createUser({ name: "Erin Employee" });
    const manager = await createUser({ role: "manager", name: "Maya Manager" });
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    const approved = await decideProjectRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: " Worth it " });
    expect(approved).toMatchObject({ status: "approved", approverId: manager.user.id, decisionReason: "Worth it" });
    const entry = await approvalEntry("project_request", created.id, { by: manager.user, of: requester.user, decided: approved });
    expect(entry.actionDescription).toBe('Maya Manager approved the project "Payroll export" requested by Erin Employee: Worth it');
    expect(entry.actionDescription).not.toMatch(UUID);
  });

  it("lets an admin reject any request, the requester's manager or not", async () => {
    const requester = await createUser();
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    const rejected = await decideProjectRequest({ ...admin.ctx, requestId: created.id, decision: "reject", reason: "No budget this quarter" });
    expect(rejected).toMatchObject({ status: "rejected", approverId: admin.user.id, decisionReason: "No budget this quarter" });
    const entry = (await auditFor(created.id))[1]!;
    expect(entry).toMatchObject({ eventType: "reject", actionType: "project_request.rejected", userName: "Ada Admin" });
    expect(entry.oldValues).toMatchObject({ status: "pending", approver: null });
    expect(entry.newValues).toMatchObject({ status: "rejected", decisionReason: "No budget this quarter", approver: "Ada Admin" });
  });

  it("refuses roles without the permission and the requester deciding their own request", async () => {
    const requester = await createUser();
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    for (const role of ["hr_operations", "team_lead", "employee", "auditor"] as const) {
      const other = await createUser({ role });
      await expect(decideProjectRequest({ ...other.ctx, requestId: created.id, decision: "approve", reason: "Looks good" })).rejects.toThrow(
        "You are not allowed to decide project requests.",
      );
    }
    const manager = await createUser({ role: "manager" });
    const own = await submitProjectRequest({ ...manager.ctx, ...PROPOSAL });
    await expect(decideProjectRequest({ ...manager.ctx, requestId: own.id, decision: "approve", reason: "My own idea" })).rejects.toThrow(
      "You cannot decide your own project request",
    );
    expect(await db.projectRequest.count({ where: { id: { in: [created.id, own.id] }, status: "pending" } })).toBe(2);
    expect((await auditFor(own.id)).map((e) => e.actionType)).toEqual(["project_request.submitted"]);
  });

  it("requires a reason of at least 3 characters", async () => {
    const requester = await createUser();
    const manager = await createUser({ role: "manager" });
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    for (const reason of ["", "  ", "no"]) {
      await expect(decideProjectRequest({ ...manager.ctx, requestId: created.id, decision: "reject", reason })).rejects.toThrow(
        "Give a reason for the decision of at least 3 characters",
      );
    }
    expect((await db.projectRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("pending");
  });

  it("decides only pending requests, and only one of two racing deciders wins", async () => {
    const requester = await createUser();
    const manager = await createUser({ role: "manager", name: "Maya Manager" });
    const admin = await createUser({ role: "admin" });
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    await decideProjectRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Go ahead" });
    await expect(decideProjectRequest({ ...admin.ctx, requestId: created.id, decision: "reject", reason: "Changed my mind" })).rejects.toThrow(
      /^This request is already approved by Maya Manager on .* PKT\.$/,
    );
    await Promise.all(Array.from({ length: 4 }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
    const racing = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL, title: "Racing" });
    const results = await Promise.allSettled([
      decideProjectRequest({ ...manager.ctx, requestId: racing.id, decision: "approve", reason: "Yes" + "!" }),
      decideProjectRequest({ ...admin.ctx, requestId: racing.id, decision: "reject", reason: "No!" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await auditFor(racing.id)).filter((e) => e.actionType !== "project_request.submitted")).toHaveLength(1);
  });

  it("refuses an unknown request", async () => {
    const manager = await createUser({ role: "manager" });
    await expect(
      decideProjectRequest({ ...manager.ctx, requestId: "01900000-0000-7000-8000-000000000000", decision: "approve", reason: "Sure" }),
    ).rejects.toThrow("That project request was not found.");
  });
});

describe("project lists", () => {
  it("shows my requests newest first with the approver's name", async () => {
    const requester = await createUser();
    const manager = await createUser({ role: "manager", name: "Maya Manager" });
    const first = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL, title: "First" });
    const second = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL, title: "Second" });
    await decideProjectRequest({ ...manager.ctx, requestId: first.id, decision: "reject", reason: "Not now" });
    const { rows, next } = await listMyProjectRequests(requester.user);
    expect(rows.map((r) => [r.title, r.status, r.approverName])).toEqual([
      ["Second", "pending", null],
      ["First", "rejected", "Maya Manager"],
    ]);
    expect(next).toBeNull();
    expect(second.id).toBe(rows[0]!.id);
  });

  it("lists pending requests for deciders only, never their own, with labels", async () => {
    const requester = await createUser({ name: "Erin Employee", department: "Operations" });
    await db.user.update({ where: { id: requester.user.id }, data: { title: "Analyst" } });
    const manager = await createUser({ role: "manager" });
    const theirs = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    const own = await submitProjectRequest({ ...manager.ctx, ...PROPOSAL });
    const list = await listProjectsToDecide({ id: manager.user.id, role: "manager" });
    const ids = list.map((r) => r.id);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(own.id);
    expect(list.find((r) => r.id === theirs.id)).toMatchObject({ requesterName: "Erin Employee", requesterTitle: "Analyst", departmentName: "Operations" });
    expect(await listProjectsToDecide({ id: requester.user.id, role: "employee" })).toEqual([]);
    expect(await listProjectsToDecide({ id: requester.user.id, role: "hr_operations" })).toEqual([]);
    expect(await listRecentProjectDecisions({ id: requester.user.id, role: "employee" })).toEqual([]);
  });

  it("keeps the decider's name after their account is deleted", async () => {
    const requester = await createUser({ name: "Erin Employee" });
    const manager = await createUser({ role: "manager", name: "Gone Manager" });
    const created = await submitProjectRequest({ ...requester.ctx, ...PROPOSAL });
    await decideProjectRequest({ ...manager.ctx, requestId: created.id, decision: "approve", reason: "Go ahead" });
    await db.user.delete({ where: { id: manager.user.id } });
    const { rows } = await listMyProjectRequests(requester.user);
    expect(rows[0]).toMatchObject({ status: "approved", approverName: "Gone Manager" });
    const admin = await createUser({ role: "admin" });
    const recent = await listRecentProjectDecisions({ id: admin.user.id, role: "admin" });
    expect(recent.find((r) => r.id === created.id)).toMatchObject({ approverName: "Gone Manager", requesterName: "Erin Employee" });
  });
});
