import { describe, expect, it } from "vitest";
import { actionLabel, codeLabel, displayValue } from "./labels";

describe("values as a person reads them", () => {
  it("names codes by their labels: roles and audiences, snake_case codes, permissions and scopes", () => {
    expect(codeLabel("hr_operations")).toBe("HR Operations");
    expect(codeLabel("junior_employee")).toBe("Junior Employee");
    expect(codeLabel("idle_after_checkin")).toBe("Idle after checkin");
    expect(codeLabel("audit:view_all")).toBe("Audit: view all");
    expect(codeLabel("audit:read")).toBe("Audit: read");
  });

  it("leaves plain words, names, emails and sentences alone", () => {
    for (const text of ["Payroll export", "annual", "Ayesha Khan", "fatima.zafar@acme.test", "a_b c", "all"]) expect(codeLabel(text)).toBeNull();
  });

  it("shows ids as a linked record, instants in PKT, codes as labels, and nothing as a dash", () => {
    expect(displayValue("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).toBe("(linked record)");
    expect(displayValue("2026-11-23T09:05:00.000Z")).toBe("23 Nov 2026, 14:05 PKT");
    expect(displayValue("team_lead")).toBe("Team Lead");
    expect(displayValue("")).toBe("—");
    expect(actionLabel("leave_request.submitted")).toBe("Leave request · submitted");
  });
});
