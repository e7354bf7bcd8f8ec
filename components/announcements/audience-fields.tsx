"use client";

import { ROLES } from "@/lib/access/permissions";
import { ROLE_PLURALS, type AudienceRule } from "@/lib/announcements/audience";
import type { AudienceOptions } from "@/lib/announcements/queries";

const SELECT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

/** The audience rule the fields of a form describe (lists are sent as name[] fields). */
export function ruleFromForm(data: FormData): AudienceRule {
  const list = (name: string) => data.getAll(`${name}[]`).map(String).filter(Boolean);
  const rule: AudienceRule = {};
  if (data.get("everyone") === "on") rule.everyone = true;
  const put = (key: "roles" | "departments" | "teamsOf" | "people", values: string[]) => {
    if (values.length > 0) (rule as Record<string, unknown>)[key] = values;
  };
  put("roles", list("roles"));
  put("departments", list("departments"));
  put("teamsOf", list("teamsOf"));
  if (rule.teamsOf && data.get("tree") === "on") rule.tree = true;
  put("people", list("people"));
  const exclude = { roles: list("excludeRoles"), departments: list("excludeDepartments"), people: list("excludePeople") };
  const ex = Object.fromEntries(Object.entries(exclude).filter(([, v]) => v.length > 0));
  if (Object.keys(ex).length > 0) rule.exclude = ex as AudienceRule["exclude"];
  return rule;
}

function Checks({ legend, name, items, checked }: { legend: string; name: string; items: Array<{ value: string; label: string }>; checked: readonly string[] }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
        {items.map((item) => (
          <label key={item.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name={`${name}[]`} value={item.value} defaultChecked={checked.includes(item.value)} className="h-4 w-4 rounded border-slate-400" />
            {item.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Many({ id, label, name, hint, items, selected }: { id: string; label: string; name: string; hint: string; items: Array<{ value: string; label: string }>; selected: readonly string[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <select id={id} name={`${name}[]`} multiple size={Math.min(6, Math.max(3, items.length))} defaultValue={[...selected]} className={SELECT} aria-describedby={`${id}-hint`}>
        {items.map((item) => (
          <option key={item.value} value={item.value}>{item.label}</option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">{hint}</p>
    </div>
  );
}

/**
 * Who an announcement is for: everyone, or any mix of roles, departments, managers'
 * teams and named people, minus exclusions. The preview counts and names them.
 */
export function AudienceFields({ options, initial }: { options: AudienceOptions; initial: AudienceRule }) {
  const roles = ROLES.map((r) => ({ value: r, label: ROLE_PLURALS[r] }));
  const departments = options.departments.map((d) => ({ value: d.id, label: d.name }));
  const people = options.people.map((p) => ({ value: p.id, label: `${p.name} (${p.detail})` }));
  const managers = options.managers.map((m) => ({ value: m.id, label: `${m.name} (${m.reports} direct ${m.reports === 1 ? "report" : "reports"})` }));
  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-3 sm:p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">Who it is for</legend>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="everyone" defaultChecked={initial.everyone === true} className="h-4 w-4 rounded border-slate-400" />
        Everyone
      </label>
      <p className="-mt-2 text-xs text-slate-600">Or any mix of the following; a person matching any of them is in, unless excluded below.</p>
      <Checks legend="Roles" name="roles" items={roles} checked={initial.roles ?? []} />
      <Checks legend="Departments" name="departments" items={departments} checked={initial.departments ?? []} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Many id="f-teams" label="Teams of" name="teamsOf" hint="Ctrl/⌘-click to choose several." items={managers} selected={initial.teamsOf ?? []} />
          <label className="mt-1 flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="tree" defaultChecked={initial.tree === true} className="h-4 w-4 rounded border-slate-400" />
            Their whole reporting tree, not only direct reports
          </label>
        </div>
        <Many id="f-people" label="People" name="people" hint="Ctrl/⌘-click to choose several." items={people} selected={initial.people ?? []} />
      </div>
      <details className="rounded-md border border-slate-200 p-3" open={Boolean(initial.exclude)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Except…</summary>
        <div className="mt-3 space-y-4">
          <Checks legend="Except roles" name="excludeRoles" items={roles} checked={initial.exclude?.roles ?? []} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Many id="f-ex-departments" label="Except departments" name="excludeDepartments" hint="Left out even when chosen above." items={departments} selected={initial.exclude?.departments ?? []} />
            <Many id="f-ex-people" label="Except people" name="excludePeople" hint="Left out even when chosen above." items={people} selected={initial.exclude?.people ?? []} />
          </div>
        </div>
      </details>
    </fieldset>
  );
}
