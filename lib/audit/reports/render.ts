// A report document as the files an auditor takes away: JSON (the document itself), CSV
// (the figures, then each table, times in PKT, formula injection neutralized) and PDF
// (pdfkit, no browser: title, question, period and generation time in PKT, the key
// figures, the tables with their headers repeated on each page, and on every page a
// verification footer with the report's data hash and signing key).
import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import PDFDocument from "pdfkit";
import { canonicalJson } from "@/lib/audit/integrity/canonical";
import { neutralizeCell } from "@/lib/audit/search/csv";
import { formatDateTime } from "@/lib/time";
import type { ColumnKind, ReportCell, ReportDocument } from "./document";

/** The SHA-256 of the document's canonical JSON: what a report's signature covers. */
export function documentSha256(doc: ReportDocument): string {
  return createHash("sha256").update(canonicalJson(doc)).digest("hex");
}

export function renderJson(doc: ReportDocument): Buffer {
  return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);
}

/** A cell as people read it: instants in PKT, counts with separators, percents and hours as numbers. */
export function cellText(value: ReportCell | undefined, kind: ColumnKind = "text"): string {
  if (value === null || value === undefined || value === "") return "—";
  if (kind === "time" && typeof value === "string") return formatDateTime(new Date(value));
  if (typeof value === "number") {
    if (kind === "percent") return `${value.toLocaleString("en-US", { maximumFractionDigits: 1 })} %`;
    if (kind === "hours") return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
    return value.toLocaleString("en-US");
  }
  return String(value);
}

export function renderCsv(doc: ReportDocument): Buffer {
  const rows: string[][] = [
    [doc.title],
    [doc.question],
    ["Period", `${formatDateTime(new Date(doc.period.from))} to ${formatDateTime(new Date(doc.period.to))}`],
    ["Generated", formatDateTime(new Date(doc.generatedAt))],
    [],
    ["Figure", "Value"],
    ...doc.figures.map((f) => [f.label, cellText(f.value, f.kind)]),
  ];
  for (const t of doc.tables) {
    rows.push([], [t.title], t.columns.map((c) => c.label));
    for (const r of t.rows) rows.push(t.columns.map((c) => cellText(r[c.key], c.kind)));
    if (t.rows.length === 0) rows.push(["None in the period."]);
  }
  return Buffer.from(stringify(rows.map((r) => r.map(neutralizeCell))));
}

// The PDF's standard fonts speak Windows-1252: the few characters the reports use
// beyond it are spelled out, anything else unknown becomes "?".
const SPELLED: Record<string, string> = { "→": "->", "✓": "yes", "✗": "no", "≥": ">=", "≤": "<=", "·": "·" };
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"]);
function pdfText(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (SPELLED[ch] !== undefined) out += SPELLED[ch];
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += "?";
  }
  return out;
}

export type PdfFooter = { reportId: string; dataSha256: string; keyId: string | null };

const MARGIN = 48;
/** Rows a PDF table prints (about 100 pages); the CSV and JSON always hold every row. */
export const PDF_MAX_ROWS = 5000;
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";

