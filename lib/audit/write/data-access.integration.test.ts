// recordDataAccess writes the row and counts it on the reader's session in one statement.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/factories";
import { recordDataAccess } from "./data-access";
import { sessionRef } from "./session-ref";

describe("recordDataAccess", () => {
  it("writes every field of the read and adds one to the reader's session count", async () => {
    const reader = await createUser({ role: "auditor", name: "Dana Reader" });
    const sessionId = `s-${reader.user.id}`;
    await db.auditSession.create({ data: { sessionId, userId: reader.user.id, userName: "Dana Reader", userEmail: reader.user.email, loginStatus: "success" } });
    const request = { ip: "10.1.2.3", userAgent: "vitest", sessionId };
    const base = { actor: reader.actor, request, dataCategory: "system_data", dataType: "audit_log", sensitivity: "restricted" } as const;
    await recordDataAccess({ ...base, accessType: "view", accessMethod: "api", recordCount: 7, purpose: "Audit log search", searchCriteria: { q: "risk:>=high" }, dataFields: ["a", "b"], isPii: true });
    await recordDataAccess({ ...base, accessType: "export", accessMethod: "export", recordCount: 0 });

    const rows = await db.dataAccessLog.findMany({ where: { userId: reader.user.id }, orderBy: { accessTimestamp: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      accessType: "view", userName: "Dana Reader", userRole: "auditor", dataCategory: "system_data", dataType: "audit_log", recordCount: 7,
      dataFields: ["a", "b"], accessMethod: "api", accessPurpose: "Audit log search", searchCriteria: { q: "risk:>=high" },
      sensitivityLevel: "restricted", isPiiData: true, ipAddress: "10.1.2.3", userAgent: "vitest", sessionId: sessionRef(sessionId),
      accessStatus: "granted", auditLogId: null,
    });
    expect(rows[1]).toMatchObject({ accessType: "export", accessMethod: "export", recordCount: 0, dataFields: [], searchCriteria: {}, isPiiData: false });
    expect((await db.auditSession.findUniqueOrThrow({ where: { sessionId } })).dataAccessCount).toBe(2);
  });

  it("records a read without a session and touches no session", async () => {
    const reader = await createUser({ role: "auditor" });
    const other = `s-other-${reader.user.id}`;
    await db.auditSession.create({ data: { sessionId: other, userId: reader.user.id, userName: "x", userEmail: reader.user.email, loginStatus: "success" } });
    await recordDataAccess({ actor: reader.actor, request: {}, accessType: "view", dataCategory: "system_data", dataType: "audit_log", sensitivity: "restricted", recordCount: 1 });
    const row = await db.dataAccessLog.findFirstOrThrow({ where: { userId: reader.user.id } });
    expect(row).toMatchObject({ sessionId: "", ipAddress: "", accessMethod: "ui" });
    expect((await db.auditSession.findUniqueOrThrow({ where: { sessionId: other } })).dataAccessCount).toBe(0);
  });
});
