"use client";

import { useId, useRef, useState } from "react";
import { countCsvRecords } from "@/lib/audit/search/csv-count";

type Format = "csv" | "json" | "ndjson" | "bundle";
type State =
  | { phase: "idle" }
  | { phase: "running"; rows: number; bytes: number }
  | { phase: "done"; rows: number; bytes: number; filename: string }
  | { phase: "cancelled"; rows: number }
  | { phase: "failed"; message: string };

const FORMATS: Array<[Format, string]> = [["csv", "CSV"], ["json", "JSON"], ["ndjson", "NDJSON"], ["bundle", "Evidence bundle (zip, verifiable offline)"]];

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;

function filenameOf(res: Response, format: Format): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? `audit-log.${format}`;
}

/**
 * Exports the current search (the server streams it; the export is audited however it
 * ends). Shows the rows received so far, can be cancelled, and saves the file when done.
 */
export function ExportPanel({ q }: { q: string }) {
  const id = useId();
  const [format, setFormat] = useState<Format>("csv");
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function start() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "running", rows: 0, bytes: 0 });
    let rows = 0;
    let bytes = 0;
    try {
      const res = await fetch(`/api/audit-logs/export?format=${format}&q=${encodeURIComponent(q)}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setState({ phase: "failed", message: body?.error?.message ?? `The export failed (HTTP ${res.status}).` });
        return;
      }
      const reader = res.body.getReader();
      const parts: Uint8Array[] = [];
      const csv = { quoted: false };
      let headerSkipped = format !== "csv";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.byteLength;
        if (format === "bundle") {
          // A zip's rows cannot be counted as it arrives; its size can.
        } else if (format === "csv") {
          let n = countCsvRecords(value, csv);
          if (!headerSkipped && n > 0) {
            headerSkipped = true;
            n--;
          }
          rows += n;
        } else {
          // One row per line (JSON puts each after ",\n" and ends with "]\n").
          for (const b of value) if (b === 10) rows++;
        }
        setState({ phase: "running", rows, bytes });
      }
      const filename = filenameOf(res, format);
      const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get("Content-Type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ phase: "done", rows, bytes, filename });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: "cancelled", rows });
      else setState({ phase: "failed", message: error instanceof Error ? error.message : "The export failed." });
    } finally {
      abort.current = null;
    }
  }

  const running = state.phase === "running";
  return (
    <section aria-labelledby={`${id}-title`} className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-title`} className="w-full text-sm font-semibold text-slate-900">Export these results</h2>
      <div className="min-w-0 max-w-full">
        <label htmlFor={`${id}-format`} className="block text-sm font-medium text-slate-700">Format</label>
        <select id={`${id}-format`} value={format} disabled={running} onChange={(e) => setFormat(e.target.value as Format)} className="mt-1 block w-full max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 sm:w-auto">
          {FORMATS.map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </div>
      {running ? (
        <button type="button" onClick={() => abort.current?.abort()} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Cancel export
        </button>
      ) : (
        <button type="button" onClick={() => void start()} className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
          Export
        </button>
      )}
      <p role="status" aria-live="polite" data-testid="export-status" className="min-h-5 text-sm text-slate-700">
        {state.phase === "running"
          ? format === "bundle"
            ? `Building the evidence bundle… ${megabytes(state.bytes)} so far`
            : `Exporting… ${state.rows.toLocaleString("en-US")} rows so far`
          : null}
        {state.phase === "done"
          ? format === "bundle"
            ? `Saved the evidence bundle ${state.filename} (${megabytes(state.bytes)}). Unzip it and run node verify-bundle.mjs to check it.`
            : `Exported ${state.rows.toLocaleString("en-US")} rows to ${state.filename}.`
          : null}
        {state.phase === "cancelled" ? `Export cancelled after ${state.rows.toLocaleString("en-US")} rows; it is recorded in the audit log.` : null}
        {state.phase === "failed" ? <span className="text-red-800">{state.message}</span> : null}
      </p>
      <p className="w-full text-xs text-slate-600">Every export is recorded in the audit log with its search, format and row count. Spreadsheet formulas in CSV cells are neutralized. An evidence bundle holds each entry with a proof that it is the log&apos;s own, unaltered, which anyone can check offline with the public key.</p>
    </section>
  );
}
