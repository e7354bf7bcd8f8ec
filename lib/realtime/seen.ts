/**
 * Remembers the last `limit` event ids: `firstTime(id)` is true once per id, so a
 * re-sent event (a crash between send and mark in the outbox) is handled once.
 */
export function createSeenIds(limit = 500): { firstTime: (id: string) => boolean } {
  const seen = new Set<string>();
  return {
    firstTime(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > limit) seen.delete(seen.values().next().value as string);
      return true;
    },
  };
}
