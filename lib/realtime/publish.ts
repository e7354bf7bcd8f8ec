// Realtime events are written to the outbox in the transaction of the change they
// announce, and sent after commit by deliver.ts. The payload is small by design: ids and
// a summary; the client fetches the rest through the scoped reads.
import type { Tx } from "@/lib/db";
import { enqueueOutbox } from "@/lib/outbox/outbox";
import { realtimeMessageSchema, type RealtimeMessage } from "./message";


/** Queues one event for one channel (or up to 100) in `tx`; it goes out after commit. */
export async function enqueueRealtime(tx: Tx, message: RealtimeMessage): Promise<{ id: string }> {
  const payload = realtimeMessageSchema.parse(message);
  return enqueueOutbox(tx, { channel: "realtime", topic: payload.event, payload: payload as never });
}
