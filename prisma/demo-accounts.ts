import type { Role } from "@/lib/access/permissions";

// Fixed sign-ins for each role, printed by `npm run demo` and used by the e2e tests.
export const DEMO_PASSWORD = "Demo-Pass-2026!";

export const DEMO_ACCOUNTS: Array<{ role: Role; email: string; name: string; title: string }> = [
  { role: "admin", email: "admin@acme.test", name: "Aisha Khan", title: "Head of People Systems" },
  { role: "hr_operations", email: "hr@acme.test", name: "Bilal Ahmed", title: "HR Operations Lead" },
  { role: "auditor", email: "auditor@acme.test", name: "Clara Mendes", title: "Internal Auditor" },
  { role: "manager", email: "manager@acme.test", name: "Daniyal Qureshi", title: "Engineering Manager" },
  { role: "team_lead", email: "teamlead@acme.test", name: "Erum Siddiqui", title: "Team Lead, Platform" },
  { role: "employee", email: "employee@acme.test", name: "Faisal Malik", title: "Software Engineer" },
  { role: "junior_employee", email: "junior@acme.test", name: "Gul Rehman", title: "Junior Software Engineer" },
  { role: "intern", email: "intern@acme.test", name: "Hamza Iqbal", title: "Engineering Intern" },
];
