// Pure helpers for an entry's diff and a record's history, rebuilt from the old/new
// values the audit log stores. No server-only import: the unit tests run them directly.
import { MASK } from "@/lib/audit/write/rules";

export type FieldChange =
  | { field: string; kind: "secret" }
  | { field: string; kind: "changed" | "added" | "removed"; before: unknown; after: unknown; masked: boolean };

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function fieldsOf(changedFields: unknown): string[] {
  return Array.isArray(changedFields) ? changedFields.filter((f): f is string => typeof f === "string") : [];
}

const SECRET_SUFFIX = " (secret)";

/** True for a value the writer replaced with the mask (sensitive fields). */
export function isMasked(value: unknown): boolean {
  return value === MASK;
}

/**
 * One old → new row per changed field, in the order the entry lists them. A secret
 * field (never stored) says only that it changed; a masked value stays masked.
 */
export function fieldChanges(oldValues: unknown, newValues: unknown, changedFields: unknown): FieldChange[] {
  const before = asRecord(oldValues);
  const after = asRecord(newValues);
  return fieldsOf(changedFields).map((raw): FieldChange => {
    if (raw.endsWith(SECRET_SUFFIX)) return { field: raw.slice(0, -SECRET_SUFFIX.length), kind: "secret" };
    const hasOld = raw in before;
    const hasNew = raw in after;
    const kind = hasOld && hasNew ? "changed" : hasNew ? "added" : "removed";
    const o = hasOld ? before[raw] : undefined;
    const n = hasNew ? after[raw] : undefined;
    return { field: raw, kind, before: o, after: n, masked: isMasked(o) || isMasked(n) };
  });
}

/** A secret field's value in a rebuilt state: the log knows it changed, never what to. */
export const SECRET_VALUE = Symbol("secret");

export type RecordState = Record<string, unknown>;

export type HistoryStep<E> = {
  entry: E;
  /** The record as the log knows it after this entry ("as of" it); fields never mentioned are absent. */
  state: RecordState;
  /** Whether the record no longer exists after this entry. */
  deleted: boolean;
};

type HistoryInput = { eventType: string; oldValues: unknown; newValues: unknown; changedFields: unknown };

/**
 * The record's state after each entry, oldest first. A create starts from its new
 * values, a delete ends the record, an update applies what changed: a field with a
 * new value takes it, a field with only an old value is removed. Old values of fields
 * not yet seen fill in what the record held before the log first mentioned them.
 */
export function rebuildHistory<E extends HistoryInput>(entries: readonly E[]): Array<HistoryStep<E>> {
  let state: RecordState = {};
  let deleted = false;
  return entries.map((entry) => {
    const before = asRecord(entry.oldValues);
    const after = asRecord(entry.newValues);
    if (entry.eventType === "create") {
      state = {};
      deleted = false;
    }
    for (const [k, v] of Object.entries(before)) if (!(k in state)) state[k] = v;
    for (const raw of fieldsOf(entry.changedFields)) {
      if (raw.endsWith(SECRET_SUFFIX)) {
        state[raw.slice(0, -SECRET_SUFFIX.length)] = SECRET_VALUE;
        continue;
      }
      if (raw in after) state[raw] = after[raw];
      else if (raw in before && entry.eventType !== "delete") delete state[raw];
    }
    // Values the entry carries without listing them as changed still describe the record.
    for (const [k, v] of Object.entries(after)) if (!(k in state)) state[k] = v;
    if (entry.eventType === "delete") deleted = true;
    return { entry, state: { ...state }, deleted };
  });
}
