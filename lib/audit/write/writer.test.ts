import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { systemActor } from "./actor";
import { contentFraming } from "../integrity/canonical";
import { MASK } from "./rules";
import { sessionRef } from "./session-ref";
import { auditRecordText, AuditValidationError, columnTexts, prepareAuditRow } from "./writer";

const base = {
  eventType: "update" as const,
  category: "data" as const,
  actionType: "bench.touched",
  description: "Touched",
  actor: systemActor("test"),
  object: { type: "thing", id: "t-1" },
};
const ID = "01a20a57-6399-77cd-a446-c302f9af2317";

describe("auditRecordText", () => {
  it("is the entry's columns framed as the audit_content record the database hashes", () => {
    const record = auditRecordText({ ...base, before: { a: 1 }, after: { a: 2 } }, ID);
    expect(record).toBe(contentFraming(columnTexts({ ...prepareAuditRow({ ...base, before: { a: 1 }, after: { a: 2 } }), id: ID })));
    expect(record.startsWith(`(${ID},update,data,bench.touched,Touched,`)).toBe(true);
  });

  it("accepts an entry just under 10 MB and refuses one over it", () => {
    const nine = "x".repeat(9 * 1024 * 1024);
    expect(() => auditRecordText({ ...base, additionalData: { blob: nine } }, ID)).not.toThrow();
    const eleven = "é".repeat(5.5 * 1024 * 1024); // 2 bytes each in UTF-8: 11 MB in 5.5 M characters
    expect(() => auditRecordText({ ...base, additionalData: { blob: eleven } }, ID)).toThrow(AuditValidationError);
    expect(() => auditRecordText({ ...base, additionalData: { blob: eleven } }, ID)).toThrow(/limit is 10485760 bytes \(10 MB\)/);
  });

  it("refuses a retention outside 12..120 months and an unknown risk level", () => {
    expect(() => auditRecordText({ ...base, retentionMonths: 11 }, ID)).toThrow(/between 12 and 120 months/);
    expect(() => auditRecordText({ ...base, retentionMonths: 121 }, ID)).toThrow(/between 12 and 120 months/);
    expect(() => auditRecordText({ ...base, riskLevel: "severe" as never }, ID)).toThrow(AuditValidationError);
  });
});

describe("privacy in prepared rows", () => {
  it("stores a SHA-256 prefix of the session id, never the id itself", () => {
    const sessionId = "k2v9sQ-live-session-token-value";
    const row = prepareAuditRow({ ...base, context: { sessionId, ip: "203.0.113.7" } });
    expect(row.sessionId).toBe(createHash("sha256").update(sessionId).digest("hex").slice(0, 32));
    expect(row.sessionId).toBe(sessionRef(sessionId));
    expect(JSON.stringify(row)).not.toContain(sessionId);
    expect(prepareAuditRow({ ...base }).sessionId).toBe("");
  });

  it("masks additional data like old and new values: sensitive keys masked at any depth, secrets dropped", () => {
    const row = prepareAuditRow({
      ...base,
      additionalData: { salary: 250_000, note: "kept", nested: { medicalNote: "asthma", list: [{ cnic: "35202-1234567-1" }] }, password: "hunter2", apiKey: "k" },
    });
    expect(row.additionalData).toEqual({ salary: MASK, note: "kept", nested: { medicalNote: MASK, list: [{ cnic: MASK }] } });
    expect(row.isSensitive).toBe(true);
  });

  it("masks the fields an entry marks sensitive, in values and additional data, without raising the risk", () => {
    const row = prepareAuditRow({
      ...base,
      actionType: "leave_request.submitted",
      after: { type: "sick", reason: "Migraine since Monday" },
      additionalData: { reason: "Migraine since Monday", leaveType: "sick" },
      sensitiveFields: ["reason"],
    });
    expect(row.newValues).toEqual({ type: "sick", reason: MASK });
    expect(row.additionalData).toEqual({ reason: MASK, leaveType: "sick" });
    expect(row.isSensitive).toBe(true);
    expect(row.riskLevel).toBe("low");
    expect(JSON.stringify(row)).not.toContain("Migraine");
  });
});
