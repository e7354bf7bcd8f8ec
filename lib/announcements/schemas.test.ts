import { describe, expect, it } from "vitest";
import { audienceRuleSchema, audienceValueOf, describeRule, ruleOfAudience, ruleOfTerms, termsOfRule } from "./audience";
import { AUDIENCE_ERROR, AUDIENCES, audienceSchema, createAnnouncementSchema, updateAnnouncementSchema } from "./schemas";

const VALID = { title: "Holiday notice", body: "Office closed.", audience: "all", startDate: "2026-12-01", endDate: "2026-12-05" };

describe("audienceSchema", () => {
  it.each([
    ["ALL", "all"],
    ["  Team_Lead ", "team_lead"],
    ["HR_OPERATIONS", "hr_operations"],
    ["Junior_Employee", "junior_employee"],
    ["intern", "intern"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(audienceSchema.parse(input)).toBe(expected);
  });

  it.each(["auditor", "everyone", "team lead", "team-lead", "", "admins", "all;drop", 3, null])("refuses %j with a message that lists the values", (input) => {
    const result = audienceSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(AUDIENCE_ERROR);
    expect(AUDIENCE_ERROR).toContain("all, employee, manager, admin, hr_operations, team_lead, intern, junior_employee");
  });

  it("accepts exactly the eight values of spec 000", () => {
    expect([...AUDIENCES].sort()).toEqual(["admin", "all", "employee", "hr_operations", "intern", "junior_employee", "manager", "team_lead"]);
  });
});

describe("audience rules", () => {
  const ENG = "0190a000-0000-7000-8000-00000000000e";
  const SALES = "0190a000-0000-7000-8000-00000000000f";
  const AYESHA = "0190a000-0000-7000-8000-0000000000a1";
  const BILAL = "0190a000-0000-7000-8000-0000000000b1";
  const names = { departments: new Map([[ENG, "Engineering"], [SALES, "Sales"]]), people: new Map([[AYESHA, "Ayesha Khan"], [BILAL, "Bilal Ahmed"]]) };

  it("keeps spec 000's values: all is everyone, a role value that role, and back", () => {
    for (const value of AUDIENCES) expect(audienceValueOf(ruleOfAudience(value))).toBe(value);
    expect(ruleOfAudience("all")).toEqual({ everyone: true });
    expect(ruleOfAudience("team_lead")).toEqual({ roles: ["team_lead"] });
    expect(audienceValueOf({ roles: ["auditor"] })).toBe("custom");
    expect(audienceValueOf({ roles: ["employee", "intern"] })).toBe("custom");
    expect(audienceValueOf({ everyone: true, exclude: { roles: ["intern"] } })).toBe("custom");
  });

  it("stores a rule as terms, each once, and reads the same rule back", () => {
    const rule = { departments: [ENG, SALES, ENG], teamsOf: [AYESHA], tree: true, people: [BILAL], exclude: { roles: ["intern" as const], people: [BILAL] } };
    const terms = termsOfRule(rule);
    expect(terms.filter((t) => t.kind === "department")).toHaveLength(2);
    expect(terms.find((t) => t.kind === "team_tree")).toMatchObject({ userId: AYESHA, exclude: false });
    expect(ruleOfTerms(terms)).toEqual({ departments: [ENG, SALES], teamsOf: [AYESHA], tree: true, people: [BILAL], exclude: { roles: ["intern"], people: [BILAL] } });
    // Everyone makes the other include terms moot.
    expect(termsOfRule({ everyone: true, roles: ["admin"] }).map((t) => t.kind)).toEqual(["everyone"]);
  });

  it("says the rule in words, with names", () => {
    expect(describeRule({ departments: [ENG, SALES], exclude: { roles: ["intern"] } }, names)).toBe("Engineering and Sales, except Interns");
    expect(describeRule({ everyone: true }, names)).toBe("Everyone");
    expect(describeRule({ roles: ["employee", "junior_employee"], teamsOf: [AYESHA] }, names)).toBe("Employees and Junior employees and Ayesha Khan's direct reports");
    expect(describeRule({ teamsOf: [AYESHA], tree: true, exclude: { people: [BILAL] } }, names)).toBe("Everyone reporting to Ayesha Khan, except Bilal Ahmed");
    expect(describeRule({ people: [AYESHA, BILAL] }, names)).toBe("Ayesha Khan and Bilal Ahmed");
    expect(describeRule({ departments: ["0190a000-0000-7000-8000-000000000999"] }, names)).toBe("An unknown department");
  });

  it("refuses a rule that names nobody, an unknown role, a non-id and unknown keys", () => {
    expect(audienceRuleSchema.safeParse({}).error?.issues[0]?.message).toBe("Choose who it is for: everyone, roles, departments, teams or people.");
    expect(audienceRuleSchema.safeParse({ exclude: { roles: ["intern"] } }).success).toBe(false);
    expect(audienceRuleSchema.safeParse({ roles: ["ceo"] }).success).toBe(false);
    expect(audienceRuleSchema.safeParse({ departments: ["engineering"] }).error?.issues[0]?.message).toBe("Each department is an id (UUID).");
    expect(audienceRuleSchema.safeParse({ everyone: true, groups: ["x"] }).success).toBe(false);
  });

  it("takes audience or audienceRule, not both, and one of them", () => {
    expect(createAnnouncementSchema.safeParse({ ...VALID, audienceRule: { everyone: true } }).error?.issues[0]?.message).toMatch(/not both/);
    const noAudience: Partial<typeof VALID> = { ...VALID };
    delete noAudience.audience;
    expect(createAnnouncementSchema.safeParse(noAudience).error?.issues[0]?.message).toBe("Choose who it is for.");
    expect(createAnnouncementSchema.parse({ ...noAudience, audienceRule: { roles: ["intern"] } })).toMatchObject({ audienceRule: { roles: ["intern"] } });
  });
});

describe("createAnnouncementSchema", () => {
  it("accepts a one-day window and defaults the flags", () => {
    expect(createAnnouncementSchema.parse({ ...VALID, endDate: VALID.startDate })).toMatchObject({ isActive: true, pinned: false, requiresAck: false });
  });

  it("refuses an end before the start, on the end field", () => {
    const result = createAnnouncementSchema.safeParse({ ...VALID, startDate: "2026-12-05", endDate: "2026-12-04" });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["endDate"], message: "The end date cannot be before the start date." })]);
  });

  it("normalizes the audience and reads checkbox values", () => {
    expect(createAnnouncementSchema.parse({ ...VALID, audience: "MANAGER", pinned: "on", requiresAck: "", isActive: "on" })).toMatchObject({ audience: "manager", pinned: true, requiresAck: false, isActive: true });
  });

  it.each([
    [{ title: "ab" }, "The title needs at least 3 characters."],
    [{ body: "   " }, "Write the announcement."],
    [{ startDate: "01/12/2026" }, "Enter a date as YYYY-MM-DD."],
    [{ audience: "auditor" }, AUDIENCE_ERROR],
  ])("refuses %j", (patch, message) => {
    expect(createAnnouncementSchema.safeParse({ ...VALID, ...patch }).error?.issues[0]?.message).toBe(message);
  });
});

describe("updateAnnouncementSchema", () => {
  it("takes a partial patch, e.g. archiving", () => {
    expect(updateAnnouncementSchema.parse({ isActive: false })).toEqual({ isActive: false });
  });

  it("refuses unknown fields and an empty patch", () => {
    expect(updateAnnouncementSchema.safeParse({ createdByName: "someone" }).success).toBe(false);
    expect(updateAnnouncementSchema.safeParse({}).success).toBe(false);
  });
});
