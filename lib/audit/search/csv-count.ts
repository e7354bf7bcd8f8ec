// Counting the records in a streamed CSV (newlines outside quotes), chunk by chunk:
// the export counts rows as it hands them over, the export panel as it receives them.
// Browser-safe.

/** Records ending in `chunk`; `state.quoted` carries an open quote across chunks. A doubled quote toggles twice. */
export function countCsvRecords(chunk: Uint8Array, state: { quoted: boolean }): number {
  let n = 0;
  let quoted = state.quoted;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (b === 34) quoted = !quoted;
    else if (b === 10 && !quoted) n++;
  }
  state.quoted = quoted;
  return n;
}
