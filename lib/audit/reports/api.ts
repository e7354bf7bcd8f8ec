import type { ReportSummary } from "./queries";

/** A report as the API answers it: with the links to itself and its three downloads. */
export function withLinks(r: ReportSummary) {
  const self = `/api/audit-reports/${r.id}`;
  return { ...r, links: { self, pdf: `${self}/download?format=pdf`, csv: `${self}/download?format=csv`, json: `${self}/download?format=json` } };
}
