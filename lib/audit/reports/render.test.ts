import { describe, expect, it } from "vitest";
import { pdfTextOf } from "@/test/pdf-text";
import type { ReportDocument } from "./document";
import { documentSha256, PDF_MAX_ROWS, renderCsv, renderJson, renderPdf } from "./render";

const doc = (rows: number): ReportDocument => ({
  type: "access_review", title: "Access review", question: "Who can do what?",
  period: { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" }, generatedAt: "2026-12-07T10:00:00.000Z",
  figures: [{ key: "accounts", label: "Accounts", value: 1234, kind: "count" }, { key: "share", label: "Read share", value: 42.5, kind: "percent" }],
  tables: [{
    key: "holders", title: "Who holds which role", columns: [{ key: "name", label: "Person" }, { key: "role", label: "Role" }, { key: "at", label: "Last sign-in", kind: "time" }, { key: "n", label: "Tokens", kind: "count" }],
    rows: Array.from({ length: rows }, (_, i) => ({ name: `Tomás Person ${i}`, role: i % 2 ? "Employee" : "=HYPERLINK(\"x\")", at: "2026-11-15T09:30:00.000Z", n: i })),
  }],
});

describe("report files", () => {
  it("PDF: opens as a PDF, its text is extractable, and every page carries the verification footer", async () => {
    const d = doc(120);
    const pdf = await renderPdf(d, { reportId: "r-1", dataSha256: documentSha256(d), keyId: "ed25519:0123456789abcdef" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfTextOf(pdf);
    expect(text).toContain("Access review report");
    expect(text).toContain("Tomás Person 119");
    expect(text).toContain("1,234");
    expect(text).toContain("15 Nov 2026");
    const pages = Number(pdf.toString("latin1").match(/\/Type \/Pages[\s\S]*?\/Count (\d+)/)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(text.match(new RegExp(`data SHA-256 ${documentSha256(d)}`, "g"))).toHaveLength(pages);
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it("PDF: a table longer than the PDF prints says so and points to the CSV and JSON", async () => {
    const d = doc(PDF_MAX_ROWS + 3);
    const pdf = await renderPdf(d, { reportId: "r-2", dataSha256: documentSha256(d), keyId: null });
    const text = pdfTextOf(pdf);
    expect(text).toContain(`Showing the first ${PDF_MAX_ROWS.toLocaleString("en-US")} of ${(PDF_MAX_ROWS + 3).toLocaleString("en-US")} rows; the CSV and JSON downloads hold them all.`);
    expect(text).toContain(`Tomás Person ${PDF_MAX_ROWS - 1}`);
    expect(text).not.toContain(`Tomás Person ${PDF_MAX_ROWS}\n`);
    expect(renderCsv(d).toString()).toContain(`Tomás Person ${PDF_MAX_ROWS + 2},`);
  }, 30_000);

  it("CSV: the figures, then each table, times in PKT, formulas neutralized; JSON is the document", () => {
    const d = doc(2);
    const csv = renderCsv(d).toString();
    expect(csv).toContain("Accounts,\"1,234\"");
    expect(csv).toContain("Read share,42.5 %");
    expect(csv).toContain("Person,Role,Last sign-in,Tokens");
    expect(csv).toContain(`Tomás Person 0,"'=HYPERLINK(""x"")","15 Nov 2026, 14:30 PKT",0`);
    expect(JSON.parse(renderJson(d).toString())).toEqual(d);
    expect(documentSha256(d)).toMatch(/^[0-9a-f]{64}$/);
    expect(documentSha256({ ...d, title: "Changed" })).not.toBe(documentSha256(d));
  });
});
