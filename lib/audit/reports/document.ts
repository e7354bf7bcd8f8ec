// What every compliance report is (issue 21): the question it answers, its period, its
// key figures and its tables, as data. The report types build one from the database
// (types.ts); PDF, CSV and JSON render the same document, so the figures an auditor
// reads in print are the ones the JSON carries and the signature covers.

export const REPORT_TYPES = ["access_review", "authentication", "sensitive_data_access", "integrity_attestation", "alert_handling", "announcement_reach"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_FORMATS = ["pdf", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** How often a schedule generates its report (lib/audit/reports/schedules.ts). */
export const CADENCES = ["weekly", "monthly"] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_LABELS: Record<Cadence, string> = { weekly: "Every week (Monday to Sunday)", monthly: "Every month" };
export const MAX_RECIPIENTS = 20;

/** A period of whole instants: from (inclusive) to (exclusive). */
export type ReportPeriod = { from: Date; to: Date };

export type ReportCell = string | number | null;
/** How a column's values read: plain text, a count, a duration in hours, or an instant (shown in PKT). */
export type ColumnKind = "text" | "count" | "hours" | "percent" | "time";
export type ReportColumn = { key: string; label: string; kind?: ColumnKind };
export type ReportTable = { key: string; title: string; note?: string; columns: ReportColumn[]; rows: Array<Record<string, ReportCell>> };
export type ReportFigure = { key: string; label: string; value: number | string | null; kind?: ColumnKind; note?: string };

export type ReportDocument = {
  type: ReportType;
  title: string;
  question: string;
  period: { from: string; to: string };
  generatedAt: string;
  figures: ReportFigure[];
  tables: ReportTable[];
};

/** A table's rows as figures of its own, for the tests and the CSV. */
export function tableOf(doc: ReportDocument, key: string): ReportTable {
  const table = doc.tables.find((t) => t.key === key);
  if (!table) throw new Error(`${doc.type} has no table ${key}`);
  return table;
}

export function figureOf(doc: ReportDocument, key: string): ReportFigure["value"] {
  const figure = doc.figures.find((f) => f.key === key);
  if (!figure) throw new Error(`${doc.type} has no figure ${key}`);
  return figure.value;
}
