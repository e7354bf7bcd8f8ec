import { db, type Tx } from "@/lib/db";
import type { AuditEntryInput } from "./schemas";
import { appendAuditEntries } from "./writer";

export type AuditRecorder = { record: (entry: AuditEntryInput) => void };

/**
 * Runs a mutation and its audit entries in one transaction. The entries are appended
 * after the mutation's own statements, so the chain head is locked only for the last
 * moment before commit. A mutation that records nothing is refused: nothing changes
 * silently.
 */
export async function auditedTransaction<T>(fn: (tx: Tx, audit: AuditRecorder) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const entries: AuditEntryInput[] = [];
      const result = await fn(tx, { record: (entry) => void entries.push(entry) });
      if (entries.length === 0) throw new Error("Refusing to commit a mutation that recorded no audit entry");
      await appendAuditEntries(tx, entries);
      return result;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
