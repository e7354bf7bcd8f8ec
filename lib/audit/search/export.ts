import "server-only";
// Export of the viewer's current search as CSV, JSON or NDJSON, streamed and pulled only
// as fast as the client reads, so memory stays flat whatever the size. CSV is one COPY
// of the search (csv-copy.ts); JSON and NDJSON are pages of listAuditEntries (the same
// scope, filter and order as the table). Every export is
// audited (query, format, rows, duration) and logged as a data access when it ends:
// completed, failed, or cancelled by the client with the rows sent so far. A bundle
// (format=bundle) is the same search as an evidence zip with Merkle proofs (evidence/).
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { actorFromUser } from "@/lib/audit/write/actor";
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { evidenceBundle } from "@/lib/audit/evidence/bundle";
import { pool } from "@/lib/db";
import type { ServiceContext } from "@/lib/service-context";
import { pktFileStamp } from "@/lib/time";
import { csvCopyStatement } from "./csv-copy";
import { countCsvRecords } from "./csv-count";
import { formatQuery, type SearchQuery } from "./parse";
import { listAuditEntries, MAX_AUDIT_PAGE } from "./query";
import type { ExportFormat } from "./schemas";
import { auditRowJson } from "./view";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  bundle: "application/zip",
};
const EXTENSIONS: Record<ExportFormat, string> = { csv: "csv", json: "json", ndjson: "ndjson", bundle: "zip" };

export type ExportOutcome = "completed" | "cancelled" | "failed";

type ExportOptions = ServiceContext & {
  ast: SearchQuery;
  format: ExportFormat;
  /** The request's signal: a client that goes away ends the export as cancelled. */
  signal?: AbortSignal;
  /** Rows per database round trip (at most a page of the list). */
  batchSize?: number;
  now?: Date;
};

export type AuditExport = { body: ReadableStream<Uint8Array>; filename: string; contentType: string; finished: Promise<ExportOutcome> };

