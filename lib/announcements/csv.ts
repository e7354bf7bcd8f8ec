// The reach CSV: one row per targeted person, labelled columns, PKT times, formula
// injection neutralized the way the audit export does it. Pure.
import { stringify } from "csv-stringify/sync";
import { neutralizeCell } from "@/lib/audit/search/csv";
import { formatIsoPkt, pktFileStamp } from "@/lib/time";
import type { ReachPerson } from "./queries";

const at = (d: Date | null) => (d ? formatIsoPkt(d) : "");

export const REACH_CSV_COLUMNS: Array<[label: string, value: (p: ReachPerson) => string]> = [
  ["Name", (p) => p.name],
  ["Email", (p) => p.email],
  ["Role", (p) => p.roleLabel],
  ["Department", (p) => p.departmentName],
  ["Emailed (PKT)", (p) => at(p.emailedAt)],
  ["Delivered (PKT)", (p) => at(p.deliveredAt)],
  ["Read (PKT)", (p) => at(p.readAt)],
  ["Acknowledged (PKT)", (p) => at(p.acknowledgedAt)],
];

export function reachCsv(people: ReachPerson[]): string {
  const records = [REACH_CSV_COLUMNS.map(([label]) => label), ...people.map((p) => REACH_CSV_COLUMNS.map(([, value]) => neutralizeCell(value(p))))];
  return stringify(records, { record_delimiter: "\r\n" });
}

export function reachCsvFileName(title: string, now = new Date()): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "announcement";
  return `reach-${slug}-${pktFileStamp(now)}.csv`;
}
