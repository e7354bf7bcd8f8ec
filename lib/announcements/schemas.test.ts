import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/access/permissions";
import { AUDIENCE_ERROR, AUDIENCES, audienceOfRole, audienceSchema, createAnnouncementSchema, rolesOfAudience, updateAnnouncementSchema } from "./schemas";

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

describe("audience and roles", () => {
  it("maps every role but auditor to its own audience; auditors see only 'all'", () => {
    for (const role of ROLES) expect(audienceOfRole(role)).toBe(role === "auditor" ? null : role);
  });

  it("targets every role with 'all' and one role otherwise", () => {
    expect(rolesOfAudience("all").sort()).toEqual([...ROLES].sort());
    expect(rolesOfAudience("team_lead")).toEqual(["team_lead"]);
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
