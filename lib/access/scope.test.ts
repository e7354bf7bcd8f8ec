import { describe, expect, it } from "vitest";
import { ownedBy, peopleInReach, personInReach, REACH, reachLevel, teamMemberWhere } from "./scope";

const id = "0190f5d2-0000-7000-8000-000000000001";

describe("scope", () => {
  it("defines a team as the viewer's direct reports, for every role", () => {
    expect(teamMemberWhere({ id, role: "manager" })).toEqual({ managerId: id });
    expect(teamMemberWhere({ id, role: "team_lead" })).toEqual({ managerId: id });
  });

  it("gives each role its widest reach", () => {
    expect(reachLevel({ id, role: "hr_operations" }, REACH.attendance)).toBe("all");
    expect(reachLevel({ id, role: "manager" }, REACH.attendance)).toBe("team");
    expect(reachLevel({ id, role: "team_lead" }, REACH.attendance)).toBe("own");
    expect(reachLevel({ id, role: "team_lead" }, REACH.taskReview)).toBe("team");
    expect(reachLevel({ id, role: "employee" }, REACH.team)).toBeNull();
    expect(reachLevel({ id, role: "admin" }, REACH.taskAssignees)).toBe("all");
  });

  it("turns reach into a users where clause, with or without the viewer", () => {
    expect(peopleInReach({ id, role: "admin" }, REACH.people)).toEqual({});
    expect(peopleInReach({ id, role: "admin" }, REACH.leave, { othersOnly: true })).toEqual({ id: { not: id } });
    expect(peopleInReach({ id, role: "manager" }, REACH.leave)).toEqual({ OR: [{ id }, { managerId: id }] });
    expect(peopleInReach({ id, role: "manager" }, REACH.leave, { othersOnly: true })).toEqual({ AND: [{ managerId: id }, { id: { not: id } }] });
    expect(peopleInReach({ id, role: "employee" }, REACH.leave)).toEqual({ id });
    expect(peopleInReach({ id, role: "employee" }, REACH.leave, { othersOnly: true })).toBeNull();
    expect(peopleInReach({ id, role: "manager" }, REACH.people)).toBeNull();
    expect(personInReach({ id, role: "manager" }, REACH.leave, "other")).toEqual({ AND: [{ id: "other" }, { OR: [{ id }, { managerId: id }] }] });
  });

  it("filters a record by its owner without a join when unrestricted", () => {
    expect(ownedBy("user", {})).toEqual({});
    expect(ownedBy("requester", { managerId: id })).toEqual({ requester: { managerId: id } });
  });
});
