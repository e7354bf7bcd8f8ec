// Announcement audiences as rules (issue 23): everyone, roles, departments, a manager's
// team (direct reports, or the whole reporting tree) and named people, with exclusions.
// Stored as one row per term (announcement_audience_terms); whether a person is in an
// audience is one SQL rule, audience_includes()/announcement_targets() (migration
// 20261212000000). Client-safe: the schema, the terms and the words.
import { z } from "zod";
import { ROLES, type Role } from "@/lib/access/permissions";

/** Spec 000's audience values: everyone, or one role (the API's `audience`). */
export const AUDIENCES = ["all", "employee", "manager", "admin", "hr_operations", "team_lead", "intern", "junior_employee"] as const;
/** What an announcement stores: one of the spec's values, or `custom` for any other rule. */
export type AudienceValue = (typeof AUDIENCES)[number] | "custom";

export const AUDIENCE_LABELS: Record<AudienceValue, string> = {
  all: "Everyone",
  employee: "Employees",
  manager: "Managers",
  admin: "Admins",
  hr_operations: "HR Operations",
  team_lead: "Team leads",
  intern: "Interns",
  junior_employee: "Junior employees",
  custom: "A chosen audience",
};

const ids = (what: string, max: number) => z.array(z.uuid(`Each ${what} is an id (UUID).`)).max(max, `At most ${max} ${what}s.`);
const roles = z.array(z.enum(ROLES, { error: `A role is one of: ${ROLES.join(", ")}.` })).max(ROLES.length);

export const audienceRuleSchema = z
  .object({
    everyone: z.boolean().optional().meta({ description: "Everyone (active)." }),
    roles: roles.optional().meta({ description: "Everyone holding any of these roles." }),
    departments: ids("department", 200).optional().meta({ description: "Everyone in any of these departments (by id)." }),
    teamsOf: ids("manager", 200).optional().meta({ description: "The teams of these managers (by user id): their direct reports, or with `tree` everyone below them." }),
    tree: z.boolean().optional().meta({ description: "With teamsOf: the whole reporting tree, not only direct reports." }),
    people: ids("person", 2000).optional().meta({ description: "These people (by user id)." }),
    exclude: z
      .object({ roles: roles.optional(), departments: ids("department", 200).optional(), people: ids("person", 2000).optional() })
      .strict()
      .optional()
      .meta({ description: "Left out even when an include term matches them." }),
  })
  .strict()
  .refine((r) => r.everyone || [r.roles, r.departments, r.teamsOf, r.people].some((list) => (list?.length ?? 0) > 0), {
    message: "Choose who it is for: everyone, roles, departments, teams or people.",
  })
  .meta({ id: "AudienceRule", description: "Who an announcement is for: the union of the include terms, minus the exclusions." });
export type AudienceRule = z.infer<typeof audienceRuleSchema>;

export type AudienceTermKind = "everyone" | "role" | "department" | "team" | "team_tree" | "person";
export type AudienceTerm = { exclude: boolean; kind: AudienceTermKind; role: Role | null; departmentId: string | null; userId: string | null };

const uniq = <T,>(xs: readonly T[] | undefined): T[] => [...new Set(xs ?? [])];

/** The rule of one of spec 000's audience values: `all` is everyone, a role value that role. */
export function ruleOfAudience(value: Exclude<AudienceValue, "custom">): AudienceRule {
  return value === "all" ? { everyone: true } : { roles: [value as Role] };
}

/** The spec's single value when the rule is one (everyone, or one role, nothing excluded); else `custom`. */
export function audienceValueOf(rule: AudienceRule): AudienceValue {
  const t = termsOfRule(rule);
  if (t.length === 1 && t[0]!.kind === "everyone") return "all";
  if (t.length === 1 && t[0]!.kind === "role" && (AUDIENCES as readonly string[]).includes(t[0]!.role!)) return t[0]!.role as AudienceValue;
  return "custom";
}

