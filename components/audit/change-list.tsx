import { ShownValue } from "@/components/audit/entry-diff";
import { fieldLabel } from "@/lib/audit/search/labels";

type Props = { oldValues: unknown; newValues: unknown; changedFields: unknown };

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Field-level old → new values of one audit entry. */
export function ChangeList({ oldValues, newValues, changedFields }: Props) {
  const before = asRecord(oldValues);
  const after = asRecord(newValues);
  const fields = Array.isArray(changedFields) ? (changedFields as string[]) : [];
  if (fields.length === 0) return null;
  return (
    <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {fields.map((field) => {
        const secret = field.endsWith(" (secret)");
        const key = secret ? field.replace(" (secret)", "") : field;
        return (
          <div key={field} className="contents">
            <dt className="font-medium text-slate-700">{fieldLabel(key)}</dt>
            <dd className="text-slate-800">
              {secret ? (
                <span className="text-slate-600">changed (value never stored)</span>
              ) : key in before && key in after ? (
                <>
                  <span className="text-slate-600 line-through decoration-slate-400"><ShownValue value={before[key]} /></span>
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> changed to </span>
                  <ShownValue value={after[key]} />
                </>
              ) : (
                <ShownValue value={key in after ? after[key] : before[key]} />
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
