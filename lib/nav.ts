import { can, type Permission, type Role } from "@/lib/access/permissions";

export type NavItem = { href: string; label: string; permission: Permission | Permission[] };

// Only pages that exist are listed; each is shown to the roles its permission names.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", permission: "attendance:self" },
  // Everyone has a feed: alerts reach whoever must act (recipient only).
  { href: "/alerts", label: "Alerts", permission: "attendance:self" },
  { href: "/announcements", label: "Announcements", permission: "announcements:view" },
  { href: "/attendance", label: "Attendance", permission: "attendance:self" },
  { href: "/tasks", label: "Tasks", permission: "tasks:self" },
  { href: "/leave", label: "Leave", permission: "leave:request" },
  { href: "/projects", label: "Projects", permission: "projects:request" },
  { href: "/team", label: "My team", permission: "team:view" },
  { href: "/activity", label: "My activity", permission: "activity:self" },
  { href: "/settings/notifications", label: "Notifications", permission: "attendance:self" },
  { href: "/settings/tokens", label: "API tokens", permission: "activity:self" },
  // The API reference is for everyone signed in (every role holds activity:self).
  { href: "/docs/api", label: "API docs", permission: "activity:self" },
  { href: "/admin/people", label: "People", permission: "people:view" },
  // The log's explorer and the sessions workspace for those who read beyond their own
  // trail: managers their team's, auditors and admins all of it (REACH.audit). Everyone
  // else has one page, My activity (their trail, sessions and reads of their data);
  // /audit still answers them, limited to their own entries.
  { href: "/audit", label: "Audit log", permission: ["audit:view_all", "audit:view_team"] },
  { href: "/audit/sessions", label: "Sign-in sessions", permission: ["audit:view_all", "audit:view_team"] },
  { href: "/audit/data-access", label: "Data access", permission: ["audit:view_all", "audit:view_team"] },
  { href: "/audit/alerts", label: "Anomaly alerts", permission: "audit:view_all" },
  { href: "/audit/verify", label: "Audit integrity", permission: "audit:verify" },
  { href: "/audit/reports", label: "Reports", permission: "audit:reports" },
  { href: "/admin/streams", label: "Audit streams", permission: "streams:manage" },
  { href: "/admin/settings", label: "Settings", permission: "settings:manage" },
  { href: "/admin/mailbox", label: "Dev mailbox", permission: "settings:manage" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) =>
    (Array.isArray(item.permission) ? item.permission : [item.permission]).some((p) => can(role, p)),
  );
}
