// One map from role to what it may do. Every page, action and route asks `can()`.
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
    "alerts:view",
    "audit:view_all",
    "audit:view_sensitive",
    "audit:verify",
    "audit:export",
    "announcements:manage",
    "settings:manage",
  ],
  hr_operations: [
    ...EVERYONE,
    "attendance:edit_any",
    "timelogs:edit_any",
    "leave:decide_any",
    "leave:view_sensitive",
    "people:view",
    "alerts:view",
    "announcements:manage",
  ],
  auditor: [...EVERYONE, "audit:view_all", "audit:view_sensitive", "audit:verify", "audit:export", "people:view"],
  manager: [
    ...EVERYONE,
    "attendance:edit_team",
    "timelogs:edit_team",
    "tasks:assign",
    "tasks:review_team",
    "leave:decide_team",
    "projects:decide",
    "team:view",
    "alerts:view",
    "audit:view_team",
  ],
  team_lead: [...EVERYONE, "tasks:assign", "tasks:review_team", "team:view", "alerts:view"],
  employee: [...EVERYONE],
  junior_employee: [...EVERYONE],
  intern: [...EVERYONE],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof PERMISSIONS)[Role][number];

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[role] as readonly string[]).includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