/** The rule as stored terms, each once (everyone makes the other include terms moot). */
export function termsOfRule(rule: AudienceRule): AudienceTerm[] {
  const term = (exclude: boolean, kind: AudienceTermKind, value: { role?: Role; departmentId?: string; userId?: string } = {}): AudienceTerm => ({
    exclude, kind, role: value.role ?? null, departmentId: value.departmentId ?? null, userId: value.userId ?? null,
  });
  const include: AudienceTerm[] = rule.everyone
    ? [term(false, "everyone")]
    : [
        ...uniq(rule.roles).map((role) => term(false, "role", { role })),
        ...uniq(rule.departments).map((departmentId) => term(false, "department", { departmentId })),
        ...uniq(rule.teamsOf).map((userId) => term(false, rule.tree ? "team_tree" : "team", { userId })),
        ...uniq(rule.people).map((userId) => term(false, "person", { userId })),
      ];
  const exclude = [
    ...uniq(rule.exclude?.roles).map((role) => term(true, "role", { role })),
    ...uniq(rule.exclude?.departments).map((departmentId) => term(true, "department", { departmentId })),
    ...uniq(rule.exclude?.people).map((userId) => term(true, "person", { userId })),
  ];
  return [...include, ...exclude];
}

/** The rule that stored terms make (the inverse of termsOfRule). */
export function ruleOfTerms(terms: ReadonlyArray<AudienceTerm>): AudienceRule {
  const pick = (exclude: boolean, kinds: AudienceTermKind[], key: "role" | "departmentId" | "userId") =>
    terms.filter((t) => t.exclude === exclude && kinds.includes(t.kind)).map((t) => t[key]!);
  const rule: AudienceRule = {};
  if (terms.some((t) => !t.exclude && t.kind === "everyone")) rule.everyone = true;
  const put = <K extends "roles" | "departments" | "teamsOf" | "people">(k: K, v: string[]) => {
    if (v.length > 0) (rule as Record<string, unknown>)[k] = v;
  };
  put("roles", pick(false, ["role"], "role"));
  put("departments", pick(false, ["department"], "departmentId"));
  put("teamsOf", pick(false, ["team", "team_tree"], "userId"));
  if (terms.some((t) => !t.exclude && t.kind === "team_tree")) rule.tree = true;
  put("people", pick(false, ["person"], "userId"));
  const exclude = { roles: pick(true, ["role"], "role") as Role[], departments: pick(true, ["department"], "departmentId"), people: pick(true, ["person"], "userId") };
  const ex = Object.fromEntries(Object.entries(exclude).filter(([, v]) => v.length > 0));
  if (Object.keys(ex).length > 0) rule.exclude = ex;
  return rule;
}

/** "A, B and C". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Roles as an audience names them (spec 000's audience labels, plus auditors). */
export const ROLE_PLURALS: Record<Role, string> = {
  admin: "Admins", hr_operations: "HR Operations", auditor: "Auditors", manager: "Managers",
  team_lead: "Team leads", employee: "Employees", junior_employee: "Junior employees", intern: "Interns",
};
const rolePlural = (role: Role) => ROLE_PLURALS[role];

/**
 * The rule in words, with the names of the departments and people it names (a name not
 * given reads "an unknown …"): "Engineering and Sales, except Interns".
 */
export function describeRule(rule: AudienceRule, names: { departments: ReadonlyMap<string, string>; people: ReadonlyMap<string, string> }): string {
  const dept = (id: string) => names.departments.get(id) ?? "an unknown department";
  const person = (id: string) => names.people.get(id) ?? "an unknown person";
  const parts: string[] = [];
  if (rule.everyone) parts.push("Everyone");
  else {
    const r = uniq(rule.roles);
    if (r.length > 0) parts.push(listInWords(r.map(rolePlural)));
    const d = uniq(rule.departments);
    if (d.length > 0) parts.push(listInWords(d.map(dept)));
    for (const m of uniq(rule.teamsOf)) parts.push(rule.tree ? `everyone reporting to ${person(m)}` : `${person(m)}'s direct reports`);
    const p = uniq(rule.people);
    if (p.length > 0) parts.push(p.length <= 3 ? listInWords(p.map(person)) : `${p.length} named people`);
  }
  const out = [
    ...uniq(rule.exclude?.roles).map(rolePlural),
    ...uniq(rule.exclude?.departments).map(dept),
    ...uniq(rule.exclude?.people).map(person),
  ];
  const text = listInWords(parts);
  const phrased = text.charAt(0).toUpperCase() + text.slice(1);
  return out.length > 0 ? `${phrased}, except ${listInWords(out)}` : phrased;
}
