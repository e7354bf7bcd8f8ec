import "server-only";
// The one keyset condition (ARCHITECTURE.md, convention 6): the rows after a cursor's key
// in a list sorted by that key. No OFFSET and no count, so page 1,000 costs what page 1
// costs. Every list sorts all its key's fields one way and ends on a unique tie-break
// (the id), so the key is a tuple and "after" is a tuple comparison.
import { Prisma } from "@/lib/generated/prisma/client";
import type { SortOrder } from "./cursor";

type KeyValue = Date | string | boolean;
/** One branch of the condition, as a Prisma `where` on the key's fields. */
type Past<K> = { [F in keyof K]?: K[F] extends boolean ? boolean : K[F] | { lt: K[F] } | { gt: K[F] } };

/**
 * The Prisma `where` for the rows after `key` (its fields in sort order, all `order`):
 * (a, b) < (x, y) spelled a < x OR (a = x AND b < y). Prisma has no row comparison, and
 * no lt/gt on a boolean, so a boolean field (pinned first) names the one value past it.
 * No key (the first page), no condition.
 */
export function keysetWhere<K extends Record<string, KeyValue>>(order: SortOrder, key: K | undefined): { OR?: Array<Past<K>> } {
  if (!key) return {};
  const op = order === "desc" ? "lt" : "gt";
  const fields = Object.entries(key);
  const branches = fields.flatMap(([field, value], i) => {
    const equal = Object.fromEntries(fields.slice(0, i));
    // Newest first, only false comes after true; oldest first, only true after false.
    if (typeof value === "boolean") return value === (order === "desc") ? [{ ...equal, [field]: !value }] : [];
    return [{ ...equal, [field]: { [op]: value } }];
  });
  return { OR: branches as Array<Past<K>> };
}

/**
 * The same condition in raw SQL, as the row comparison `(a, b) < ($1, $2)` PostgreSQL
 * serves straight from an index on (a, b). `columns` are the code's own column names,
 * never input; `values` carry their casts (`${at}::timestamptz`).
 */
export function keysetSql(order: SortOrder, columns: readonly string[], values: readonly Prisma.Sql[]): Prisma.Sql {
  return Prisma.sql`(${Prisma.raw(columns.join(", "))}) ${Prisma.raw(order === "desc" ? "<" : ">")} (${Prisma.join(values, ", ")})`;
}

/** A page out of the `size + 1` rows read, with the cursor after its last row when more follow. */
export function keysetPage<T>(rows: T[], size: number, cursorAfter: (last: T) => string): { rows: T[]; next: string | null } {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return { rows: page, next: rows.length > size && last !== undefined ? cursorAfter(last) : null };
}