export function exportAuditLog({ actor, request, ast, format, signal, batchSize = MAX_AUDIT_PAGE, now = new Date() }: ExportOptions): AuditExport {
  const encoder = new TextEncoder();
  const query = formatQuery(ast);
  const started = performance.now();
  let cursor: string | null = null;
  let rowCount = 0;
  let first = true;
  let outcome: Promise<ExportOutcome> | null = null;
  let resolveFinished!: (o: ExportOutcome) => void;
  const finished = new Promise<ExportOutcome>((resolve) => (resolveFinished = resolve));

  // Once per export, whichever way it ends.
  const settle = (result: ExportOutcome, error?: unknown): Promise<ExportOutcome> => {
    outcome ??= (async () => {
      const durationMs = Math.round(performance.now() - started);
      await auditedTransaction(async (_tx, audit) => {
        audit.record({
          eventType: "export",
          category: "compliance",
          actionType: "audit_log.exported",
          description:
            result === "completed"
              ? `${actor.name} exported ${rowCount} audit entries as ${format.toUpperCase()}`
              : `${actor.name}'s ${format.toUpperCase()} export of the audit log was ${result} after ${rowCount} entries`,
          actor: actorFromUser(actor),
          context: request,
          object: { type: "audit_log", name: "Audit log export" },
          status: result === "completed" ? "success" : result === "cancelled" ? "warning" : "failure",
          ...(result === "failed" ? { errorMessage: error instanceof Error ? error.message.slice(0, 500) : "Export failed" } : {}),
          additionalData: { query, format, rowCount, durationMs, outcome: result },
        });
      });
      await recordDataAccess({
        actor, request, accessType: "export", accessMethod: "export", dataCategory: "system_data", dataType: "audit_log",
        recordCount: rowCount, sensitivity: "restricted", purpose: "Audit log export",
        searchCriteria: { q: query, format, outcome: result },
      });
      resolveFinished(result);
      return result;
    })();
    return outcome;
  };

  const body = format === "csv" ? copyBody() : format === "bundle" ? bundleBody() : pagedBody();

  /** Evidence bundle: the zip as yazl writes it, a chunk per pull (evidence/bundle.ts). */
  function bundleBody(): ReadableStream<Uint8Array> {
    let chunks: AsyncIterator<Buffer> | null = null;
    let bundle: ReturnType<typeof evidenceBundle> | null = null;
    const stop = () => bundle?.stream.destroy();
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (outcome) return;
          try {
            if (signal?.aborted) {
              stop();
              await settle("cancelled");
              controller.close();
              return;
            }
            if (!bundle) {
              bundle = evidenceBundle({ viewer: actor, ast, query, signal, onEntries: (n) => (rowCount = n) });
              chunks = bundle.stream[Symbol.asyncIterator]();
            }
            const next = await chunks!.next();
            if (outcome) return;
            if (next.done) {
              await bundle.result;
              await settle("completed");
              controller.close();
              return;
            }
            const b = next.value as Buffer;
            controller.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
          } catch (error) {
            stop();
            if (!outcome) await settle("failed", error).catch(() => undefined);
            controller.error(error);
          }
        },
        async cancel() {
          stop();
          await settle("cancelled");
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** CSV: COPY's output as it comes, a chunk per pull; rows counted as handed over. */
  function copyBody(): ReadableStream<Uint8Array> {
    let client: pg.PoolClient | null = null;
    let chunks: AsyncIterator<Buffer> | null = null;
    const csvState = { quoted: false };
    let headerSeen = false;
    const release = (broken: boolean) => {
      // A COPY stopped half way leaves the connection mid-protocol: it is discarded.
      client?.release(broken);
      client = null;
    };
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (outcome) return;
          try {
            if (signal?.aborted) {
              release(true);
              await settle("cancelled");
              controller.close();
              return;
            }
            if (!chunks) {
              client = await pool.connect();
              chunks = client.query(copyTo(csvCopyStatement(ast, actor)))[Symbol.asyncIterator]();
            }
            const next = await chunks.next();
            if (outcome) return;
            if (next.done) {
              release(false);
              await settle("completed");
              controller.close();
              return;
            }
            let records = countCsvRecords(next.value, csvState);
            if (!headerSeen && records > 0) {
              headerSeen = true;
              records--;
            }
            rowCount += records;
            controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
          } catch (error) {
            release(true);
            if (!outcome) await settle("failed", error).catch(() => undefined);
            controller.error(error);
          }
        },
        async cancel() {
          release(true);
          await settle("cancelled");
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** JSON and NDJSON: a page of the list per pull. */
  function pagedBody(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (outcome) return;
          try {
            if (signal?.aborted) {
              await settle("cancelled");
              controller.close();
              return;
            }
            const page = await listAuditEntries({ viewer: actor, ast, cursor, limit: batchSize, order: "desc" });
            if (outcome) return; // cancelled while the batch was read
            let text = "";
            if (format === "ndjson") text = page.rows.map((r) => `${JSON.stringify(auditRowJson(r))}\n`).join("");
            else text = (first ? "[" : "") + page.rows.map((r, i) => (first && i === 0 ? "" : ",\n") + JSON.stringify(auditRowJson(r))).join("");
            first = false;
            cursor = page.nextCursor;
            if (!cursor && format === "json") text += "]\n";
            rowCount += page.rows.length;
            if (text) controller.enqueue(encoder.encode(text));
            if (!cursor) {
              await settle("completed");
              controller.close();
            }
          } catch (error) {
            if (!outcome) await settle("failed", error).catch(() => undefined);
            controller.error(error);
          }
        },
        async cancel() {
          await settle("cancelled");
        },
      },
      // Read a batch only when the client asks for more: rows counted are rows handed over.
      { highWaterMark: 0 },
    );
  }
  signal?.addEventListener("abort", () => void settle("cancelled").catch(() => undefined), { once: true });

  return { body, filename: `audit-${format === "bundle" ? "evidence" : "log"}-${pktFileStamp(now)}.${EXTENSIONS[format]}`, contentType: CONTENT_TYPES[format], finished };
}
