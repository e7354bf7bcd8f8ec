import { Field } from "@/components/ui/form-field";
import { CAPACITY_MAX_HOURS, CAPACITY_MIN_HOURS } from "@/lib/people/limits";

/** Weekly capacity in whole hours, within the limits the server checks. */
export function CapacityField({ id, name, defaultValue }: { id: string; name: string; defaultValue?: number }) {
  return <Field id={id} label="Weekly capacity (hours)" name={name} type="number" min={CAPACITY_MIN_HOURS} max={CAPACITY_MAX_HOURS} step={1} defaultValue={defaultValue} required />;
}
