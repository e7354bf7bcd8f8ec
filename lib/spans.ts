// Attendance sessions and time logs are spans of a person's time that must not overlap
// each other; one rule for both tables, each with its own column names.

/** Later than any time a span can end at: an open span reaches it. */
const END_OF_TIME = new Date(8.64e15);

type Columns<S extends string, E extends string> = { start: S; end: E };
type OverlapWhere<S extends string, E extends string> = { userId: string; id: { not: string }; OR: Array<{ [K in E]?: null | { gt: Date } }> } & { [K in S]: { lt: Date } };

/**
 * Prisma `where` for another span of `span`'s owner that overlaps [start, end): one that
 * starts before the end and has not ended by the start (or not ended at all). A null
 * `end` is an open span.
 */
export function overlapWhere<S extends string, E extends string>(columns: Columns<S, E>, span: { id: string; userId: string }, start: Date, end: Date | null) {
  return {
    userId: span.userId,
    id: { not: span.id },
    [columns.start]: { lt: end ?? END_OF_TIME },
    OR: [{ [columns.end]: null }, { [columns.end]: { gt: start } }],
  } as OverlapWhere<S, E>;
}
