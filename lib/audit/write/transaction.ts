import { db, type Tx } from "@/lib/db";
import type { AuditEntryInput } from "./schemas";
import { appendAuditEntries } from "./writer";

export type AuditRecorder = { record: (entry: AuditEntryInput) => void };

/**
 * The transaction recorded no audit entry, so it was rolled back: nothing it did
 * stayed. For a guarded write that matched nothing this is the "nothing changed"
 * outcome (see whenNothingRecorded); anywhere else it is a bug.
 */
export class NothingRecordedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NothingRecordedError";
  }
}

/**
 * Runs a mutation and its audit entries in one transaction. The entries are appended
 * after the mutation's own statements, so the chain head is locked only for the last
 * moment before commit. A mutation that records nothing is refused (rolled back, with
 * NothingRecordedError): nothing changes silently.
 */
export async function auditedTransaction<T>(fn: (tx: Tx, audit: AuditRecorder) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const entries: AuditEntryInput[] = [];
      const result = await fn(tx, { record: (entry) => void entries.push(entry) });
      if (entries.length === 0) throw new NothingRecordedError("Refusing to commit a mutation that recorded no audit entry");
      await appendAuditEntries(tx, entries);
      return result;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/**
 * A rejection handler for an auditedTransaction() whose mutation may find nothing to
 * change (a guarded UPDATE that matched no row, a scan with nothing new): the refusal
 * becomes `unchanged`; any other error passes through.
 */
export function whenNothingRecorded<U>(unchanged: U): (error: unknown) => U {
  return (error) => {
    if (error instanceof NothingRecordedError) return unchanged;
    throw error;
  };
}
