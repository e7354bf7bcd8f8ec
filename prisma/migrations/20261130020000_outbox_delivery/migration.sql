-- Outbox delivery: per-message backoff, and an index over what is still to send
-- (the delivery query reads only unsent rows of one channel, oldest first).
ALTER TABLE "outbox_messages" ADD COLUMN "next_attempt_at" TIMESTAMPTZ(3);
DROP INDEX IF EXISTS "outbox_messages_sent_at_created_at_idx";
CREATE INDEX "outbox_messages_pending_idx" ON "outbox_messages"("channel", "created_at") WHERE sent_at IS NULL;
