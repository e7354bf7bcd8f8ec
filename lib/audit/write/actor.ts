import type { AuditActor } from "./schemas";

type UserLike = {
  id: string;
  name: string;
  email: string;
  role: string;
  department?: { name: string } | null;
  departmentName?: string | null;
};

export function actorFromUser(user: UserLike): AuditActor {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    department: user.departmentName ?? user.department?.name ?? "",
  };
}

/** Background jobs, the seed and bootstrap act as a named system actor. */
export function systemActor(name: string): AuditActor {
  return { id: null, name: `System: ${name}`, email: "", role: "system", department: "" };
}

/** Sign-in attempts by an email that matches no account. */
export function anonymousActor(email: string): AuditActor {
  return { id: null, name: "Unknown user", email: email.slice(0, 255), role: "", department: "" };
}
