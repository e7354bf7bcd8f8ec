import { describe, expect, it } from "vitest";
import { systemActor } from "./actor";
import { contentFraming } from "./canonical";
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
