// For tests that prove a write path goes through auditedTransaction()'s guard: a
// stand-in for lib/audit/transaction.ts that loses the recorded entries while
// `droppedEntries.on` is set. A path on the guard then changes nothing; one that wrote
// its entries any other way would still commit. Used as
//   vi.mock("@/lib/audit/write/transaction", async (original) => (await import("@/test/dropped-entries")).droppingEntries(await original()));
import type * as Transaction from "@/lib/audit/write/transaction";

export const droppedEntries = { on: false };

export function droppingEntries(real: typeof Transaction): typeof Transaction {
  return {
    ...real,
    auditedTransaction: <T>(fn: Parameters<typeof real.auditedTransaction<T>>[0]) =>
      real.auditedTransaction<T>((tx, audit) => fn(tx, droppedEntries.on ? { record: () => {} } : audit)),
  };
}
