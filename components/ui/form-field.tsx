type FieldProps = { label: string; name: string; hint?: string; children?: React.ReactNode } & React.InputHTMLAttributes<HTMLInputElement>;

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

export function Field({ label, name, hint, id, ...input }: FieldProps) {
  const fieldId = id ?? `f-${name}`;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">{label}</label>
      <input id={fieldId} name={name} className={INPUT} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...input} />
      {hint ? <p id={`${fieldId}-hint`} className="mt-1 text-xs text-slate-600">{hint}</p> : null}
    </div>
  );
}

type SelectProps = { label: string; name: string; options: Array<{ value: string; label: string }> } & React.SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, name, options, id, ...select }: SelectProps) {
  const fieldId = id ?? `f-${name}`;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">{label}</label>
      <select id={fieldId} name={name} className={INPUT} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

type TextAreaProps = { label: string; name: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>;

export function TextAreaField({ label, name, id, ...area }: TextAreaProps) {
  const fieldId = id ?? `f-${name}`;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">{label}</label>
      <textarea id={fieldId} name={name} rows={3} className={INPUT} {...area} />
    </div>
  );
}

type Option = { value: string; label: string };

/** A fixed list of values as select options, each with its label. */
export function optionsFrom<V extends string>(values: readonly V[], labels: Record<V, string>): Option[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

type FilterProps = { id: string; label: string; name: string; value: string | undefined; any: string; options: Option[] };

/** A list filter: `any` (no filter) first, then the choices; shows the filter's current value. */
export function FilterSelect({ value, any, options, ...field }: FilterProps) {
  return <SelectField {...field} defaultValue={value ?? ""} options={[{ value: "", label: any }, ...options]} />;
}
