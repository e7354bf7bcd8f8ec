import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/access/permissions";
import { NAV_ITEMS, navFor } from "./nav";

const SELF_SERVICE = ["Home", "Alerts", "Announcements", "Attendance", "Tasks", "Leave", "Projects"];

const EXPECTED: Record<Role, string[]> = {
  employee: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs"],
  junior_employee: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs"],
  intern: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs"],
  manager: [...SELF_SERVICE, "My team", "My activity", "Notifications", "API tokens", "API docs", "Audit log", "Sign-in sessions", "Data access"],
  team_lead: [...SELF_SERVICE, "My team", "My activity", "Notifications", "API tokens", "API docs"],
  admin: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs", "People", "Audit log", "Sign-in sessions", "Data access", "Anomaly alerts", "Audit integrity", "Reports", "Audit streams", "Settings", "Dev mailbox"],
  hr_operations: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs", "People"],
  auditor: [...SELF_SERVICE, "My activity", "Notifications", "API tokens", "API docs", "People", "Audit log", "Sign-in sessions", "Data access", "Anomaly alerts", "Audit integrity", "Reports"],
};

describe("navFor", () => {
  it.each(ROLES)("shows %s exactly the pages it may use", (role) => {
    expect(navFor(role).map((i) => i.label)).toEqual(EXPECTED[role]);
  });

  it("shows an employee only Home, Alerts, Announcements, Attendance, Tasks, Leave, Projects, My activity, Notifications, API tokens and API docs: one page for their own trail", () => {
    expect(navFor("employee").map((i) => i.href)).toEqual(["/", "/alerts", "/announcements", "/attendance", "/tasks", "/leave", "/projects", "/activity", "/settings/notifications", "/settings/tokens", "/docs/api"]);
  });

  it("gives a manager My team, the audit log and sign-in sessions (their team's) on top of what an employee sees", () => {
    const labels = navFor("manager").map((i) => i.label);
    expect(labels.filter((l) => !EXPECTED.employee.includes(l))).toEqual(["My team", "Audit log", "Sign-in sessions", "Data access"]);
  });

  it("shows People, Anomaly alerts and Audit integrity to admin and auditor, never My team", () => {
    for (const role of ["admin", "auditor"] as const) {
      const labels = navFor(role).map((i) => i.label);
      expect(labels).toContain("People");
      expect(labels).toContain("Anomaly alerts");
      expect(labels).toContain("Audit integrity");
      expect(labels).not.toContain("My team");
    }
  });

  it("lists each page once", () => {
    const hrefs = NAV_ITEMS.map((i) => i.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
  });
});
