import { db, pool } from "@/lib/db";
import { env } from "@/lib/env";
import { systemActor } from "../write/actor";
import { createCheckpoint } from "./checkpoint";
import { auditSigner } from "./keys";
import type { Signer } from "./signing";
import { auditedTransaction } from "../write/transaction";

export type MaintenanceRun =
  | { ran: false; reason: string }
  | { ran: true; partitions: number; rolledUp: number; sealedMonths: number; checkpointId: bigint | null };

/**
 * The audit log's scheduled housekeeping: monthly partitions from last month to three
 * months ahead, the chart rollups brought up to the chain heads, the free-text counts of
 * months that have ended (audit_text_seal_due), and a signed checkpoint once the newest is AUDIT_CHECKPOINT_MINUTES
 * old and anything was appended since. Runs once across app instances: a second
 * caller finds the advisory lock taken and does nothing. Each checkpoint is itself
 * recorded in the log (audit.checkpoint_signed), so a checkpoint deleted later is
 * named by the log as well as by the next checkpoint.
 */
export async function runAuditMaintenance(o: { now?: Date; signer?: Signer; force?: boolean } = {}): Promise<MaintenanceRun> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('audit-maintenance')) AS ok");
    if (!rows[0]?.ok) return { ran: false, reason: "another instance is running audit maintenance" };
    try {
      const partitions = (await client.query<{ n: number }>("SELECT audit_ensure_partitions(now() - interval '1 month', now() + interval '3 months') AS n")).rows[0]!.n;
      const rolledUp = Number((await client.query<{ n: string }>("SELECT audit_rollup_advance() AS n")).rows[0]!.n);
      // Months that ended over a day ago get their free-text counts (text-months.ts); cheap when none is due.
      const sealedMonths = (await client.query<{ n: number }>("SELECT audit_text_seal_due() AS n")).rows[0]!.n;
      const now = o.now ?? new Date();
      const last = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { createdAt: true, totalEntries: true } });
      const heads = await db.auditChainHead.aggregate({ _sum: { lastSeq: true } });
      const total = heads._sum.lastSeq ?? 0n;
      // Due once the interval has passed and anything was appended since (each
      // checkpoint appends its own entry, so an idle log still gets one an interval).
      const due = !last || (now.getTime() - last.createdAt.getTime() >= env.AUDIT_CHECKPOINT_MINUTES * 60_000 && last.totalEntries !== total);
      if (!due && !o.force) return { ran: true, partitions, rolledUp, sealedMonths, checkpointId: null };
      const checkpoint = await createCheckpoint({ signer: o.signer ?? auditSigner() });
      await auditedTransaction(async (_tx, audit) => {
        audit.record({
          eventType: "system", category: "compliance", actionType: "audit.checkpoint_signed",
          description: `Signed checkpoint #${checkpoint.id} over ${checkpoint.totalEntries} entries with key ${checkpoint.keyId}`,
          actor: systemActor("audit maintenance"),
          object: { type: "audit_checkpoint", id: checkpoint.id.toString(), name: `Checkpoint #${checkpoint.id}` },
          additionalData: { keyId: checkpoint.keyId, totalEntries: checkpoint.totalEntries.toString() },
          retentionMonths: 120,
        });
      });
      return { ran: true, partitions, rolledUp, sealedMonths, checkpointId: checkpoint.id };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('audit-maintenance'))");
    }
  } finally {
    client.release();
  }
}
