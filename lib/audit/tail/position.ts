// Where a live tail stands in the audit log: for each chain, the last position it has
// seen. Positions within a chain are contiguous and become visible in order (each
// append holds the chain head's row lock until it commits), so "everything after this
// vector" is exact: a tail that resumes from it misses nothing and repeats nothing.
// Written "1:1042.2:977" (chain:seq, chains in order); an SSE event id puts a time
// bound before it ("since~1:1042.2:977", lib/audit/tail/stream.ts eventId()).

export type TailPosition = ReadonlyMap<number, number>;

const PART = /^(\d{1,5}):(\d{1,16})$/;

export function encodePosition(position: TailPosition): string {
  return [...position].sort(([a], [b]) => a - b).map(([chain, seq]) => `${chain}:${seq}`).join(".");
}

/** The position an event id names, or null when it is not one. */
export function decodePosition(text: string): Map<number, number> | null {
  if (text.length === 0 || text.length > 400) return null;
  const position = new Map<number, number>();
  for (const part of text.split(".")) {
    const m = PART.exec(part);
    if (!m) return null;
    const chain = Number(m[1]);
    if (position.has(chain)) return null;
    position.set(chain, Number(m[2]));
  }
  return position;
}

/** The ranges (from, to] per chain between two positions; chains `from` lacks start at 0. */
export function rangesBetween(from: TailPosition, to: TailPosition, maxPerChain = Infinity): Array<{ chain: number; after: number; upTo: number }> {
  const ranges: Array<{ chain: number; after: number; upTo: number }> = [];
  for (const [chain, head] of to) {
    const after = from.get(chain) ?? 0;
    if (head > after) ranges.push({ chain, after, upTo: Math.min(head, after + maxPerChain) });
  }
  return ranges;
}

/** `position` moved on to include (chain, seq). */
export function advance(position: TailPosition, chain: number, seq: number): Map<number, number> {
  const next = new Map(position);
  if ((next.get(chain) ?? 0) < seq) next.set(chain, seq);
  return next;
}
