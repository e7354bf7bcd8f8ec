import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can, isRole, PERMISSIONS, ROLE_LABELS, ROLES, rolesWith, type Permission } from "./permissions";

const EVERYONE: Permission[] = ["attendance:self", "tasks:self", "leave:request", "projects:request", "activity:self", "announcements:view"];

const holders = rolesWith;

/** Every non-test source file of the app, as text. */
function sources(): string[] {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "generated" && e.name !== "node_modules") walk(full);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && full !== path.join(root, "lib/access/permissions.ts")) {
        out.push(fs.readFileSync(full, "utf8"));
      }
    }
  };
  for (const dir of ["app", "components", "lib", "inngest"]) walk(path.join(root, dir));
  return out;
}

describe("permission map", () => {
  it("covers every role, each with a label", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(ROLE_LABELS[role]).toMatch(/\S/);
  });

  it.each(ROLES)("lets %s use the self-service pages", (role) => {
    for (const p of EVERYONE) expect(can(role, p)).toBe(true);
  });

  it("gives employee, junior employee and intern nothing beyond self-service", () => {
    for (const role of ["employee", "junior_employee", "intern"] as const) {
      expect([...PERMISSIONS[role]].sort()).toEqual([...EVERYONE].sort());
    }
  });

  it("keeps administration, audit and team access to the roles that need them", () => {
    expect(holders("settings:manage")).toEqual(["admin"]);
    expect(holders("alerts:receive_unrouted")).toEqual(["admin"]);
    expect(holders("people:manage")).toEqual(["admin"]);
    expect(holders("people:view")).toEqual(["admin", "hr_operations", "auditor"]);
    expect(holders("audit:verify")).toEqual(["admin", "auditor"]);
    expect(holders("audit:view_all")).toEqual(["admin", "auditor"]);
    // Closing anomaly alerts: whoever reads them all.
    expect(holders("audit:resolve_alerts")).toEqual(holders("audit:view_all"));
    // Compliance reports: the roles with the whole log.
    expect(holders("audit:reports")).toEqual(holders("audit:view_all"));
    expect(holders("audit:view_team")).toEqual(["manager"]);
    expect(holders("audit:pin_searches")).toEqual(["admin"]);
    // Unmasked sensitive audit values: the roles with the whole log, not a manager's team view.
    expect(holders("audit:view_sensitive")).toEqual(["admin", "auditor"]);
    expect(holders("team:view")).toEqual(["manager", "team_lead"]);
    expect(holders("announcements:manage")).toEqual(["admin", "hr_operations"]);
    expect(holders("leave:decide_any")).toEqual(["admin", "hr_operations"]);
    expect(holders("leave:decide_team")).toEqual(["manager"]);
    expect(holders("leave:view_sensitive")).toEqual(["admin", "hr_operations"]);
    expect(holders("tasks:assign_any")).toEqual(["admin"]);
  });

  it("gives the auditor read and verify rights (and closing anomaly alerts) but no way to change anything else", () => {
    const changes = PERMISSIONS.auditor.filter((p) => /edit|decide|assign|manage|review/.test(p));
    expect(changes).toEqual([]);
  });

  it("lists no permission twice for a role", () => {
    for (const role of ROLES) expect(new Set(PERMISSIONS[role]).size).toBe(PERMISSIONS[role].length);
  });
});

describe("isRole", () => {
  it("accepts the eight roles and nothing else", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["Admin", "superuser", "", null, undefined, 3, { role: "admin" }]) expect(isRole(value)).toBe(false);
  });

  it("grants nothing that no page, route, action, query or service checks", () => {
    const text = sources().join("\n");
    const granted = [...new Set(Object.values(PERMISSIONS).flat())];
    const unchecked = granted.filter((p) => !text.includes(`"${p}"`));
    expect(unchecked).toEqual([]);
  });
});
