// One map from role to what it may do, asked through `can()` (or requirePermission(),
// the route wrapper's `permission`, rolesWith()). permissions.test.ts fails on a
// permission that nothing checks: a grant must mean something.
export const ROLES = [
  "admin",
  "hr_operations",
  "auditor",
  "manager",
  "team_lead",
  "employee",
  "junior_employee",
  "intern",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  hr_operations: "HR Operations",
  auditor: "Auditor",
  manager: "Manager",
  team_lead: "Team Lead",
  employee: "Employee",
  junior_employee: "Junior Employee",
  intern: "Intern",
};

const EVERYONE = [
  "attendance:self",
  "tasks:self",
  "leave:request",
  "projects:request",
  "activity:self",
  "announcements:view",
] as const;

export const PERMISSIONS = {
  admin: [
    ...EVERYONE,
    "attendance:edit_any",
    "timelogs:edit_any",
    "tasks:assign",
    "tasks:assign_any",
    "leave:decide_any",
    "leave:view_sensitive",
    "projects:decide",
    "people:manage",
    "people:view",
    "audit:view_all",
    "audit:view_sensitive",
    "audit:verify",
    "audit:resolve_alerts",
    "announcements:manage",
    "settings:manage",
    // Alerts about someone with no active manager, and escalations past one.
    "alerts:receive_unrouted",
    // Everyone's API tokens: listed (never their secrets) and revocable.
    "tokens:revoke_any",
    // Anyone's sign-in session, ended from the sessions workspace.
    "sessions:end",
    // Saved audit searches pinned at the top of the audit log for everyone who opens it.
    "audit:pin_searches",
    // Compliance reports: generated, listed, downloaded (issue 21).
    "audit:reports",
    // Audit log streams to SIEMs: destinations configured, tested, paused, replayed (issue 22).
    "streams:manage",
  ],
  hr_operations: [
    ...EVERYONE,
    "attendance:edit_any",
    "timelogs:edit_any",
    "leave:decide_any",
    "leave:view_sensitive",
    "people:view",
    "announcements:manage",
  ],
  // Auditors change no HR record; they close the anomaly alerts they review.
  auditor: [...EVERYONE, "audit:view_all", "audit:view_sensitive", "audit:verify", "audit:resolve_alerts", "audit:reports", "people:view"],
  manager: [
    ...EVERYONE,
    "attendance:edit_team",
    "timelogs:edit_team",
    "tasks:assign",
    "tasks:review_team",
    "leave:decide_team",
    "projects:decide",
    "team:view",
    "audit:view_team",
  ],
  team_lead: [...EVERYONE, "tasks:assign", "tasks:review_team", "team:view"],
  employee: [...EVERYONE],
  junior_employee: [...EVERYONE],
  intern: [...EVERYONE],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof PERMISSIONS)[Role][number];

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[role] as readonly string[]).includes(permission);
}

/** The roles that hold a permission (who receives what a permission entitles them to see). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => can(role, permission));
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
