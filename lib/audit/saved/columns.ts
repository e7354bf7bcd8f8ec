// The audit results table's columns and tabs as a saved search names them. Client-safe:
// the table (components/audit/audit-results.tsx), the save form, the schemas and the
// API all read this one list.

/** Every column of the results table, in its order; `fixed` ones are always shown. */
export const AUDIT_COLUMNS = [
  { id: "time", label: "Time (PKT)", fixed: true },
  { id: "actor", label: "Actor", fixed: false },
  { id: "action", label: "Action", fixed: true },
  { id: "description", label: "Description", fixed: false },
  { id: "entity", label: "Record", fixed: false },
  { id: "subject", label: "About", fixed: false },
  { id: "risk", label: "Risk", fixed: false },
  { id: "status", label: "Status", fixed: false },
] as const;

export type AuditColumnId = (typeof AUDIT_COLUMNS)[number]["id"];
export const AUDIT_COLUMN_IDS = AUDIT_COLUMNS.map((c) => c.id) as [AuditColumnId, ...AuditColumnId[]];

/** Shown once asked for: the table starts without them. */
export const AUDIT_COLUMNS_HIDDEN_BY_DEFAULT: AuditColumnId[] = ["entity", "subject"];

/** Where the table remembers the person's own column choice (components/ui/data-table.tsx). */
export const AUDIT_COLUMNS_STORAGE_KEY = "audit-log.columns.v2";

export const DEFAULT_AUDIT_COLUMNS: AuditColumnId[] = AUDIT_COLUMN_IDS.filter((id) => !AUDIT_COLUMNS_HIDDEN_BY_DEFAULT.includes(id));

/** A column choice as stored: known ids once each, the fixed ones included, in the table's order. */
export function normalizeColumns(ids: readonly string[]): AuditColumnId[] {
  const chosen = new Set(ids);
  return AUDIT_COLUMNS.filter((c) => c.fixed || chosen.has(c.id)).map((c) => c.id);
}

export function columnLabel(id: string): string {
  return AUDIT_COLUMNS.find((c) => c.id === id)?.label ?? id;
}

/** The audit log's tabs (the page's `view` parameter). */
export const SAVED_SEARCH_VIEWS = ["results", "insights"] as const;
export type SavedSearchTab = (typeof SAVED_SEARCH_VIEWS)[number];

export const VIEW_LABELS: Record<SavedSearchTab, string> = { results: "Results", insights: "Insights" };

/** How many saved searches one person may keep (the menu and the API list stay short). */
export const MAX_SAVED_SEARCHES_PER_PERSON = 100;
