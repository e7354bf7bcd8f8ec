import "server-only";
import { deliverOutbox, type DeliverOutboxResult, type OutboxRow } from "@/lib/outbox/outbox";
import { realtimeMessageSchema } from "./message";
import { pusherServer } from "./server";

/**
 * Sends due realtime outbox rows through the Pusher server SDK, each as
 * `{ ...data, eventId: <outbox row id> }`: a re-send after a crash between send and
 * mark carries the same id, and clients drop an id they have seen. With realtime not
 * configured nothing is sent and the rows wait.
 */
export async function deliverRealtimeOutbox(): Promise<DeliverOutboxResult> {
  const pusher = pusherServer();
  if (!pusher) return { sent: 0, failed: 0 };
  return deliverOutbox({
    channel: "realtime",
    send: async (row: OutboxRow) => {
      const parsed = realtimeMessageSchema.safeParse(row.payload);
      if (!parsed.success) throw new Error(`Malformed realtime payload: ${parsed.error.issues[0]?.message}`);
      const { channel, event, data } = parsed.data;
      await pusher.trigger(channel, event, { ...data, eventId: row.id });
    },
  });
}

/**
 * Right after a commit that queued events: deliver now, without making the caller
 * wait or fail. Whatever does not go out stays for the periodic sweep.
 */
export function deliverRealtimeSoon(): void {
  deliverRealtimeOutbox().catch((error) => console.error("[realtime] delivery failed; the sweep will retry:", error instanceof Error ? error.message : error));
}
