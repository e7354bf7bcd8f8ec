import { describe, expect, it } from "vitest";
import { facetQuery, facetsOf } from "./facets";
import type { AuditAnalytics } from "./analytics";

describe("facetQuery", () => {
  it("narrows to a value, replacing that key's other values and keeping exclusions", () => {
    expect(facetQuery("category:security -actor:Bot", "category", "data", false)).toBe("-actor:Bot category:data");
    expect(facetQuery("", "actor", "Aisha Khan", false)).toBe('actor:"Aisha Khan"');
    expect(facetQuery("risk:>=high", "action", "user.role_changed", false)).toBe("risk:>=high action:user.role_changed");
  });

  it("excludes a value, keeping everything else", () => {
    expect(facetQuery("category:security", "actor", "Aisha Khan", true)).toBe('category:security -actor:"Aisha Khan"');
    expect(facetQuery("", "status", "failure", true)).toBe("-status:failure");
  });

  it("leaves a search that does not parse as it is", () => {
    expect(facetQuery("risk:purple", "status", "failure", true)).toBe("risk:purple");
  });
});

describe("facetsOf", () => {
  const analytics = {
    window: { from: new Date(), to: new Date(), bucket: "day", defaulted: true },
    total: 12,
    overTime: [],
    byCategory: [{ category: "security", count: 7 }, { category: "user_management", count: 5 }],
    byRisk: [{ risk: "low", count: 12 }],
    byStatus: [{ status: "success", count: 11 }, { status: "failure", count: 1 }],
    topActors: [{ name: "Aisha Khan", role: "admin", count: 9 }, { name: "", role: "", count: 3 }],
    topActions: [{ action: "auth.login_succeeded", count: 6 }],
  } as unknown as AuditAnalytics;

  it("labels values in words and links each to its narrowed and excluded search", () => {
    const facets = facetsOf("", analytics);
    expect(facets.map((f) => f.title)).toEqual(["Actor", "Action", "Category", "Risk", "Outcome"]);
    const category = facets.find((f) => f.key === "category")!;
    expect(category.values.map((v) => [v.label, v.count, v.only, v.exclude])).toEqual([
      ["Security", 7, "category:security", "-category:security"],
      ["User management", 5, "category:user_management", "-category:user_management"],
    ]);
    // A nameless actor is not a value to click.
    expect(facets.find((f) => f.key === "actor")!.values.map((v) => v.label)).toEqual(["Aisha Khan"]);
    expect(facets.find((f) => f.key === "action")!.values[0]!.label).toBe("Auth · login succeeded");
  });
});
