// The audit export's CSV columns (their values are written in SQL by csv-copy.ts, one
// COPY for the whole export) and spreadsheet formula injection, shared with the other
// CSV downloads.

/** The CSV's columns, by their header labels, in this order. */
export const CSV_COLUMNS = [
  "Time (PKT)", "Event type", "Category", "Action", "Description", "Module", "Actor", "Actor email", "Actor role",
  "Record type", "Record", "Record ID", "About", "Risk", "Outcome", "IP address", "Sensitive", "Values masked for you", "Entry ID",
] as const;

/** The start of a cell a spreadsheet reads as a formula; csv-copy.ts uses the same pattern in SQL. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
 * gets a leading `'`, so it is shown as text and never evaluated (OWASP CSV injection).
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
