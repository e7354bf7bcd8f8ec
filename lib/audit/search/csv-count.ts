// Counting the records in a streamed CSV (newlines outside quotes), chunk by chunk:
// the export counts rows as it hands them over, the export panel as it receives them.
// Browser-safe.

const QUOTE = 34;
const NEWLINE = 10;

/**
 * Records ending in `chunk`; `state.quoted` carries an open quote across chunks. A
 * doubled quote toggles twice. Jumps from quote to quote and newline to newline with
 * indexOf (native), so a 300 MB export is not walked byte by byte in JavaScript.
 */
export function countCsvRecords(chunk: Uint8Array, state: { quoted: boolean }): number {
  let n = 0;
  let quoted = state.quoted;
  let i = 0;
  while (i < chunk.length) {
    const quote = chunk.indexOf(QUOTE, i);
    if (quoted) {
      if (quote < 0) break;
      quoted = false;
      i = quote + 1;
      continue;
    }
    const end = quote < 0 ? chunk.length : quote;
    for (let nl = chunk.indexOf(NEWLINE, i); nl >= 0 && nl < end; nl = chunk.indexOf(NEWLINE, nl + 1)) n++;
    if (quote < 0) break;
    quoted = true;
    i = quote + 1;
  }
  state.quoted = quoted;
  return n;
}