/** The report as a PDF (A4, portrait). */
export function renderPdf(doc: ReportDocument, footer: PdfFooter): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4", margins: { top: MARGIN, bottom: MARGIN + 28, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: `${doc.title} report`, Author: "HR Governance", Subject: doc.question, CreationDate: new Date(doc.generatedAt) },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - MARGIN - 28;

  pdf.font(BOLD).fontSize(20).fillColor("#111827").text(pdfText(`${doc.title} report`));
  pdf.moveDown(0.3).font(FONT).fontSize(11).fillColor("#374151").text(pdfText(doc.question));
  pdf.moveDown(0.6).fontSize(10).fillColor("#111827")
    .text(pdfText(`Period: ${formatDateTime(new Date(doc.period.from))} to ${formatDateTime(new Date(doc.period.to))}`))
    .text(pdfText(`Generated: ${formatDateTime(new Date(doc.generatedAt))}`));

  pdf.moveDown(1).font(BOLD).fontSize(13).text("Key figures");
  pdf.moveDown(0.3);
  for (const f of doc.figures) {
    const y = pdf.y;
    if (y + 16 > bottom()) pdf.addPage();
    pdf.font(FONT).fontSize(10).fillColor("#374151").text(pdfText(f.label), MARGIN, pdf.y, { width: width * 0.7, continued: false });
    const after = pdf.y;
    pdf.font(BOLD).fillColor("#111827").text(pdfText(cellText(f.value, f.kind)), MARGIN + width * 0.72, y, { width: width * 0.28, align: "right" });
    pdf.y = Math.max(after, pdf.y) + 2;
  }

  for (const t of doc.tables) {
    if (pdf.y + 60 > bottom()) pdf.addPage();
    pdf.moveDown(1).font(BOLD).fontSize(13).fillColor("#111827").text(pdfText(t.title), MARGIN, pdf.y, { width });
    pdf.moveDown(0.3);
    if (t.rows.length === 0) {
      pdf.font(FONT).fontSize(10).fillColor("#374151").text("None in the period.", MARGIN, pdf.y, { width });
      continue;
    }
    // Column widths by content, each at least a sixteenth of the line.
    const shown = t.rows.length > PDF_MAX_ROWS ? t.rows.slice(0, PDF_MAX_ROWS) : t.rows;
    if (shown.length < t.rows.length) {
      pdf.font(FONT).fontSize(8.5).fillColor("#374151")
        .text(`Showing the first ${PDF_MAX_ROWS.toLocaleString("en-US")} of ${t.rows.length.toLocaleString("en-US")} rows; the CSV and JSON downloads hold them all.`, MARGIN, pdf.y, { width });
      pdf.moveDown(0.3);
    }
    const texts = shown.map((r) => t.columns.map((c) => pdfText(cellText(r[c.key], c.kind))));
    const want = t.columns.map((c, i) => Math.min(60, Math.max(c.label.length, ...texts.slice(0, 200).map((row) => row[i]!.length))) + 2);
    const total = want.reduce((a, b) => a + b, 0);
    const widths = want.map((w) => Math.max(width / 16, (w / total) * width));
    const scale = width / widths.reduce((a, b) => a + b, 0);
    for (let i = 0; i < widths.length; i++) widths[i]! *= scale;
    const row = (cells: string[], bold: boolean) => {
      pdf.font(bold ? BOLD : FONT).fontSize(8.5);
      const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: widths[i]! - 4 }))) + 4;
      if (pdf.y + height > bottom()) {
        pdf.addPage();
        if (!bold) row(t.columns.map((c) => pdfText(c.label)), true);
        pdf.font(bold ? BOLD : FONT).fontSize(8.5);
      }
      const y = pdf.y;
      let x = MARGIN;
      if (bold) pdf.rect(MARGIN, y - 1, width, height).fill("#f3f4f6");
      pdf.fillColor("#111827");
      cells.forEach((c, i) => {
        const kind = t.columns[i]!.kind;
        const numeric = kind === "count" || kind === "hours" || kind === "percent";
        pdf.text(c, x + 2, y + 1, { width: widths[i]! - 4, align: numeric ? "right" : "left" });
        x += widths[i]!;
      });
      pdf.y = y + height;
      pdf.moveTo(MARGIN, pdf.y).lineTo(MARGIN + width, pdf.y).lineWidth(0.3).strokeColor("#d1d5db").stroke();
    };
    row(t.columns.map((c) => pdfText(c.label)), true);
    for (const cells of texts) row(cells, false);
    if (t.note) pdf.moveDown(0.3).font(FONT).fontSize(8.5).fillColor("#374151").text(pdfText(t.note), MARGIN, pdf.y, { width });
  }

  // The verification footer on every page.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    pdf.page.margins.bottom = 0; // the footer sits in the margin; no new page for it
    const y = pdf.page.height - MARGIN - 16;
    pdf.font(FONT).fontSize(7).fillColor("#4b5563");
    pdf.text(
      pdfText(`Report ${footer.reportId} · data SHA-256 ${footer.dataSha256} · ${footer.keyId ? `signed with ${footer.keyId}` : "not signed"} · page ${i - range.start + 1} of ${range.count}`),
      MARGIN, y, { width, align: "center", lineBreak: false },
    );
  }
  pdf.end();
  return done;
}
