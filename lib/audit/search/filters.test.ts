import { describe, expect, it } from "vitest";
import { filtersOf, NO_FILTERS, withFilter } from "./filters";

describe("filtersOf", () => {
  it("reads each control's value from the query", () => {
    expect(filtersOf("action:leave_request.* type:approve category:security status:failure risk:>=high created:2026-01-01..2026-01-31")).toEqual({
      type: "approve", category: "security", status: "failure", risk: ">=high", entity: "", actor: "", from: "2026-01-01", to: "2026-01-31",
    });
    expect(filtersOf('entity:leave_request actor:"Ayesha Khan"')).toMatchObject({ entity: "leave_request", actor: "Ayesha Khan" });
  });

  it("leaves a control empty for a term it cannot show, and all of them for a query that does not parse", () => {
    expect(filtersOf("-type:approve status:failure,error created:>=2026-02-01")).toEqual({ ...NO_FILTERS, from: "2026-02-01" });
    expect(filtersOf("bogus:1 type:approve")).toEqual(NO_FILTERS);
  });
});

describe("withFilter", () => {
  it("replaces one key's terms and keeps the rest", () => {
    expect(withFilter("action:leave_request.* type:login", "type", "approve")).toBe("action:leave_request.* type:approve");
    expect(withFilter("action:leave_request.* risk:high", "risk", "")).toBe("action:leave_request.*");
    expect(withFilter("", "risk", ">=medium")).toBe("risk:>=medium");
    expect(withFilter("type:login", "entity", "task")).toBe("type:login entity:task");
    expect(withFilter("type:login", "actor", "ayesha@acme.test")).toBe("type:login actor:ayesha@acme.test");
    expect(withFilter("type:login", "actor", 'Ayesha "AK" Khan')).toBe('type:login actor:"Ayesha \\"AK\\" Khan"');
    expect(filtersOf(withFilter("", "actor", 'Ayesha "AK" Khan')).actor).toBe('Ayesha "AK" Khan');
  });

  it("writes date ranges, in order, and drops a day that is not one", () => {
    expect(withFilter("x", "created", { from: "2026-01-31", to: "2026-01-01" })).toBe("x created:2026-01-01..2026-01-31");
    expect(withFilter("x", "created", { from: "2026-01-01", to: "" })).toBe("x created:>=2026-01-01");
    expect(withFilter("x", "created", { from: "", to: "2026-02-30" })).toBe("x");
  });

  it("never rewrites a query that does not parse, and never writes one", () => {
    expect(withFilter('actor:"unclosed', "type", "login")).toBe('actor:"unclosed');
    expect(withFilter("x", "type", "not_a_type")).toBe("x");
  });
});
