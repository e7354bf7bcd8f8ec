import { displayValue, fieldLabel } from "@/lib/audit/search/labels";
import { Badge } from "@/components/ui/badge";
import { fieldChanges, isMasked, SECRET_VALUE, type RecordState } from "@/lib/audit/search/history";
import { isUuid } from "@/lib/uuid";


/** A stored value as shown in a diff: masked and secret values say so, in words. */
export function ShownValue({ value }: { value: unknown }) {
  if (value === SECRET_VALUE) return <span className="text-slate-600 italic">secret (never stored)</span>;
  if (isMasked(value)) return <Badge tone="gray">Masked</Badge>;
  if (Array.isArray(value)) {
    // Long id lists (an import's rows) read as a count; short lists item by item.
    if (value.length > 10) return <span>{value.length} items</span>;
    return <span className="break-words">{value.length === 0 ? "—" : value.map((v) => (typeof v === "object" && v !== null ? "(details)" : displayValue(v))).join(", ")}</span>;
  }
  if (value !== null && typeof value === "object") return <span className="break-words">{JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" && isUuid(v) ? "(linked record)" : v))}</span>;
  const shown = displayValue(value);
  // Prose a person wrote (a text, a reason) is marked as written: it is data, never a
  // label the product chose, and checks for codes leave it out.
  const written = typeof value === "string" && shown === value && /\s/.test(value.trim());
  return (
    <span className="break-words" data-written={written ? "" : undefined}>
      {shown}
    </span>
  );
}

/** Old → new per changed field of one entry. */
export function EntryDiff({ oldValues, newValues, changedFields }: { oldValues: unknown; newValues: unknown; changedFields: unknown }) {
  const rows = fieldChanges(oldValues, newValues, changedFields);
  if (rows.length === 0) return <p className="text-sm text-slate-600">This entry records no field changes.</p>;
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Changed fields">
      <table className="min-w-full text-left text-sm" data-testid="entry-diff">
        <caption className="sr-only">Changed fields, old and new values</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-700">
            <th scope="col" className="py-2 pr-4 font-semibold">Field</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Old value</th>
            <th scope="col" className="py-2 font-semibold">New value</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.field} className="align-top">
              <th scope="row" className="py-2 pr-4 font-medium text-slate-800">{fieldLabel(row.field)}</th>
              {row.kind === "secret" ? (
                <td colSpan={2} className="py-2 text-slate-600 italic">Changed; secret values are never stored</td>
              ) : (
                <>
                  <td className="py-2 pr-4 text-slate-700">{row.kind === "added" ? <span className="text-slate-600">(not set)</span> : <ShownValue value={row.before} />}</td>
                  <td className="py-2 text-slate-900">{row.kind === "removed" ? <span className="text-slate-600">(removed)</span> : <ShownValue value={row.after} />}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A rebuilt record state as a labelled list. */
export function StateList({ state }: { state: RecordState }) {
  const keys = Object.keys(state).sort();
  if (keys.length === 0) return <p className="text-sm text-slate-600">No field values recorded yet.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {keys.map((k) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-700">{fieldLabel(k)}</dt>
          <dd className="text-slate-900"><ShownValue value={state[k]} /></dd>
        </div>
      ))}
    </dl>
  );
}
