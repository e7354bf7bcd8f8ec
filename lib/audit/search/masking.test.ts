import { describe, expect, it } from "vitest";
import { MASK } from "@/lib/audit/write/rules";
import { isSensitiveEntry, maskObject, mustMask, valuesFor } from "./masking";

const entry = { oldValues: { status: "pending", days: 2 }, newValues: { status: "approved", days: 2, note: null }, additionalData: { source: "web", nested: { a: 1 } } };

describe("masking on read", () => {
  it("treats an entry as sensitive when flagged, or when a top-level key is a sensitive field", () => {
    expect(isSensitiveEntry({ isSensitive: true })).toBe(true);
    expect(isSensitiveEntry({ isSensitive: false, ...entry })).toBe(false);
    expect(isSensitiveEntry({ isSensitive: false, oldValues: {}, newValues: { baseSalary: 1 } })).toBe(true);
    expect(isSensitiveEntry({ isSensitive: false, oldValues: { medical_note: "x" }, newValues: {} })).toBe(true);
    expect(isSensitiveEntry({ isSensitive: false, oldValues: {}, newValues: {}, additionalData: { CNIC: MASK } })).toBe(true);
    expect(isSensitiveEntry({ isSensitive: false, oldValues: [{ salary: 1 }], newValues: "salary" })).toBe(false);
  });

  it("masks for roles without audit:view_sensitive, the viewer's own entries included, and not for auditor or admin", () => {
    for (const role of ["employee", "manager", "team_lead", "hr_operations", "intern"] as const) expect(mustMask({ role }, { isSensitive: true })).toBe(true);
    for (const role of ["auditor", "admin"] as const) expect(mustMask({ role }, { isSensitive: true, newValues: { salary: 1 } })).toBe(false);
    expect(mustMask({ role: "employee" }, { isSensitive: false, ...entry })).toBe(false);
  });

  it("keeps keys, masks every non-null value, and leaves null as null", () => {
    expect(maskObject({ a: 1, b: "x", c: null, d: { e: 1 }, f: [1] })).toEqual({ a: MASK, b: MASK, c: null, d: MASK, f: MASK });
    expect(maskObject(null)).toBeNull();
    expect(maskObject("x")).toBe(MASK);
    expect(maskObject([1, 2])).toEqual([MASK, MASK]);
  });

  it("applies to old/new values and additional data only, and says whether it did", () => {
    const shown = valuesFor({ role: "manager" }, true, { id: "e1", description: "Approved", ...entry });
    expect(shown).toEqual({
      id: "e1", description: "Approved", masked: true,
      oldValues: { status: MASK, days: MASK }, newValues: { status: MASK, days: MASK, note: null }, additionalData: { source: MASK, nested: MASK },
    });
    expect(valuesFor({ role: "auditor" }, true, { id: "e1", ...entry })).toEqual({ id: "e1", ...entry, masked: false });
    expect(valuesFor({ role: "employee" }, false, { id: "e1", ...entry })).toEqual({ id: "e1", ...entry, masked: false });
    // An entry without additional data gets none added.
    expect(valuesFor({ role: "employee" }, true, { oldValues: {}, newValues: { x: 1 } })).toEqual({ oldValues: {}, newValues: { x: MASK }, masked: true });
  });
});
