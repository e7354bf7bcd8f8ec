// Masking on read (spec 001 10.2: "sensitive information masking for unauthorized
// viewers"). The writer already masks sensitive keys when it stores an entry; this is
// the second rule, applied wherever an entry is read (list rows, the entry and its
// record history, the API and the export): in an entry that is sensitive, a viewer
// without audit:view_sensitive sees every old/new value and every additional-data value
// masked, keys kept, so they learn what changed but not to what.
//
// The viewer's own entries are masked too. "Own" means actor or subject, so a manager
// who decided a report's sick leave is the actor of an entry about someone else's
// health; unmasking by ownership would leak it. A subject reads their own data where it
// lives (leave/privacy.ts lets a requester read their reason), not through the log.
// Pure, so unit tests run it directly.
import { can, type Role } from "@/lib/access/permissions";
import { isSensitiveField, MASK } from "@/lib/audit/write/rules";

export const VIEW_SENSITIVE = "audit:view_sensitive" as const;

type MaskViewer = { role: Role };

export type MaskableValues = { oldValues: unknown; newValues: unknown; additionalData?: unknown };

// Top-level keys, as the list's SQL twin (maskedSql in query.ts) checks them; nested sensitive
// keys are masked by the writer, which then flags the entry is_sensitive.
function hasSensitiveKey(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).some((k) => isSensitiveField(k));
}

/** Whether an entry holds sensitive data: flagged by the writer, or a top-level key the rules call sensitive. */
export function isSensitiveEntry(entry: { isSensitive: boolean } & Partial<MaskableValues>): boolean {
  return entry.isSensitive || hasSensitiveKey(entry.oldValues) || hasSensitiveKey(entry.newValues) || hasSensitiveKey(entry.additionalData);
}

/** Whether this viewer reads this entry's values masked. */
export function mustMask(viewer: MaskViewer, entry: { isSensitive: boolean } & Partial<MaskableValues>): boolean {
  return !can(viewer.role, VIEW_SENSITIVE) && isSensitiveEntry(entry);
}

/** Every value of an object masked, keys kept; null stays null (nothing to hide), as the writer does. */
export function maskObject(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value === null || value === undefined ? value : MASK;
  if (Array.isArray(value)) return value.map(() => MASK);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? v : MASK]));
}

/**
 * The entry's values as this viewer may read them, and whether they were masked. Only
 * oldValues/newValues/additionalData change; every other field is passed through.
 */
export function valuesFor<T extends MaskableValues>(viewer: MaskViewer, isSensitive: boolean, entry: T): T & { masked: boolean } {
  if (!mustMask(viewer, { ...entry, isSensitive })) return { ...entry, masked: false };
  return {
    ...entry,
    oldValues: maskObject(entry.oldValues),
    newValues: maskObject(entry.newValues),
    ...("additionalData" in entry ? { additionalData: maskObject(entry.additionalData) } : {}),
    masked: true,
  };
}
