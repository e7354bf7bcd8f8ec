// The audit export's CSV: a fixed list of labelled columns, quoted by csv-stringify, with
// spreadsheet formula injection neutralized. Pure, so it runs in unit tests.
import { stringify } from "csv-stringify/sync";
import { formatIsoPkt } from "@/lib/time";
import type { AuditListRow } from "./query";

/** The CSV's columns: human labels, in this order, whatever the rows hold. */
export const CSV_COLUMNS: Array<[label: string, value: (r: AuditListRow) => string]> = [
  ["Time (PKT)", (r) => formatIsoPkt(r.at)],
  ["Event type", (r) => r.eventType],
  ["Category", (r) => r.category],
  ["Action", (r) => r.action],
  ["Description", (r) => r.description],
  ["Module", (r) => r.module],
  ["Actor", (r) => r.actor.name],
  ["Actor email", (r) => r.actor.email],
  ["Actor role", (r) => r.actor.role],
  ["Record type", (r) => r.entity.type],
  ["Record", (r) => r.entity.name],
  ["Record ID", (r) => r.entity.id],
  ["About", (r) => r.subject?.name ?? ""],
  ["Risk", (r) => r.risk],
  ["Outcome", (r) => r.status],
  ["IP address", (r) => r.ip ?? ""],
  ["Sensitive", (r) => (r.sensitive ? "yes" : "no")],
  ["Values masked for you", (r) => (r.masked ? "yes" : "no")],
  ["Entry ID", (r) => r.id],
];

/** The start of a cell a spreadsheet reads as a formula; csv-copy.ts uses the same pattern in SQL. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
 * gets a leading `'`, so it is shown as text and never evaluated (OWASP CSV injection).
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvChunk(rows: AuditListRow[], withHeader: boolean): string {
  const records = rows.map((r) => CSV_COLUMNS.map(([, value]) => neutralizeCell(value(r))));
  if (withHeader) records.unshift(CSV_COLUMNS.map(([label]) => label));
  return records.length ? stringify(records, { record_delimiter: "\r\n" }) : "";
}

